import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { engineContext, insertMonitors, seedAgency, seedSystem, sleep, waitFor, type EngineContext } from './helpers.ts';

/**
 * Two real `vigil worker` processes on one PostgreSQL database, checking loopback HTTP targets
 * with the test-only fake probes (VIGIL_TEST_PROBES=fake: the http one tells the server which
 * process is asking). One is killed with SIGKILL: its monitors must be checked again within
 * two intervals, and no monitor may be checked twice in quick succession.
 */
const ROOT = new URL('../../..', import.meta.url).pathname;
const INTERVAL_S = 4;
const N = 24;

describe('lease takeover between worker processes (PostgreSQL)', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  let ctx: EngineContext;
  let server: Server;
  let port = 0;
  const hits = new Map<number, { at: number; pid: number }[]>();
  const procs: ChildProcess[] = [];
  const output: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const m = /^\/m\/(\d+)$/.exec(req.url ?? '');
      if (m) {
        const i = Number(m[1]);
        hits.set(i, [...(hits.get(i) ?? []), { at: Date.now(), pid: Number(req.headers['x-vigil-worker']) }]);
      }
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    ctx = await engineContext();
    const agency = await seedAgency(ctx);
    const system = await seedSystem(ctx, { agencyId: agency.id });
    const ms = await insertMonitors(ctx, system, N, { interval_seconds: INTERVAL_S, timeout_ms: 1000, targetOf: (i) => `http://127.0.0.1:${port}/m/${i}` });
    // Spread over the interval, as real monitors are.
    for (const [i, m] of ms.entries()) {
      await ctx.repos.monitors.update(ctx.database.db, m.id, { next_due_at: new Date(Date.now() + 3_000 + Math.floor((i * INTERVAL_S * 1000) / N)) });
    }
  });

  after(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    server.close();
    await ctx.close();
  });

  const startWorker = () => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'worker'], {
      env: {
        ...process.env, DATABASE_URL: ctx.testDb.url!, VIGIL_TEST_PROBES: 'fake', LOG_LEVEL: 'warn', VIGIL_DATA_DIR: '/tmp/vigil-worker-test-unused',
        VIGIL_MONITOR_POLL_MS: '200', VIGIL_MONITOR_FLUSH_MS: '200', VIGIL_MONITOR_LEASE_MARGIN_SECONDS: '1', VIGIL_MONITOR_CLAIM_BATCH: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.stdout!.on('data', (d) => output.push(`[${p.pid}] ${d}`));
    p.stderr!.on('data', (d) => output.push(`[${p.pid}] ${d}`));
    procs.push(p);
    return p;
  };

  test('a killed worker\'s monitors are taken over within two intervals, never checked twice in a row', async () => {
    const a = startWorker();
    const b = startWorker();
    const pids = () => new Set([...hits.values()].flat().map((h) => h.pid));
    await waitFor(() => pids().has(a.pid!) && pids().has(b.pid!), 30_000, `both workers checking\n${output.join('')}`);
    await sleep(INTERVAL_S * 1000);
    const killedAt = Date.now();
    a.kill('SIGKILL');
    await sleep(INTERVAL_S * 3000);
    const end = Date.now();

    const aHeld = [...hits.values()].filter((hs) => hs.filter((h) => h.at < killedAt).at(-1)?.pid === a.pid).length;
    assert.ok(aHeld > 0, 'the killed worker was checking some monitors');
    for (let i = 0; i < N; i++) {
      const times = (hits.get(i) ?? []).map((h) => h.at);
      assert.ok(times.length >= 3, `monitor ${i}: ${times.length} checks`);
      for (let k = 1; k < times.length; k++) {
        const gap = times[k]! - times[k - 1]!;
        assert.ok(gap >= (INTERVAL_S * 1000) / 2 - 300, `monitor ${i} checked twice ${gap} ms apart`);
        assert.ok(gap <= 2 * INTERVAL_S * 1000 + 500, `monitor ${i} waited ${gap} ms (more than two intervals)`);
      }
      // After the kill, the survivor checks everything.
      const late = (hits.get(i) ?? []).filter((h) => h.at > killedAt + 2 * INTERVAL_S * 1000);
      assert.ok(late.length > 0 && late.every((h) => h.pid === b.pid), `monitor ${i} after the kill: ${JSON.stringify(late)}`);
      assert.ok(end - times[times.length - 1]! <= 2 * INTERVAL_S * 1000, `monitor ${i} not checked since the kill`);
    }

    // A graceful stop hands everything back.
    const exited = new Promise<number | null>((r) => b.once('exit', (code) => r(code)));
    b.kill('SIGTERM');
    assert.equal(await exited, 0, output.join(''));
    const held = await sql<{ n: number }>`select count(*)::int as n from monitors where lease_owner is not null and lease_until > now()`.execute(ctx.database.db);
    assert.equal(held.rows[0]!.n, 0, 'leases left behind after SIGTERM');
    const scheduler = (await ctx.repos.jobs.list(ctx.database.db)).find((j) => j.name === 'monitor-scheduler');
    assert.ok(scheduler, 'the scheduler reports its status in jobs');
  });
});

describe('vigil worker on the embedded database', { skip: !!process.env.TEST_DATABASE_URL && 'covered by the PostgreSQL takeover test' }, () => {
  test('starts the engine and the jobs, and stops cleanly on SIGTERM', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-worker-'));
    let p: ReturnType<typeof spawn> | null = null;
    try {
      p = spawn(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'worker'], {
        env: { ...process.env, DATABASE_URL: '', VIGIL_DATA_DIR: dir, LOG_LEVEL: 'info', VIGIL_TEST_PROBES: 'fake' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      p.stdout!.on('data', (d) => (out += d));
      p.stderr!.on('data', (d) => (out += d));
      const child = p;
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await waitFor(() => out.includes('Vigil worker is running'), 60_000, `worker start\n${out}`);
      const started = JSON.parse(out.split('\n').find((l) => l.includes('Vigil worker is running'))!);
      assert.deepEqual(started.jobs, ['monitor-rollup', 'monitor-retention', 'session-retention', 'content-retention', 'database-vacuum', 'alert-escalation', 'incident-deadlines', 'vuln-warnings', 'advisory-rematch', 'monitor-scheduler', 'notification-dispatcher']);
      p.kill('SIGTERM');
      assert.equal(await exited, 0, out);
      assert.match(out, /worker stopped/);
    } finally {
      // A failed assertion must not leave the worker running (the test file would never end).
      if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
