import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../server/src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

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

  test('a bad setting is named clearly and nothing starts', () => {
    const r = vigil(['migrate'], { PORT: 'eighty' });
    assert.equal(r.code, 2);
    assert.match(r.err, /Invalid setting PORT \(environment\): expected a whole number/);
    const l = vigil(['migrate'], { LOG_LEVEL: 'loud' });
    assert.match(l.err, /LOG_LEVEL.*one of/);
  });
});
