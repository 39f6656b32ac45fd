import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';
import { alertRow, openAlerts, outboxRows } from '../alerting/helpers.ts';

/** The alert API: lifecycle actions, the external intake, escalation configuration, bad input. */
describe('alerts API', () => {
  const clock = new ManualClock(new Date('2026-08-30T03:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let coord: Session;
  let member: Session;
  let viewer: Session;

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'coord', 'coordinator', null);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    await createUser(t.ctx, 'viewer', 'viewer', null);
    [coord, member, viewer] = await Promise.all([login(t.app, 'coord'), login(t.app, 'member'), login(t.app, 'viewer')]);
  });
  after(() => t?.close());

  const group = async (agencyId: string, summary = 'Cổng TTĐT không truy cập được') => {
    const row = alertRow({ agencyId, at: clock.now(), summary });
    await openAlerts(t.ctx, [row]);
    return (await t.ctx.database.db.selectFrom('alerts').select('group_id').where('id', '=', row.id).executeTakeFirstOrThrow()).group_id!;
  };

  it('drives the lifecycle with a timeline and audit, and refuses what does not apply', async () => {
    const id = await group(tree.u1);
    const ack = await member.request('POST', `/api/v1/alerts/${id}/acknowledge`);
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json().group.status, 'acknowledged');
    assert.equal(ack.json().group.nextEscalationAt, null);
    assert.equal((await member.request('POST', `/api/v1/alerts/${id}/snooze`, { minutes: 10 })).statusCode, 409, 'only a triggered alert is snoozed');
    const un = await member.request('POST', `/api/v1/alerts/${id}/unacknowledge`);
    assert.equal(un.json().group.status, 'triggered');
    assert.equal(un.json().group.nextEscalationAt, clock.now().toISOString(), 'escalation starts again');
    const snoozed = await member.request('POST', `/api/v1/alerts/${id}/snooze`, { minutes: 30 });
    assert.equal(snoozed.json().group.snoozedUntil, new Date(clock.now().getTime() + 30 * 60_000).toISOString());
    assert.equal((await member.request('POST', `/api/v1/alerts/${id}/snooze`, { minutes: 0 })).statusCode, 400);
    const me = (await member.request('GET', '/api/v1/auth/me')).json();
    const assigned = await member.request('POST', `/api/v1/alerts/${id}/assign`, { userId: me.user?.id ?? me.id });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().group.assigneeName, 'member');
    const outsider = await createUser(t.ctx, 'd2member', 'agency_member', tree.d2);
    const refused = await member.request('POST', `/api/v1/alerts/${id}/assign`, { userId: outsider.id });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().errors[0].field, '/userId');
    assert.equal((await member.request('POST', `/api/v1/alerts/${id}/comments`, { text: '   ' })).statusCode, 400);
    assert.equal((await member.request('POST', `/api/v1/alerts/${id}/comments`, { text: 'x'.repeat(4001) })).statusCode, 400);
    await member.request('POST', `/api/v1/alerts/${id}/comments`, { text: 'Đã liên hệ nhà cung cấp hosting <b>VNPT</b>' });
    const resolved = await member.request('POST', `/api/v1/alerts/${id}/resolve`, { note: 'Khởi động lại máy chủ' });
    assert.equal(resolved.json().group.status, 'resolved');
    assert.equal((await member.request('POST', `/api/v1/alerts/${id}/acknowledge`)).statusCode, 409);
    const types = resolved.json().events.map((e: { type: string }) => e.type);
    for (const ty of ['triggered', 'acknowledged', 'unacknowledged', 'snoozed', 'assigned', 'comment', 'resolved']) assert.ok(types.includes(ty), ty);
    const comment = resolved.json().events.find((e: { type: string }) => e.type === 'comment');
    assert.equal(comment.text, 'Đã liên hệ nhà cung cấp hosting <b>VNPT</b>', 'stored as text; the UI escapes it');
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    assert.ok(audit.map((a) => a.action).includes('alert.acknowledge'));
  });

  it('scopes groups: another agency cannot see or act, viewers only read', async () => {
    const other = await group(tree.d2, 'OTHER portal down');
    assert.equal((await member.request('GET', `/api/v1/alerts/${other}`)).statusCode, 404);
    assert.equal((await member.request('POST', `/api/v1/alerts/${other}/acknowledge`)).statusCode, 404);
    assert.ok(!(await member.request('GET', '/api/v1/alerts?status=active')).body.includes('OTHER'));
    assert.equal((await viewer.request('GET', `/api/v1/alerts/${other}`)).statusCode, 200);
    assert.equal((await viewer.request('POST', `/api/v1/alerts/${other}/acknowledge`)).statusCode, 403);
    const filtered = (await coord.request('GET', `/api/v1/alerts?agencyId=${tree.d2}&status=triggered`)).json();
    assert.ok(filtered.items.every((g: { agencyId: string }) => g.agencyId === tree.d2));
    assert.equal((await coord.request('GET', '/api/v1/alerts?status=bogus')).statusCode, 400);
  });

  it('takes external alerts: de-duplicated per sender, resolved by key, scoped, bounded', async () => {
    const body = { key: 'waf-42', title: 'WAF: SQL injection from 203.0.113.7', severity: 'high', kind: 'waf', agencyId: tree.u1 };
    const first = await member.request('POST', '/api/v1/alerts/intake', body);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().status, 'created');
    const again = await member.request('POST', '/api/v1/alerts/intake', body);
    assert.equal(again.json().status, 'repeated');
    assert.equal(again.json().groupId, first.json().groupId);
    const occ = await t.ctx.database.db.selectFrom('alerts').select('occurrences').where('id', '=', first.json().alertId).executeTakeFirstOrThrow();
    assert.equal(occ.occurrences, 2);
    // Another sender with the same key is another alert.
    const coordSame = await coord.request('POST', '/api/v1/alerts/intake', body);
    assert.notEqual(coordSame.json().alertId, first.json().alertId);
    const done = await member.request('POST', '/api/v1/alerts/intake', { ...body, status: 'resolved' });
    assert.equal(done.json().status, 'resolved');
    assert.equal((await member.request('GET', `/api/v1/alerts/${first.json().groupId}`)).json().group.status, 'resolved');
    assert.equal((await member.request('POST', '/api/v1/alerts/intake', { ...body, status: 'resolved' })).json().status, 'not_open');
    // Bad input: field errors, nothing written.
    const before = await t.ctx.database.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const bad of [
      { ...body, severity: 'apocalyptic' },
      { ...body, title: '' },
      { ...body, agencyId: tree.d2 },
      { ...body, key: 'has space' },
      { ...body, details: { blob: 'x'.repeat(20_000) } },
      { ...body, extra: 1 },
    ]) {
      const r = await member.request('POST', '/api/v1/alerts/intake', bad);
      assert.equal(r.statusCode, 400, JSON.stringify(bad).slice(0, 80));
    }
    const afterN = await t.ctx.database.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterN.n), Number(before.n));
    assert.equal((await viewer.request('POST', '/api/v1/alerts/intake', body)).statusCode, 403);
  });

  it('validates escalation policies and routing rules with field errors', async () => {
    const bad = async (body: unknown) => {
      const r = await coord.request('POST', '/api/v1/escalation-policies', body);
      assert.equal(r.statusCode, 400, r.body);
      return r.json().errors.map((e: { field: string }) => e.field);
    };
    assert.deepEqual(await bad({ name: 'Lặp không chờ', steps: [{ type: 'notify_agency_contacts' }], repeat: 2 }), ['/repeat']);
    assert.deepEqual(await bad({ name: 'Chỉ chờ', steps: [{ type: 'wait', minutes: 5 }], repeat: 0 }), ['/steps']);
    assert.ok((await bad({ name: 'Ca trực ma', steps: [{ type: 'notify_on_duty', rosterId: '00000000-0000-4000-8000-000000000000' }], repeat: 0 })).includes('/steps/0/rosterId'));
    assert.ok((await bad({ name: 'Chờ âm', steps: [{ type: 'notify_agency_contacts' }, { type: 'wait', minutes: -1 }], repeat: 0 })).some((f: string) => f.startsWith('/steps/1')));
    const ok = await coord.request('POST', '/api/v1/escalation-policies', { name: 'Đầu mối đơn vị', steps: [{ type: 'notify_agency_contacts' }, { type: 'wait', minutes: 15 }], repeat: 2 });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal((await coord.request('POST', '/api/v1/escalation-policies', { name: 'đầu mối ĐƠN VỊ', steps: [{ type: 'notify_agency_contacts' }], repeat: 0 })).statusCode, 400, 'names are unique regardless of case');
    assert.equal((await member.request('POST', '/api/v1/escalation-policies', { name: 'X', steps: [{ type: 'notify_agency_contacts' }], repeat: 0 })).statusCode, 403);
    const rule = await coord.request('POST', '/api/v1/routing-rules', { name: 'Nghiêm trọng', match: { severities: ['critical'], kinds: ['monitor.'] }, policyId: ok.json().id, groupBy: 'hosting' });
    assert.equal(rule.statusCode, 201, rule.body);
    const badRule = await coord.request('POST', '/api/v1/routing-rules', { name: 'Sai', match: { severities: ['urgent'] }, policyId: null, groupBy: 'planet' });
    assert.equal(badRule.statusCode, 400);
    assert.equal((await coord.request('DELETE', `/api/v1/escalation-policies/${ok.json().id}`)).statusCode, 409, 'in use by a rule');
    assert.equal((await coord.request('DELETE', `/api/v1/routing-rules/${rule.json().id}`)).statusCode, 204);
    assert.equal((await coord.request('DELETE', `/api/v1/escalation-policies/${ok.json().id}`)).statusCode, 204);
  });

  it('an alert no rule routes still forms a group and says nobody was told', async () => {
    const id = await group(tree.u1, 'Không có quy tắc');
    const d = (await coord.request('GET', `/api/v1/alerts/${id}`)).json();
    assert.ok(d.events.some((e: { type: string }) => e.type === 'no_policy'));
    assert.equal((await outboxRows(t.ctx)).filter((r) => r.group_id === id).length, 0);
  });
});
