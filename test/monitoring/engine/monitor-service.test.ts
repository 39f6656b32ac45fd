import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR, type Actor } from '../../../server/src/domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../server/src/domain/errors.ts';
import type { Role } from '../../../server/src/domain/roles.ts';
import { PROBES } from '../../../server/src/monitoring/probe-registry.ts';
import { planRegistryMonitors } from '../../../server/src/monitoring/registry-monitors.ts';
import { engineContext, seedAgency, seedSystem, type EngineContext } from './helpers.ts';

describe('monitor service', () => {
  let ctx: EngineContext;
  const ids = {} as Record<'province' | 'd1' | 'd2' | 'ops', string>;
  let sys1: Awaited<ReturnType<typeof seedSystem>>;
  let sys2: Awaited<ReturnType<typeof seedSystem>>;
  let operated: Awaited<ReturnType<typeof seedSystem>>;

  const actor = async (role: Role, agencyId: string | null): Promise<Actor> => {
    const a = agencyId ? await ctx.repos.agencies.findById(ctx.database.db, agencyId) : null;
    return { userId: '11111111-1111-1111-1111-111111111111', username: `${role}@${a?.code ?? 'all'}`, role, agencyId, agencyPath: a?.path ?? null, via: 'session' };
  };

  before(async () => {
    ctx = await engineContext({ config: { monitorMinIntervalSeconds: 10 } });
    ids.province = (await seedAgency(ctx, 'P')).id;
    ids.d1 = (await seedAgency(ctx, 'D1', ids.province)).id;
    ids.d2 = (await seedAgency(ctx, 'D2', ids.province)).id;
    ids.ops = (await seedAgency(ctx, 'OPS', ids.province)).id;
    sys1 = await seedSystem(ctx, { agencyId: ids.d1, name: 'Cổng TTĐT', urls: ['https://portal.d1.gov.vn/', 'http://old.d1.gov.vn/x'], domains: ['d1.gov.vn', '*.wild.gov.vn'] });
    sys2 = await seedSystem(ctx, { agencyId: ids.d2, name: 'Dịch vụ công', urls: ['https://dvc.d2.gov.vn/'] });
    // Owned by D2, run by the operations centre: OPS sees it, cannot change it.
    operated = await seedSystem(ctx, { agencyId: ids.d2, operatorAgencyId: ids.ops, name: 'Thư điện tử', urls: ['https://mail.d2.gov.vn/'] });
  });
  after(() => ctx.close());

  test('create validates against the probe: field-level errors', async () => {
    const err = await ctx.monitors
      .create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'http', target: 'ftp://x', settings: { keyword: 'much too long keyword', bogus: 1 }, intervalSeconds: 5, timeoutMs: 20_000, failureThreshold: 0 })
      .catch((e) => e);
    assert.ok(err instanceof ValidationError);
    const fields = err.fields.map((f: { field: string }) => f.field);
    for (const f of ['/target', '/settings/keyword', '/intervalSeconds', '/timeoutMs', '/failureThreshold']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    assert.ok(fields.some((f: string) => f.startsWith('/settings')), 'unknown setting reported');
    const kind = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'smtp' as 'http', target: 'x' }).catch((e) => e);
    assert.deepEqual(kind.fields.map((f: { field: string }) => f.field), ['/kind']);
    const timeout = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'http', target: 'https://a.test/', intervalSeconds: 10, timeoutMs: 15_000 }).catch((e) => e);
    assert.deepEqual(timeout.fields, [{ field: '/timeoutMs', message: 'must not be longer than the interval' }]);
  });

  test('create, with defaults, spread first check and audit; duplicates are a conflict', async () => {
    const before = Date.now();
    const m = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'http', target: 'https://portal.d1.gov.vn/lien-he' });
    assert.equal(m.intervalSeconds, 60);
    assert.equal(m.timeoutMs, 10_000);
    assert.equal(m.failureThreshold, 2);
    assert.equal(m.state, 'unknown');
    assert.equal(m.agencyId, ids.d1);
    assert.equal(m.systemName, 'Cổng TTĐT');
    const due = new Date(m.nextDueAt).getTime();
    assert.ok(due >= before - 1000 && due <= Date.now() + 60_000);
    const audit = await ctx.audit.list(ctx.database.db, { scope: { all: true }, entityType: 'monitor', entityId: m.id, limit: 5, offset: 0 });
    assert.deepEqual(audit.items.map((a) => a.action), ['monitor.create']);
    await assert.rejects(ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'http', target: 'https://portal.d1.gov.vn/lien-he' }), ConflictError);
  });

  test('scoped like the registry: 404 outside, read-only for the operator, 403 for viewers', async () => {
    const m1 = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'tcp', target: 'portal.d1.gov.vn:22' });
    const m3 = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: operated.id, kind: 'http', target: 'https://mail.d2.gov.vn/' });
    const d2Admin = await actor('agency_admin', ids.d2);
    await assert.rejects(ctx.monitors.get(d2Admin, m1.id), NotFoundError);
    await assert.rejects(ctx.monitors.update(d2Admin, m1.id, { name: 'x' }), NotFoundError);
    await assert.rejects(ctx.monitors.create(d2Admin, { systemId: sys1.id, kind: 'http', target: 'https://x.test/' }), ValidationError);
    const listed = await ctx.monitors.list(d2Admin, { limit: 100, offset: 0 });
    assert.ok(listed.items.every((m) => m.agencyId === ids.d2));
    const opsMember = await actor('agency_member', ids.ops);
    assert.equal((await ctx.monitors.get(opsMember, m3.id)).id, m3.id);
    assert.deepEqual((await ctx.monitors.list(opsMember, { limit: 100, offset: 0 })).items.map((m) => m.id), [m3.id]);
    await assert.rejects(ctx.monitors.pause(opsMember, m3.id), ForbiddenError);
    const viewer = await actor('viewer', null);
    await assert.rejects(ctx.monitors.create(viewer, { systemId: sys1.id, kind: 'http', target: 'https://v.test/' }), ForbiddenError);
    assert.ok((await ctx.monitors.uptime(d2Admin, [m1.id, m3.id]))[m3.id]);
    assert.equal((await ctx.monitors.uptime(d2Admin, [m1.id]))[m1.id], undefined);
  });

  test('retargeting resets the state and resolves alerts; pause and resume; delete', async () => {
    const m = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys2.id, kind: 'http', target: 'https://dvc.d2.gov.vn/a', intervalSeconds: 30 });
    await ctx.repos.monitors.update(ctx.database.db, m.id, { state: 'down', alert_kinds: ['down'] });
    await ctx.repos.alerts.openMany(ctx.database.db, [{
      id: crypto.randomUUID(), dedup_key: `monitor:${m.id}:down`, monitor_id: m.id, system_id: sys2.id, agency_id: ids.d2, kind: 'monitor.down',
      severity: 'high', status: 'open', opened_at: new Date(), resolved_at: null, summary: 'down', details: {},
    }]);
    const u = await ctx.monitors.update(SYSTEM_ACTOR, m.id, { target: 'https://dvc.d2.gov.vn/b' });
    assert.equal(u.state, 'unknown');
    assert.equal(u.stateReason, 'monitor target changed');
    assert.ok(new Date(u.nextDueAt).getTime() <= Date.now() + 10_000, 'checked again soon');
    assert.equal((await ctx.repos.alerts.listForMonitor(ctx.database.db, m.id))[0]!.status, 'resolved');
    assert.deepEqual((await ctx.monitors.events(SYSTEM_ACTOR, m.id)).map((e) => `${e.from}>${e.to}`), ['down>unknown']);
    const p = await ctx.monitors.pause(SYSTEM_ACTOR, m.id);
    assert.equal(p.paused, true);
    assert.equal(p.stateReason, 'paused');
    const r = await ctx.monitors.resume(SYSTEM_ACTOR, m.id);
    assert.equal(r.paused, false);
    assert.ok(new Date(r.nextDueAt).getTime() <= Date.now() + 30_000);
    const actions = (await ctx.audit.list(ctx.database.db, { scope: { all: true }, entityType: 'monitor', entityId: m.id, limit: 10, offset: 0 })).items.map((a) => a.action);
    assert.deepEqual(actions, ['monitor.resume', 'monitor.pause', 'monitor.update', 'monitor.create']);
    await ctx.monitors.delete(SYSTEM_ACTOR, m.id);
    await assert.rejects(ctx.monitors.get(SYSTEM_ACTOR, m.id), NotFoundError);
  });

  test('deleting a system deletes its monitors and resolves their open alerts', async () => {
    const s = await seedSystem(ctx, { agencyId: ids.d2, name: 'Sắp xoá' });
    const m = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: s.id, kind: 'http', target: 'https://gone.d2.gov.vn/' });
    const alertId = crypto.randomUUID();
    await ctx.repos.alerts.openMany(ctx.database.db, [{
      id: alertId, dedup_key: `monitor:${m.id}:down`, monitor_id: m.id, system_id: s.id, agency_id: ids.d2, kind: 'monitor.down',
      severity: 'high', status: 'open', opened_at: new Date(), resolved_at: null, summary: 'down', details: {},
    }]);
    await ctx.systems.delete(SYSTEM_ACTOR, s.id);
    await assert.rejects(ctx.monitors.get(SYSTEM_ACTOR, m.id), NotFoundError);
    const a = await ctx.database.db.selectFrom('alerts').selectAll().where('id', '=', alertId).executeTakeFirstOrThrow();
    assert.equal(a.status, 'resolved');
    assert.equal(a.monitor_id, null);
  });

  test('accept baseline adopts the last observed values', async () => {
    const m = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys2.id, kind: 'dns', target: 'dvc.d2.gov.vn' });
    await assert.rejects(ctx.monitors.acceptBaseline(SYSTEM_ACTOR, m.id), ValidationError);
    await ctx.repos.monitors.update(ctx.database.db, m.id, { baseline: { A: ['192.0.2.1'] }, last_result: { status: 'down', observed: { A: ['203.0.113.9'] } } });
    const a = await ctx.monitors.acceptBaseline(SYSTEM_ACTOR, m.id);
    assert.deepEqual(a.baseline, { A: ['203.0.113.9'] });
  });

  test('check now: due at once unless a worker holds it; refused while paused or for a read-only operator', async () => {
    const m = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: sys1.id, kind: 'tcp', target: 'portal.d1.gov.vn:3389', intervalSeconds: 3600 });
    assert.ok(new Date(m.nextDueAt).getTime() > Date.now() + 1000, 'first check spread over the interval');
    const now = await ctx.monitors.checkNow(SYSTEM_ACTOR, m.id);
    assert.ok(new Date(now.nextDueAt).getTime() <= Date.now() + 1000);
    // Held by a worker: the running check's result decides the next due time, not this request.
    const later = new Date(Date.now() + 3_600_000);
    await ctx.repos.monitors.update(ctx.database.db, m.id, { next_due_at: later, lease_owner: 'w1', lease_until: new Date(Date.now() + 60_000) });
    const held = await ctx.monitors.checkNow(SYSTEM_ACTOR, m.id);
    assert.equal(new Date(held.nextDueAt).getTime(), later.getTime());
    await ctx.repos.monitors.update(ctx.database.db, m.id, { lease_owner: null, lease_until: null });
    await ctx.monitors.pause(SYSTEM_ACTOR, m.id);
    await assert.rejects(ctx.monitors.checkNow(SYSTEM_ACTOR, m.id), ConflictError);
    const m3 = await ctx.monitors.create(SYSTEM_ACTOR, { systemId: operated.id, kind: 'tcp', target: 'mail.d2.gov.vn:25' });
    await assert.rejects(ctx.monitors.checkNow(await actor('agency_member', ids.ops), m3.id), ForbiddenError);
  });

  test('create from the registry: HTTP per URL, TLS per https host, DNS per domain; idempotent', async () => {
    const d1Admin = await actor('agency_admin', ids.d1);
    const first = await ctx.monitors.createFromRegistry(d1Admin);
    const made = first.monitors.map((m) => `${m.kind} ${m.target}`).sort();
    assert.deepEqual(made, ['dns d1.gov.vn', 'http http://old.d1.gov.vn/x', 'http https://portal.d1.gov.vn/', 'tls portal.d1.gov.vn:443']);
    assert.equal(first.systems, 1);
    const again = await ctx.monitors.createFromRegistry(d1Admin);
    assert.equal(again.created, 0);
    assert.equal(again.skipped, 4);
    // The operations centre runs a system it does not own: nothing is created for it.
    const ops = await ctx.monitors.createFromRegistry(await actor('agency_admin', ids.ops));
    assert.equal(ops.created, 0);
    const byAgency = await ctx.monitors.createFromRegistry(SYSTEM_ACTOR, { agencyId: ids.d2 });
    assert.deepEqual(byAgency.monitors.map((m) => m.systemId).every((s) => s === sys2.id || s === operated.id), true);
    assert.ok(byAgency.monitors.every((m) => m.agencyId === ids.d2));
  });

  test('the registry plan uses target forms the real probes accept', () => {
    const plan = planRegistryMonitors({ name: 'S', urls: ['https://portal.example.gov.vn:8443/a', 'http://x.example.gov.vn/'], domains: ['example.gov.vn'] }, PROBES);
    for (const p of plan) assert.equal(PROBES[p.kind].validateTarget(p.target), null, `${p.kind} ${p.target}`);
    assert.deepEqual(plan.map((p) => p.kind).sort(), ['dns', 'http', 'http', 'tls']);
  });
});
