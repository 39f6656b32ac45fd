import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import { ManualClock } from '../../../server/src/io/clock.ts';
import { createJobRunner } from '../../../server/src/jobs/background.ts';
import type { JobRunner } from '../../../server/src/jobs/job-runner.ts';
import { decodeSlots, encodeSlots, mergeStats } from '../../../server/src/monitoring/rollup-codec.ts';
import { collectSlots, summarize } from '../../../server/src/monitoring/series.ts';
import { silentLogger } from '../../../server/src/monitoring/types.ts';
import type { SampleRow } from '../../../server/src/repositories/monitor-sample.repository.ts';
import { engineContext, insertMonitors, seedAgency, seedSystem, type EngineContext } from './helpers.ts';

const at = (iso: string) => new Date(iso);

describe('rollup codec and series (pure)', () => {
  test('slots round-trip at every level; counts and latency saturate instead of wrapping', () => {
    const s = [{ n: 3, down: 1, degraded: 1, latencyMs: 250.4 }, null, { n: 300, down: 0, degraded: 0, latencyMs: 70_000 }];
    const l1 = decodeSlots(1, encodeSlots(1, s));
    assert.equal(l1.length, 60);
    assert.deepEqual(l1[0], { n: 3, down: 1, degraded: 1, latencyMs: 250 });
    assert.equal(l1[1], null);
    assert.deepEqual(l1[2], { n: 255, down: 0, degraded: 0, latencyMs: 65_534 });
    assert.equal(encodeSlots(1, s).byteLength, 300);
    assert.equal(encodeSlots(2, s).byteLength, 192);
    assert.equal(encodeSlots(3, s).byteLength, 434);
    assert.deepEqual(decodeSlots(3, encodeSlots(3, [{ n: 100_000, down: 7, degraded: 0, latencyMs: null }]))[0], { n: 100_000, down: 7, degraded: 0, latencyMs: null });
  });

  test('merged latency is weighted by the successful checks behind each mean', () => {
    const m = mergeStats({ n: 4, down: 2, degraded: 0, latencyMs: 100 }, { n: 2, down: 0, degraded: 0, latencyMs: 400 })!;
    assert.deepEqual(m, { n: 6, down: 2, degraded: 0, latencyMs: 250 });
  });

  test('each piece of time is counted once, from the coarsest level that holds it', () => {
    const hour = at('2026-08-29T09:00:00Z');
    const raw = [
      { checkedAt: at('2026-08-29T09:10:00Z'), status: 2, latencyMs: null }, // also in the hour row: skipped
      { checkedAt: at('2026-08-29T10:10:00Z'), status: 0, latencyMs: 50 }, // not rolled up yet: counted
    ];
    const rows = [{ level: 1 as const, bucketStart: hour, slots: encodeSlots(1, [{ n: 1, down: 0, degraded: 0, latencyMs: 10 }]) }];
    const slots = collectSlots(raw, rows, at('2026-08-29T00:00:00Z'), at('2026-08-30T00:00:00Z'));
    assert.equal(slots.length, 2);
    assert.deepEqual(summarize(slots, at('2026-08-29T00:00:00Z'), at('2026-08-30T00:00:00Z')), { n: 2, down: 0, degraded: 0, uptime: 1, latencyMs: 30 });
  });
});

