import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import type { StateChangeEvent } from '../../../server/src/monitoring/monitor-bus.ts';
import type { MonitorWorker } from '../../../server/src/monitoring/monitor-worker.ts';
import { DOWN, UP, engineContext, insertMonitors, makeWorker, seedAgency, seedSystem, sleep, waitFor, type EngineContext } from './helpers.ts';

/** The engine in-process, on scripted probes: scheduling, state, alerts, maintenance, caps, faults. */
describe('monitor worker', () => {
  let ctx: EngineContext;
  let system: { id: string; ownerAgencyId: string };
  let workers: MonitorWorker[] = [];

  before(async () => {
    ctx = await engineContext();
    const a = await seedAgency(ctx);
    system = await seedSystem(ctx, { agencyId: a.id, securityLevel: 4 });
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop({ graceMs: 100 })));
    await ctx.close();
  });
  beforeEach(async () => {
    await Promise.all(workers.map((w) => w.stop({ graceMs: 100 })));
    workers = [];
    await sql`delete from monitors`.execute(ctx.database.db);
    await sql`delete from maintenance_windows`.execute(ctx.database.db);
    ctx.scripted.calls.length = 0;
    ctx.scripted.fallback = () => UP;
  });

  const start = (o: Parameters<typeof makeWorker>[1] = {}) => {
    const w = makeWorker(ctx, o);
    workers.push(w);
    w.start();
    return w;
  };
  const db = () => ctx.database.db;
  const monitor = async (id: string) => (await ctx.repos.monitors.findById(db(), id))!;
  const alerts = (id: string) => ctx.repos.alerts.listForMonitor(db(), id);

  test('checks on schedule, writes samples in batches and tells listeners', async () => {
    const ms = await insertMonitors(ctx, system, 5, { interval_seconds: 1 });
    const seen: string[] = [];
    const off = ctx.monitorBus.on('check', (e) => seen.push(e.monitorId));
    start();
    await waitFor(() => ms.every((m) => ctx.scripted.callsFor(m.target).length >= 3), 8_000, 'three checks each');
    await workers[0]!.stop();
    off();
    const m = await monitor(ms[0]!.id);
    assert.equal(m.state, 'up');
    assert.equal(m.last_latency_ms, 12);
    assert.ok(m.last_checked_at);
    assert.equal(m.lease_owner, null);
    const samples = await ctx.repos.monitorSamples.listForMonitors(db(), [ms[0]!.id], new Date(0), new Date(Date.now() + 1000));
    assert.ok(samples.length >= 3);
    assert.ok(seen.filter((id) => id === ms[0]!.id).length >= 3);
    // About one interval apart, not more often. A check that ran late (a loaded machine) is followed
    // by one on schedule, so a single gap may be short; the average may not.
    const times = ctx.scripted.callsFor(ms[0]!.target).map((c) => c.at);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 300, `checks ${times[i]! - times[i - 1]!} ms apart`);
    const mean = (times.at(-1)! - times[0]!) / (times.length - 1);
    assert.ok(mean >= 800, `checks ${Math.round(mean)} ms apart on average`);
  });

  test('down after two failures (confirmed by a quick retry), alert opened once, resolved on recovery', async () => {
    const [m] = await insertMonitors(ctx, system, 1, { interval_seconds: 5, state: 'up', target: 'http://flaky.test/' });
    // up, down, down (confirmed), down, up
    ctx.scripted.script(m!.target, [UP, DOWN, DOWN, DOWN, UP]);
    const states: StateChangeEvent[] = [];
    const off = ctx.monitorBus.on('state', (e) => states.push(e));
    const w = start({ settings: { retrySeconds: 1 } });
    // The first failure is confirmed one second later, not a full 5-second interval later.
    await waitFor(async () => (await monitor(m!.id)).state === 'down', 10_000, 'down');
    const calls = ctx.scripted.callsFor(m!.target);
    assert.ok(calls[2]!.at - calls[1]!.at < 2_500, 'confirming retry came early');
    const open = await alerts(m!.id);
    assert.equal(open.length, 1);
    assert.equal(open[0]!.dedup_key, `monitor:${m!.id}:down`);
    assert.equal(open[0]!.kind, 'monitor.down');
    assert.equal(open[0]!.severity, 'critical', 'level-4 system');
    assert.equal(open[0]!.status, 'open');
    // Force the next checks now rather than waiting out the interval.
    await sql`update monitors set next_due_at = now() where id = ${m!.id} and lease_owner is null`.execute(db());
    await waitFor(() => ctx.scripted.callsFor(m!.target).length >= 4, 5_000, 'fourth check');
    await w.flush();
    assert.equal((await alerts(m!.id)).length, 1, 'still down: no second alert');
    await sql`update monitors set next_due_at = now() where id = ${m!.id} and lease_owner is null`.execute(db());
    await waitFor(async () => (await monitor(m!.id)).state === 'up', 5_000, 'recovered');
    off();
    const all = await alerts(m!.id);
    assert.equal(all[0]!.status, 'resolved');
    assert.ok(all[0]!.resolved_at);
    const events = await ctx.repos.monitorEvents.listForMonitor(db(), m!.id, { limit: 10 });
    assert.deepEqual(events.map((e) => `${e.from_state}>${e.to_state}`).reverse(), ['up>down', 'down>up']);
    assert.deepEqual(states.map((s) => s.to), ['down', 'up']);
    assert.deepEqual((await monitor(m!.id)).alert_kinds, []);
  });

  test('a maintenance window records the state change but holds the alert back until it ends', async () => {
    const [m] = await insertMonitors(ctx, system, 1, { interval_seconds: 1, state: 'up', failure_threshold: 1, target: 'http://maint.test/' });
    ctx.scripted.script(m!.target, () => DOWN);
    const win = await ctx.maintenance.create(SYSTEM_ACTOR, {
      scope: 'system', systemId: system.id, title: 'upgrade', kind: 'once',
      startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const w = start();
    await w.refreshMaintenance();
    await waitFor(async () => (await monitor(m!.id)).state === 'down', 5_000, 'down');
    await waitFor(() => ctx.scripted.callsFor(m!.target).length >= 3, 5_000, 'more checks');
    await w.flush();
    assert.equal((await alerts(m!.id)).length, 0, 'suppressed');
    const [ev] = await ctx.repos.monitorEvents.listForMonitor(db(), m!.id, { limit: 1 });
    assert.equal(ev!.suppressed, true);
    // The window ends (deleted here): the next check opens the alert although the state did not change.
    await ctx.maintenance.delete(SYSTEM_ACTOR, win.id);
    await waitFor(async () => (await alerts(m!.id)).length === 1, 5_000, 'alert after the window');
  });

  test('a probe that hangs and ignores its signal is cut off; the worker carries on', async () => {
    const [stuck, fine] = await insertMonitors(ctx, system, 2, { interval_seconds: 5, timeout_ms: 300, failure_threshold: 1, targetOf: (i) => `http://h${i}.test/` });
    ctx.scripted.script(stuck!.target, () => new Promise(() => {}));
    start();
    await waitFor(async () => (await monitor(stuck!.id)).state === 'down', 6_000, 'hung probe recorded as down');
    const s = await monitor(stuck!.id);
    assert.match(s.state_reason ?? '', /timed out after 0\.3 s/);
    assert.equal((await monitor(fine!.id)).state, 'up');
  });

  test('per-host and global caps bound the checks in flight', async () => {
    await insertMonitors(ctx, system, 12, { interval_seconds: 30, targetOf: (i) => `http://${i < 8 ? 'shared' : `own${i}`}.test/p${i}` });
    let running = 0;
    let peak = 0;
    let peakShared = 0;
    let shared = 0;
    ctx.scripted.fallback = async (target) => {
      running++;
      if (target.includes('shared')) shared++;
      peak = Math.max(peak, running);
      peakShared = Math.max(peakShared, shared);
      await sleep(150);
      running--;
      if (target.includes('shared')) shared--;
      return UP;
    };
    start({ settings: { perHost: 2, concurrency: 5 } });
    await waitFor(() => ctx.scripted.calls.length >= 12, 8_000, 'all checked');
    assert.equal(peakShared, 2, 'at most two at once on one host');
    assert.ok(peak <= 5, `global cap (peak ${peak})`);
  });

  test('two workers share the monitors without checking one twice in a due slot', async () => {
    const ms = await insertMonitors(ctx, system, 30, { interval_seconds: 1 });
    const byWorker = new Map<string, number>();
    // Small claim batches, so neither worker takes the whole due set in one go.
    const a = start({ workerId: 'wa', settings: { claimBatch: 5 } });
    const b = start({ workerId: 'wb', settings: { claimBatch: 5 } });
    const off = ctx.monitorBus.on('check', () => {});
    await sleep(4_000);
    off();
    await Promise.all([a.stop({ graceMs: 500 }), b.stop({ graceMs: 500 })]);
    for (const m of ms) {
      const times = ctx.scripted.callsFor(m.target).map((c) => c.at);
      assert.ok(times.length >= 3, `${m.name} checked ${times.length} times`);
      for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 500, `double check of ${m.name}: ${times[i]! - times[i - 1]!} ms`);
    }
    byWorker.set('wa', a.stats().checked);
    byWorker.set('wb', b.stats().checked);
    assert.ok(byWorker.get('wa')! > 0 && byWorker.get('wb')! > 0, `both worked: ${[...byWorker]}`);
  });

  test('stop hands back what has not started and writes what has finished', async () => {
    const ms = await insertMonitors(ctx, system, 6, { interval_seconds: 30, targetOf: (i) => `http://slow${i}.test/` });
    ctx.scripted.fallback = async () => {
      await sleep(300);
      return UP;
    };
    const w = start({ settings: { concurrency: 2 } });
    await waitFor(() => ctx.scripted.calls.length >= 2, 3_000, 'checks started');
    await w.stop({ graceMs: 2_000 });
    const rows = await Promise.all(ms.map((m) => monitor(m.id)));
    assert.ok(rows.every((r) => r.lease_owner === null), 'no lease left behind');
    const checked = rows.filter((r) => r.last_checked_at !== null).length;
    assert.equal(checked, ctx.scripted.calls.length, 'every finished check was written');
    assert.ok(checked < 6, 'queued checks were handed back, not run');
  });

  test('the system\'s internal flag selects the address policy each check gets', async () => {
    const internal = await seedSystem(ctx, { agencyId: system.ownerAgencyId });
    await sql`update information_systems set internal = true where id = ${internal.id}`.execute(db());
    const [pub] = await insertMonitors(ctx, system, 1, { interval_seconds: 30, target: 'http://public.test/' });
    const [priv] = await insertMonitors(ctx, internal, 1, { interval_seconds: 30, target: 'http://10.0.0.5/' });
    const asked: boolean[] = [];
    const policies = new Map<string, boolean>();
    ctx.scripted.fallback = (target) => {
      policies.set(target, asked.at(-1)!);
      return UP;
    };
    start({
      addressPolicy: ({ internal: i, allowLoopback }) => {
        asked.push(i);
        assert.equal(allowLoopback, true);
        return { check: () => null };
      },
      settings: { concurrency: 1 },
    });
    await waitFor(() => policies.size === 2, 5_000, 'both checked');
    assert.equal(policies.get(pub!.target), false);
    assert.equal(policies.get(priv!.target), true);
  });

  test('the first successful observation becomes the baseline; later ones do not replace it', async () => {
    const [m] = await insertMonitors(ctx, system, 1, { kind: 'dns', target: 'portal.test', interval_seconds: 1 });
    let n = 0;
    ctx.scripted.script(m!.target, () => ({ ...UP, observed: { A: [`192.0.2.${++n}`] } }));
    start();
    await waitFor(() => ctx.scripted.callsFor(m!.target).length >= 2, 5_000, 'two checks');
    await workers[0]!.flush();
    const row = await monitor(m!.id);
    assert.deepEqual(row.baseline, { A: ['192.0.2.1'] });
    assert.notDeepEqual((row.last_result as { observed: unknown }).observed, row.baseline);
  });
});
