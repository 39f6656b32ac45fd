import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { engineContext, insertMonitors, seedAgency, seedSystem, type EngineContext } from './helpers.ts';

/** The claim query and the guarded result write, straight against the database. */
describe('claiming monitors with leases', () => {
  let ctx: EngineContext;
  let system: { id: string; ownerAgencyId: string };

  before(async () => {
    ctx = await engineContext();
    const a = await seedAgency(ctx);
    system = await seedSystem(ctx, { agencyId: a.id });
  });
  after(() => ctx.close());

  const db = () => ctx.database.db;
  const claim = (owner: string, limit = 1000, lookaheadMs = 0) =>
    ctx.repos.monitorLeases.claimDue(db(), { owner, limit, lookaheadMs, leaseExtraMs: 2000 });
  const reset = () => sql`delete from monitors`.execute(db());

  test('two claimers racing never get the same monitor, and between them get all', async () => {
    await reset();
    await insertMonitors(ctx, system, 300);
    const results = await Promise.all([claim('w1', 40), claim('w2', 40), claim('w1', 40), claim('w2', 40), claim('w1', 200), claim('w2', 200)]);
    const ids = results.flatMap((r) => r.rows.map((m) => m.id));
    assert.equal(new Set(ids).size, ids.length, 'a monitor was claimed twice');
    assert.equal(ids.length, 300);
    const again = await claim('w3');
    assert.equal(again.rows.length, 0, 'leased monitors must not be claimed again');
  });

  test('claims return what the engine needs, including the database clock and the system flags', async () => {
    await reset();
    await insertMonitors(ctx, system, 1);
    const { rows, dbNow } = await claim('w1');
    const m = rows[0]!;
    assert.equal(m.internal, false);
    assert.equal(m.security_level, 2);
    assert.match(m.agency_path, /^\//);
    assert.ok(Math.abs(dbNow.getTime() - Date.now()) < 5_000);
    assert.ok(new Date(m.lease_until).getTime() >= dbNow.getTime() + 2_900, 'lease = timeout (1 s) + extra (2 s)');
  });

  test('an expired lease is taken over; paused and not-yet-due monitors are not claimed', async () => {
    await reset();
    const [a, b, c] = await insertMonitors(ctx, system, 3);
    await ctx.repos.monitors.update(db(), b!.id, { paused: true });
    await ctx.repos.monitors.update(db(), c!.id, { next_due_at: new Date(Date.now() + 60_000) });
    assert.deepEqual((await claim('w1')).rows.map((m) => m.id), [a!.id]);
    assert.equal((await claim('w2')).rows.length, 0);
    // The first worker died: its lease runs out.
    await sql`update monitors set lease_until = now() - interval '1 second' where id = ${a!.id}`.execute(db());
    const taken = await claim('w2');
    assert.deepEqual(taken.rows.map((m) => m.id), [a!.id]);
    // Lookahead claims what is due within the window.
    await ctx.repos.monitors.update(db(), c!.id, { next_due_at: new Date(Date.now() + 300) });
    assert.deepEqual((await claim('w3', 10, 1_000)).rows.map((m) => m.id), [c!.id]);
  });

  test('a result is written only by the lease holder for the due time it claimed', async () => {
    await reset();
    const [m] = await insertMonitors(ctx, system, 1);
    const { rows } = await claim('w1');
    const claimed = rows[0]!;
    const row = (owner: string) => ({
      id: m!.id, due_at: new Date(claimed.next_due_at).toISOString(), next_due_at: new Date(Date.now() + 60_000).toISOString(),
      state: 'up' as const, state_reason: 'ok', state_since: new Date().toISOString(), consecutive_failures: 0, flapping: false,
      recent_transitions: [], alert_kinds: [], checked_at: new Date().toISOString(), latency_ms: 5, tls_reported: false,
      tls_days_left: null, last_result: { status: 'up', by: owner }, set_baseline: false, baseline: null,
    });
    assert.deepEqual(await ctx.repos.monitorLeases.applyResults(db(), 'w2', [row('w2')]), [], 'not the holder');
    assert.deepEqual(await ctx.repos.monitorLeases.applyResults(db(), 'w1', [row('w1')]), [m!.id]);
    // Written once: the due time moved on and the lease is gone, so a replay is refused.
    assert.deepEqual(await ctx.repos.monitorLeases.applyResults(db(), 'w1', [row('w1')]), []);
    const after = (await ctx.repos.monitors.findById(db(), m!.id))!;
    assert.equal(after.lease_owner, null);
    assert.equal(after.state, 'up');
    assert.equal((after.last_result as { by: string }).by, 'w1');
  });

  test('release hands leases back only for their holder', async () => {
    await reset();
    const ms = await insertMonitors(ctx, system, 2);
    await claim('w1');
    assert.equal(await ctx.repos.monitorLeases.release(db(), 'w2', ms.map((m) => m.id)), 0);
    assert.equal(await ctx.repos.monitorLeases.release(db(), 'w1', ms.map((m) => m.id)), 2);
    assert.equal((await claim('w2')).rows.length, 2);
  });
});
