import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import type { DB } from '../../../server/src/db/schema.ts';
import { buildOutcome } from '../../../server/src/monitoring/check-outcome.ts';
import { engineMetrics } from '../../../server/src/monitoring/engine-metrics.ts';
import { ResultWriter } from '../../../server/src/monitoring/result-writer.ts';
import type { ProbeResult } from '../../../server/src/monitoring/probe.ts';
import type { ClaimedMonitor } from '../../../server/src/repositories/monitor-lease.repository.ts';
import { DOWN, UP, engineContext, insertMonitors, seedAgency, seedSystem, type EngineContext } from './helpers.ts';

/** The batch writer on its own: one transaction per flush, guarded writes, buffering while the database is away. */
describe('result writer', () => {
  let ctx: EngineContext;
  let system: { id: string; ownerAgencyId: string };
  let failing = false;
  let flakyDb: Kysely<DB>;

  before(async () => {
    ctx = await engineContext();
    const a = await seedAgency(ctx);
    system = await seedSystem(ctx, { agencyId: a.id });
    const real = ctx.database.db;
    // The real database, except that transactions fail while `failing` is set (a database restart).
    flakyDb = new Proxy(real, {
      get(target, prop) {
        if (prop === 'transaction' && failing) return () => ({ execute: async () => { throw new Error('Connection terminated unexpectedly'); } });
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  });
  after(() => ctx.close());

  const settings = { flap: { transitions: 5, windowMs: 60_000 }, retrySeconds: 1 };
  const outcome = (m: ClaimedMonitor, r: ProbeResult) => buildOutcome(m, r, { checkedAt: new Date(), finishedAt: new Date() }, false, settings);

  const writer = (owner: string, settled: string[] = [], maxBuffer = 1000, registry = new Registry()) =>
    new ResultWriter(flakyDb, { lease: ctx.repos.monitorLeases, samples: ctx.repos.monitorSamples, events: ctx.repos.monitorEvents, alerts: ctx.repos.alerts }, owner, {
      bus: ctx.monitorBus, metrics: engineMetrics(registry), maxBuffer, settled: (ids) => settled.push(...ids),
    });

  test('keeps the batch while the database is unreachable and writes it once it is back', async () => {
    const ms = await insertMonitors(ctx, system, 3, { failure_threshold: 1, state: 'up' });
    const { rows } = await ctx.repos.monitorLeases.claimDue(ctx.database.db, { owner: 'w1', limit: 10, lookaheadMs: 0, leaseExtraMs: 30_000 });
    assert.equal(rows.length, 3);
    const settled: string[] = [];
    const w = writer('w1', settled);
    for (const [i, m] of rows.entries()) w.add(outcome(m, i === 0 ? UP : DOWN));
    failing = true;
    await assert.rejects(w.flush(), /Connection terminated/);
    assert.equal(w.size, 3, 'nothing lost');
    assert.deepEqual(settled, []);
    failing = false;
    assert.deepEqual(await w.flush(), { applied: 3, rejected: 0, released: 0 });
    assert.equal(settled.length, 3);
    const samples = await ctx.repos.monitorSamples.listForMonitors(ctx.database.db, ms.map((m) => m.id), new Date(0), new Date(Date.now() + 1000));
    assert.equal(samples.length, 3);
    const downIds = rows.slice(1).map((m) => m.id);
    for (const id of downIds) {
      const alerts = await ctx.repos.alerts.listForMonitor(ctx.database.db, id);
      assert.deepEqual(alerts.map((a) => [a.dedup_key, a.status]), [[`monitor:${id}:down`, 'open']]);
      const [ev] = await ctx.repos.monitorEvents.listForMonitor(ctx.database.db, id, { limit: 5 });
      assert.equal(ev!.to_state, 'down');
    }
  });

  test('a second open for the same key while one is open is a no-op (dedup in the database)', async () => {
    const [m] = await insertMonitors(ctx, system, 1, { failure_threshold: 1, state: 'up' });
    const claim = async () => (await ctx.repos.monitorLeases.claimDue(ctx.database.db, { owner: 'w2', limit: 1, lookaheadMs: 60_000, leaseExtraMs: 30_000 })).rows[0]!;
    const w = writer('w2');
    w.add(outcome(await claim(), DOWN));
    await w.flush();
    // The monitor forgot it holds the alert (as if a human resolved it elsewhere and reopened): still one open.
    await ctx.repos.monitors.update(ctx.database.db, m!.id, { alert_kinds: [], state: 'up', next_due_at: new Date(Date.now() - 1000) });
    w.add(outcome(await claim(), DOWN));
    await w.flush();
    const alerts = await ctx.repos.alerts.listForMonitor(ctx.database.db, m!.id);
    assert.equal(alerts.filter((a) => a.status === 'open').length, 1);
  });

  test('hostile text (NUL characters, unpaired surrogates) is stored cleaned, not refused', async () => {
    const [m] = await insertMonitors(ctx, system, 1, { failure_threshold: 1, state: 'up' });
    const { rows } = await ctx.repos.monitorLeases.claimDue(ctx.database.db, { owner: 'w4', limit: 1, lookaheadMs: 0, leaseExtraMs: 30_000 });
    const w = writer('w4');
    w.add(outcome(rows[0]!, { status: 'down', reason: 'HTTP 500 \u0000\ud800', latencyMs: 3, details: { 'x-evil\u0000': ['a\u0000b', '\udc00'] } }));
    assert.deepEqual(await w.flush(), { applied: 1, rejected: 0, released: 0 });
    const row = (await ctx.repos.monitors.findById(ctx.database.db, m!.id))!;
    assert.equal(row.state_reason, 'HTTP 500 \uFFFD\uFFFD');
    assert.deepEqual((row.last_result as { details: unknown }).details, { 'x-evil\uFFFD': ['a\uFFFDb', '\uFFFD'] });
    const [ev] = await ctx.repos.monitorEvents.listForMonitor(ctx.database.db, m!.id, { limit: 1 });
    assert.equal(ev!.reason, 'HTTP 500 \uFFFD\uFFFD');
  });

  test('results whose lease moved on are refused and their ids settled; overflow drops the oldest', async () => {
    const [m] = await insertMonitors(ctx, system, 1);
    const { rows } = await ctx.repos.monitorLeases.claimDue(ctx.database.db, { owner: 'w3', limit: 1, lookaheadMs: 0, leaseExtraMs: 30_000 });
    // An administrator edited it meanwhile: the due time moved, the lease was cleared.
    await ctx.repos.monitors.update(ctx.database.db, m!.id, { next_due_at: new Date(Date.now() + 5_000), lease_owner: null, lease_until: null });
    const settled: string[] = [];
    const registry = new Registry();
    const w = writer('w3', settled, 2, registry);
    w.add(outcome(rows[0]!, UP));
    assert.deepEqual(await w.flush(), { applied: 0, rejected: 1, released: 0 });
    assert.deepEqual(settled, [m!.id]);
    for (let i = 0; i < 4; i++) w.add(outcome(rows[0]!, UP));
    assert.equal(w.size, 2);
    assert.match(await registry.metrics(), /vigil_monitor_results_dropped_total 2/);
  });
});
