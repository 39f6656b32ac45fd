import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../server/src/domain/errors.ts';
import { inMaintenance, windowActiveAt, type MaintenanceWindowSpec } from '../../../server/src/monitoring/maintenance-schedule.ts';
import { localDayStart, zonedParts, zonedToUtc } from '../../../server/src/monitoring/zoned-time.ts';
import { createUser } from '../../helpers/test-app.ts';
import { engineContext, insertMonitors, seedAgency, seedSystem, type EngineContext } from './helpers.ts';

const base: MaintenanceWindowSpec = {
  id: 'w', scope: 'system', monitorId: null, systemId: 's1', agencyPath: null, kind: 'once',
  startsAt: null, endsAt: null, weekdays: null, startTime: null, durationMinutes: null, timeZone: 'Asia/Ho_Chi_Minh',
};
const at = (iso: string) => new Date(iso);

describe('maintenance schedule (pure)', () => {
  test('Asia/Ho_Chi_Minh wall-clock conversions', () => {
    assert.equal(zonedToUtc(2026, 9, 2, 0, 0).toISOString(), '2026-09-01T17:00:00.000Z');
    assert.deepEqual(zonedParts(at('2026-09-01T17:30:00Z')), { year: 2026, month: 9, day: 2, weekday: 3, hour: 0, minute: 30, second: 0 });
    assert.equal(localDayStart(at('2026-09-01T16:59:00Z')).toISOString(), '2026-08-31T17:00:00.000Z');
    // Another zone, with daylight saving.
    assert.equal(zonedToUtc(2026, 7, 1, 12, 0, 'Europe/Paris').toISOString(), '2026-07-01T10:00:00.000Z');
  });

  test('a one-off window covers [start, end)', () => {
    const w = { ...base, startsAt: at('2026-09-01T01:00:00Z'), endsAt: at('2026-09-01T03:00:00Z') };
    assert.equal(windowActiveAt(w, at('2026-09-01T00:59:59Z')), false);
    assert.equal(windowActiveAt(w, at('2026-09-01T01:00:00Z')), true);
    assert.equal(windowActiveAt(w, at('2026-09-01T02:59:59Z')), true);
    assert.equal(windowActiveAt(w, at('2026-09-01T03:00:00Z')), false);
  });

  test('weekly: local weekday and time, across midnight into the next day', () => {
    // Saturdays 23:00 local (16:00 UTC) for three hours: until Sunday 02:00 local.
    const w: MaintenanceWindowSpec = { ...base, kind: 'weekly', weekdays: [6], startTime: '23:00', durationMinutes: 180 };
    // Saturday 2026-08-29 23:30 local = 16:30 UTC.
    assert.equal(windowActiveAt(w, at('2026-08-29T16:30:00Z')), true);
    // Sunday 01:59 local (Saturday 18:59 UTC): still the Saturday occurrence.
    assert.equal(windowActiveAt(w, at('2026-08-29T18:59:00Z')), true);
    assert.equal(windowActiveAt(w, at('2026-08-29T19:00:00Z')), false);
    // Saturday 22:59 local: not yet. A UTC-based check would get this wrong (15:59 UTC is still Saturday).
    assert.equal(windowActiveAt(w, at('2026-08-29T15:59:00Z')), false);
    // Friday 23:30 local: wrong weekday.
    assert.equal(windowActiveAt(w, at('2026-08-28T16:30:00Z')), false);
  });

  test('weekly in the early local morning: the UTC date is the day before', () => {
    // Mondays 01:00–02:00 local = Sunday 18:00–19:00 UTC.
    const w: MaintenanceWindowSpec = { ...base, kind: 'weekly', weekdays: [1], startTime: '01:00', durationMinutes: 60 };
    assert.equal(windowActiveAt(w, at('2026-08-30T18:30:00Z')), true);
    assert.equal(windowActiveAt(w, at('2026-08-31T18:30:00Z')), false);
  });

  test('coverage by monitor, by system, and by agency subtree', () => {
    const t = at('2026-09-01T02:00:00Z');
    const once = { startsAt: at('2026-09-01T01:00:00Z'), endsAt: at('2026-09-01T03:00:00Z') };
    const target = { monitorId: 'm1', systemId: 's1', agencyPath: '/p/d1/u1/' };
    assert.equal(inMaintenance([{ ...base, ...once, scope: 'monitor', monitorId: 'm1' }], target, t), true);
    assert.equal(inMaintenance([{ ...base, ...once, scope: 'monitor', monitorId: 'm2' }], target, t), false);
    assert.equal(inMaintenance([{ ...base, ...once, scope: 'system', systemId: 's1' }], target, t), true);
    assert.equal(inMaintenance([{ ...base, ...once, scope: 'agency', agencyPath: '/p/d1/' }], target, t), true);
    assert.equal(inMaintenance([{ ...base, ...once, scope: 'agency', agencyPath: '/p/d2/' }], target, t), false);
  });
});