describe('rollup and retention jobs', () => {
  let ctx: EngineContext;
  let clock: ManualClock;
  let runner: JobRunner;
  let a: { id: string };
  let b: { id: string };

  before(async () => {
    clock = new ManualClock(at('2026-08-29T11:05:00Z'));
    ctx = await engineContext({ clock });
    const agency = await seedAgency(ctx);
    const system = await seedSystem(ctx, { agencyId: agency.id });
    const ms = await insertMonitors(ctx, system, 2);
    a = ms[0]!;
    b = ms[1]!;
    // Two hours of one check a minute (09:00–11:00 UTC = 16:00–18:00 in Hà Nội). Monitor a is
    // down for five minutes; b answers in 100 ms, or 400 ms (degraded) every tenth minute.
    const rows: SampleRow[] = [];
    for (let i = 0; i < 120; i++) {
      const t = new Date(at('2026-08-29T09:00:30Z').getTime() + i * 60_000);
      rows.push({ monitor_id: a.id, checked_at: t, status: i >= 20 && i < 25 ? 2 : 0, latency_ms: i >= 20 && i < 25 ? null : 200 });
      rows.push({ monitor_id: b.id, checked_at: t, status: i % 10 === 0 ? 1 : 0, latency_ms: i % 10 === 0 ? 400 : 100 });
    }
    await ctx.repos.monitorSamples.insertMany(ctx.database.db, rows);
    runner = createJobRunner(ctx, { log: silentLogger, registry: new Registry(), owner: 'test' });
  });
  after(() => ctx.close());

  const rollups = async (level: number) =>
    (await ctx.repos.monitorRollups.listForMonitors(ctx.database.db, [a.id, b.id], at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).filter((r) => r.level === level);

  test('complete hours become one row per monitor with minute slots; the hour in progress stays raw', async () => {
    assert.equal(await runner.runNow('monitor-rollup'), 'ran');
    const hours = await rollups(1);
    assert.deepEqual([...new Set(hours.map((h) => h.bucket_start.toISOString()))].sort(), ['2026-08-29T09:00:00.000Z', '2026-08-29T10:00:00.000Z']);
    const first = decodeSlots(1, hours.find((h) => h.monitor_id === a.id && h.bucket_start.toISOString().startsWith('2026-08-29T09'))!.slots);
    assert.deepEqual(first[0], { n: 1, down: 0, degraded: 0, latencyMs: 200 });
    assert.deepEqual(first[21], { n: 1, down: 1, degraded: 0, latencyMs: null });
    const jobs = await ctx.jobs.listJobs(SYSTEM_ACTOR);
    const job = jobs.find((j) => j.name === 'monitor-rollup')!;
    assert.equal(job.lastStatus, 'ok');
    assert.equal(job.runs, 1);
    assert.equal((job.details as { hoursRolledUp: number }).hoursRolledUp, 2);
  });

  test('history and uptime read the same numbers from rollups as from raw samples', async () => {
    const h = await ctx.monitors.history(SYSTEM_ACTOR, a.id, { from: at('2026-08-29T09:00:00Z'), to: at('2026-08-29T11:00:00Z'), resolution: 'minute' });
    assert.equal(h.points.length, 120);
    assert.equal(h.points.filter((p) => p.down > 0).length, 5);
    const hourly = await ctx.monitors.history(SYSTEM_ACTOR, b.id, { from: at('2026-08-29T09:00:00Z'), to: at('2026-08-29T11:00:00Z'), resolution: 'hour' });
    assert.deepEqual(hourly.points.map((p) => [p.n, p.degraded, p.latencyMs]), [[60, 6, 130], [60, 6, 130]]);
    const up = await ctx.monitors.uptime(SYSTEM_ACTOR, [a.id, b.id]);
    assert.equal(up[a.id]!['24h'].n, 120);
    assert.equal(up[a.id]!['24h'].uptime, 115 / 120);
    assert.equal(up[b.id]!['30d'].uptime, 1, 'degraded counts as available');
  });

  test('a completed local day becomes a day row of hour slots; a completed month a month row', async () => {
    // Hà Nội's 29 August ends at 17:00 UTC.
    clock.set(at('2026-08-29T17:03:00Z'));
    await runner.runNow('monitor-rollup');
    const days = await rollups(2);
    assert.deepEqual([...new Set(days.map((d) => d.bucket_start.toISOString()))], ['2026-08-28T17:00:00.000Z']);
    const slots = decodeSlots(2, days.find((d) => d.monitor_id === a.id)!.slots);
    // Local hours 16 and 17.
    assert.deepEqual(slots.map((s, i) => (s ? i : null)).filter((x) => x !== null), [16, 17]);
    assert.deepEqual(slots[16], { n: 60, down: 5, degraded: 0, latencyMs: 200 });
    // September starts at 31 August 17:00 UTC in Hà Nội.
    clock.set(at('2026-08-31T17:05:00Z'));
    await runner.runNow('monitor-rollup');
    const months = await rollups(3);
    assert.equal(months.length, 2);
    assert.equal(months[0]!.bucket_start.toISOString(), '2026-07-31T17:00:00.000Z');
    const day = decodeSlots(3, months.find((m) => m.monitor_id === a.id)!.slots);
    assert.deepEqual(day[28], { n: 120, down: 5, degraded: 0, latencyMs: 200 });
  });

  test('retention deletes raw samples and minute rows past their windows, never what is not rolled up', async () => {
    await runner.runNow('monitor-retention');
    const left = await ctx.repos.monitorSamples.listForMonitors(ctx.database.db, [a.id, b.id], at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'));
    assert.equal(left.length, 0);
    assert.equal((await rollups(1)).length, 0, 'hour rows are older than 48 h');
    assert.equal((await rollups(2)).length, 2, 'day rows kept 90 days');
    // The day is still readable, now from the coarser rows.
    const d = await ctx.monitors.history(SYSTEM_ACTOR, a.id, { from: at('2026-08-28T17:00:00Z'), to: at('2026-08-29T17:00:00Z') });
    assert.equal(d.resolution, 'hour', 'minute rows are gone after 48 h');
    assert.deepEqual(d.points.map((p) => [p.t.toISOString(), p.n, p.down]), [['2026-08-29T09:00:00.000Z', 60, 5], ['2026-08-29T10:00:00.000Z', 60, 0]]);
    const job = (await ctx.jobs.listJobs(SYSTEM_ACTOR)).find((j) => j.name === 'monitor-retention')!;
    assert.equal((job.details as { samplesDeleted: number }).samplesDeleted, 240);
  });

  test('retention keeps raw samples of an hour the rollup has not reached', async () => {
    const t = at('2026-08-31T17:30:00Z');
    await ctx.repos.monitorSamples.insertMany(ctx.database.db, [{ monitor_id: a.id, checked_at: t, status: 0, latency_ms: 5 }]);
    // Three hours later the sample is past its 2-hour window, but the rollup job has not run.
    clock.set(at('2026-08-31T20:31:00Z'));
    await runner.runNow('monitor-retention');
    assert.equal((await ctx.repos.monitorSamples.listForMonitors(ctx.database.db, [a.id], t, at('2026-09-01T00:00:00Z'))).length, 1);
    await runner.runNow('monitor-rollup');
    await runner.runNow('monitor-retention');
    assert.equal((await ctx.repos.monitorSamples.listForMonitors(ctx.database.db, [a.id], t, at('2026-09-01T00:00:00Z'))).length, 0);
  });
});
