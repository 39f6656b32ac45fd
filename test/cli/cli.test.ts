import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../server/src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';
import { KEV_SAMPLE, kevCatalogue, MSRC_JULY, msrcDocument } from '../vulns/feed-samples.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('vigil CLI', () => {
  let dataDir: string;
  let pgDb: TestDatabase | null = null;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
    env = { ...process.env, VIGIL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' };
    if (process.env.TEST_DATABASE_URL) {
      pgDb = await createTestDatabase();
      env.DATABASE_URL = pgDb.url!;
    }
  });
  after(async () => {
    await pgDb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const vigil = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  const withDb = async (fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>) => {
    const d = await openDatabase({ databaseUrl: env.DATABASE_URL || null, dataDir });
    try {
      await fn(d);
    } finally {
      await d.close();
    }
  };

  test('--help lists the commands and settings; subcommands have help too', () => {
    const r = vigil(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['serve', 'migrate', 'init', 'user', 'audit', 'VIGIL_DATA_DIR', 'DATABASE_URL']) assert.match(r.out, new RegExp(c));
    const u = vigil(['user', 'create', '--help']);
    assert.match(u.out, /--role <role>/);
  });

  test('init creates the administrator once and prints a one-time password', () => {
    const r = vigil(['init']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /one-time password: \S{12,}/);
    assert.match(vigil(['init']).out, /already initialised/);
    assert.match(vigil(['migrate']).out, /up to date/);
  });

  test('user create and reset-password', () => {
    const c = vigil(['user', 'create', '--username', 'duty1', '--role', 'coordinator', '--name', 'Trực ban 1']);
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /created duty1 \(coordinator\)/);
    const bad = vigil(['user', 'create', '--username', 'x1', '--role', 'agency_member']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /agency/);
    const unknownRole = vigil(['user', 'create', '--username', 'x2', '--role', 'king']);
    assert.equal(unknownRole.code, 2);
    const reset = vigil(['user', 'reset-password', 'duty1']);
    assert.equal(reset.code, 0);
    assert.match(reset.out, /one-time password for duty1: \S+/);
  });

  test('audit verify passes on an intact chain and fails (exit 1) on a tampered one', async () => {
    const ok = vigil(['audit', 'verify']);
    assert.equal(ok.code, 0, ok.err + ok.out);
    assert.match(ok.out, /chain intact/);
    await withDb(async (d) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(d.db);
      await sql`update audit_log set actor_label = 'someone else' where seq = 1`.execute(d.db);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(d.db);
    });
    const broken = vigil(['audit', 'verify', '--json']);
    assert.equal(broken.code, 1);
    const result = JSON.parse(broken.out);
    assert.equal(result.ok, false);
    assert.equal(result.problems[0].seq, 1);
  });

  test('import (dry run, then for real) and export round-trip through files', () => {
    const csv = join(dataDir, 'agencies.csv');
    writeFileSync(csv, 'Mã cơ quan,Tên cơ quan,Mã cơ quan cấp trên,Loại\nDNA,Tỉnh Đồng Nai,,Tỉnh\nSTTTT,Sở Thông tin và Truyền thông,DNA,Sở\nBAD,,DNA,Sở\n');
    const bad = vigil(['import', 'agencies', csv, '--dry-run']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /row 4, Tên cơ quan: /);
    writeFileSync(csv, 'Mã cơ quan,Tên cơ quan,Mã cơ quan cấp trên,Loại\nDNA,Tỉnh Đồng Nai,,Tỉnh\nSTTTT,Sở Thông tin và Truyền thông,DNA,Sở\n');
    const dry = vigil(['import', 'agencies', csv, '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /2 would be created/);
    const real = vigil(['import', 'agencies', csv]);
    assert.match(real.out, /2 created/);
    assert.match(real.out, /imported/);
    const out = join(dataDir, 'export.csv');
    const exp = vigil(['export', 'agencies', '--format', 'csv', '--out', out]);
    assert.equal(exp.code, 0, exp.err);
    assert.match(readFileSync(out, 'utf8'), /Sở Thông tin và Truyền thông/);
    assert.match(vigil(['import', 'agencies', out]).out, /0 created, 0 updated, 2 unchanged/);
    assert.equal(vigil(['import', 'planets', csv]).code, 2);
  });

  test('vulns bundle packs feed files with checksums; vulns import reads the bundle, then reports a bad file with exit 1', () => {
    const kev = join(dataDir, 'kev.json');
    const jul = join(dataDir, 'msrc-2023-Jul.json');
    writeFileSync(kev, kevCatalogue(KEV_SAMPLE));
    writeFileSync(jul, msrcDocument('2023-Jul', MSRC_JULY));
    const zip = join(dataDir, 'feeds.zip');
    const b = vigil(['vulns', 'bundle', '--out', zip, kev, jul]);
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /wrote .*feeds\.zip \(2 feeds/);
    const imp = vigil(['vulns', 'import', zip]);
    assert.equal(imp.code, 0, imp.err);
    assert.match(imp.out, /feeds\.zip: imported — 7 records \(kev, msrc-json\): 6 new, 0 updated, 0 unchanged, 0 skipped/);
    const junk = join(dataDir, 'junk.json');
    writeFileSync(junk, '{"vulnerabilities": [');
    const bad = vigil(['vulns', 'import', '--mode', 'all_or_nothing', kev, junk]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /kev\.json: imported — 3 records \(kev\): 0 new, 0 updated, 3 unchanged/);
    assert.match(bad.out, /junk\.json: failed/);
  });

  test('while a server holds the embedded database, the CLI says so and can go through the API', { skip: Boolean(process.env.TEST_DATABASE_URL) && 'PGlite only' }, async () => {
    const pw = /one-time password: (\S+)/.exec(vigil(['user', 'create', '--username', 'cliapi', '--role', 'admin']).out)![1]!;
    const server = spawn(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'serve', '--port', '0', '--host', '127.0.0.1'], { env: { ...env, LOG_LEVEL: 'info' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = '';
        server.stdout.on('data', (d) => {
          buf += d;
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
          if (m) resolve(m[1]!);
        });
        server.on('exit', () => reject(new Error(`server exited: ${buf}`)));
      });
      const locked = vigil(['migrate']);
      assert.equal(locked.code, 2);
      assert.match(locked.err, /in use by process \d+/);
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cliapi', password: pw }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
      await fetch(`${url}/api/v1/auth/password`, { method: 'POST', headers, body: JSON.stringify({ currentPassword: pw, newPassword: 'the new long password' }) });
      const tok = (await (await fetch(`${url}/api/v1/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli' }) })).json()) as { token: string };
      const csv = join(dataDir, 'systems.csv');
      writeFileSync(csv, 'Tên hệ thống,Mã cơ quan chủ quản,Cấp độ,URL\nCổng TTĐT Sở TT&TT,STTTT,Cấp 3,https://stttt.dongnai.gov.vn\n');
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'import', 'systems', csv, '--server', url, '--token', tok.token], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /1 created/);
      const noToken = spawnSync(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'import', 'systems', csv, '--server', url, '--token', 'vgl_wrong'], { env, encoding: 'utf8' });
      assert.equal(noToken.status, 2);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  });

  test('a bad setting is named clearly and nothing starts', () => {
    const r = vigil(['migrate'], { PORT: 'eighty' });
    assert.equal(r.code, 2);
    assert.match(r.err, /Invalid setting PORT \(environment\): expected a whole number/);
    const l = vigil(['migrate'], { LOG_LEVEL: 'loud' });
    assert.match(l.err, /LOG_LEVEL.*one of/);
  });
});