describe('maintenance service', () => {
  let ctx: EngineContext;
  let province: { id: string };
  let dept: { id: string };
  let other: { id: string };
  let system: { id: string; ownerAgencyId: string };

  before(async () => {
    ctx = await engineContext();
    province = await seedAgency(ctx, 'P');
    dept = await seedAgency(ctx, 'D1', province.id);
    other = await seedAgency(ctx, 'D2', province.id);
    system = await seedSystem(ctx, { agencyId: dept.id });
  });
  after(() => ctx.close());

  test('creates one-off and weekly windows with audit, and lists them in scope only', async () => {
    const w1 = await ctx.maintenance.create(SYSTEM_ACTOR, { scope: 'system', systemId: system.id, title: 'Nâng cấp', kind: 'once', startsAt: '2026-09-01T01:00:00Z', endsAt: '2026-09-01T03:00:00Z' });
    assert.equal(w1.agencyId, dept.id);
    const w2 = await ctx.maintenance.create(SYSTEM_ACTOR, { scope: 'agency', agencyId: other.id, title: 'Bảo trì tuần', kind: 'weekly', weekdays: [7, 6], startTime: '22:00', durationMinutes: 120 });
    assert.deepEqual(w2.weekdays, [6, 7]);
    assert.equal(w2.timeZone, 'Asia/Ho_Chi_Minh');
    const audit = await ctx.audit.list(ctx.database.db, { scope: { all: true }, entityType: 'maintenance_window', limit: 10, offset: 0 });
    assert.equal(audit.total, 2);
    const deptAdmin = await createUser(ctx, 'mw_d1admin', 'agency_admin', dept.id);
    const actor = { userId: deptAdmin.id, username: 'mw_d1admin', role: 'agency_admin' as const, agencyId: dept.id, agencyPath: (await ctx.repos.agencies.findById(ctx.database.db, dept.id))!.path, via: 'session' as const };
    const seen = await ctx.maintenance.list(actor, { limit: 10, offset: 0 });
    assert.deepEqual(seen.items.map((w) => w.id), [w1.id]);
    await assert.rejects(ctx.maintenance.get(actor, w2.id), NotFoundError);
    await assert.rejects(ctx.maintenance.create(actor, { scope: 'agency', agencyId: other.id, title: 'x', kind: 'once', startsAt: '2026-09-01T01:00:00Z', endsAt: '2026-09-01T02:00:00Z' }), ValidationError);
    const viewer = { ...actor, role: 'viewer' as const };
    await assert.rejects(ctx.maintenance.delete(viewer, w1.id), ForbiddenError);
  });

  test('field-level errors for bad timing', async () => {
    const err = await ctx.maintenance
      .create(SYSTEM_ACTOR, { scope: 'system', systemId: system.id, title: '', kind: 'weekly', weekdays: [0, 8], startTime: '25:00', durationMinutes: 0, timeZone: 'Mars/Olympus' })
      .catch((e) => e);
    assert.ok(err instanceof ValidationError);
    const fields = err.fields.map((f: { field: string }) => f.field).sort();
    assert.deepEqual(fields, ['/durationMinutes', '/startTime', '/timeZone', '/title', '/weekdays']);
    const once = await ctx.maintenance.create(SYSTEM_ACTOR, { scope: 'system', systemId: system.id, title: 'x', kind: 'once', startsAt: '2026-09-01T03:00:00Z', endsAt: '2026-09-01T01:00:00Z' }).catch((e) => e);
    assert.deepEqual(once.fields, [{ field: '/endsAt', message: 'must be after the start' }]);
  });

  test('update re-validates the merged window; the repository lists current windows only', async () => {
    const [m] = await insertMonitors(ctx, system, 1);
    const w = await ctx.maintenance.create(SYSTEM_ACTOR, { scope: 'monitor', monitorId: m!.id, title: 'old', kind: 'once', startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-01-02T00:00:00Z' });
    const current = await ctx.repos.maintenanceWindows.listCurrent(ctx.database.db, new Date());
    assert.ok(!current.some((c) => c.id === w.id), 'a past one-off window is not loaded by the engine');
    const u = await ctx.maintenance.update(SYSTEM_ACTOR, w.id, { kind: 'weekly', weekdays: [1], startTime: '01:00', durationMinutes: 30 });
    assert.equal(u.kind, 'weekly');
    assert.equal(u.startsAt, null);
    await ctx.maintenance.delete(SYSTEM_ACTOR, w.id);
    await assert.rejects(ctx.maintenance.get(SYSTEM_ACTOR, w.id), NotFoundError);
  });
});
