import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../../server/src/db/schema.ts';
import type { MonitorWorker } from '../../../server/src/monitoring/monitor-worker.ts';
import { engineContext, insertMonitors, makeWorker, seedAgency, seedSystem, sleep, waitFor, type EngineContext } from './helpers.ts';

/**
 * The database goes away under a running engine (every connection killed, new ones refused
 * for a few seconds, as in a restart) and comes back: the engine logs, backs off, keeps its
 * results, and carries on without being restarted itself.
 *
 * The worker gets its own pool whose clients have an error listener. The shared one from
 * server/src/db/database.ts has none on checked-out clients, so a connection killed while
 * checked out (between two statements of a transaction, or just before its query) makes pg
 * emit 'error' with no listener and the whole process crashes: that needs
 * `pool.on('connect', (c) => c.on('error', () => {}))` in openPostgres, outside this change's
 * files. With it, this test can use ctx.database.db directly.
 */
describe('engine survives a database restart (PostgreSQL)', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  let ctx: EngineContext;
  let admin: pg.Client;
  let worker: MonitorWorker;
  let dbName: string;
  let pool: pg.Pool;
  let db: Kysely<DB>;
  const warnings: string[] = [];

  before(async () => {
    ctx = await engineContext();
    dbName = new URL(ctx.testDb.url!).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    pool = new pg.Pool({ connectionString: ctx.testDb.url!, max: 5 });
    pool.on('error', () => {});
    pool.on('connect', (c) => c.on('error', () => {}));
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  });
  after(async () => {
    await admin.query(`alter database ${dbName} with allow_connections true`).catch(() => {});
    await worker?.stop({ graceMs: 100, flushTimeoutMs: 2_000 });
    await db.destroy();
    await admin.end();
    await ctx.close();
  });

  test('connections killed and refused for a while: errors are logged, then checks resume', async () => {
    const agency = await seedAgency(ctx);
    const system = await seedSystem(ctx, { agencyId: agency.id });
    const ms = await insertMonitors(ctx, system, 10, { interval_seconds: 1 });
    const log = { debug() {}, info() {}, error() {}, warn: (_o: object, msg: string) => void warnings.push(msg) };
    worker = makeWorker(ctx, { log, db });
    worker.start();
    await waitFor(() => ms.every((m) => ctx.scripted.callsFor(m.target).length >= 2), 10_000, 'checks running');

    await admin.query(`alter database ${dbName} with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);
    await sleep(3_000);
    const down = worker.stats();
    assert.ok(down.claimErrors + down.flushErrors > 0, 'the outage was noticed');
    assert.ok(warnings.some((w) => /retrying/.test(w)));
    assert.ok(down.running);

    await admin.query(`alter database ${dbName} with allow_connections true`);
    const restoredAt = new Date();
    // Back-off is capped at 10 s.
    await waitFor(async () => {
      const rows = await ctx.repos.monitorSamples.listForMonitors(ctx.database.db, ms.map((m) => m.id), restoredAt, new Date(Date.now() + 60_000));
      return new Set(rows.map((r) => r.monitor_id)).size === ms.length;
    }, 20_000, 'every monitor checked and written after the restart');
    assert.equal(worker.stats().lastError !== null, true);
  });
});
