import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** Incident reporting and the Circular 20/2017 workflow through the HTTP API. */
describe('incidents API', () => {
  const clock = new ManualClock(new Date('2026-09-01T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let coord: Session;
  let member: Session;
  let other: Session;
  let viewer: Session;
  let systemId = '';

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await t.ctx.repos.notificationOutbox.insertChannel(t.ctx.database.db, { id: randomUUID(), name: 'SMTP', kind: 'email', config: { host: '127.0.0.1', port: 9, secure: false, starttls: 'never', from: 'Vigil <a@b.gov.vn>' } });
    await createUser(t.ctx, 'coord', 'coordinator', null);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    await createUser(t.ctx, 'other', 'agency_member', tree.d2);
    await createUser(t.ctx, 'viewer', 'viewer', null);
    [coord, member, other, viewer] = (await Promise.all(['coord', 'member', 'other', 'viewer'].map((u) => login(t.app, u)))) as [Session, Session, Session, Session];
    systemId = (await t.ctx.systems.create(SYSTEM_ACTOR, { name: 'Cổng TTĐT Trung tâm CNTT', ownerAgencyId: tree.u1, securityLevel: 4, urls: ['https://ttcntt.example.gov.vn/'] })).id;
  });
  after(() => t?.close());

  const report = (over: Record<string, unknown> = {}) => ({
    agencyId: tree.u1, title: 'Cổng TTĐT bị thay đổi giao diện', reporterEmail: 'ttcntt@example.gov.vn', contactName: 'Nguyễn Văn An', contactPhone: '0903 123 456',
    contactEmail: 'an.nv@example.gov.vn', operator: 'Trung tâm CNTT', systemIds: [systemId], description: 'Trang chủ hiển thị nội dung lạ, liên kết tới trang cờ bạc.',
    detectedAt: '2026-08-31T23:30:00Z', handled: false, detectionMethod: 'notified', detectionDetail: 'Người dân phản ánh qua đường dây nóng', alreadyNotified: ['isp'], ...over,
  });

  it('reports from an agency: number, receipt acknowledged at once and mailed, deadlines, an alert to the coordinators', async () => {
    const r = await member.request('POST', '/api/v1/incidents', report());
    assert.equal(r.statusCode, 201, r.body);
    const created = r.json();
    assert.match(created.number, /^SC-2026-\d{4}$/);
    assert.equal(created.receiptAcknowledgedAt, clock.now().toISOString());
    const d = (await member.request('GET', `/api/v1/incidents/${created.id}`)).json();
    assert.equal(d.incident.status, 'received');
    assert.deepEqual(d.events.map((e: { type: string }) => e.type), ['reported', 'receipt_acknowledged']);
    // National default: notice within 5 days of detection.
    const notice = d.deadlines.find((x: { key: string }) => x.key === 'notice');
    assert.equal(notice.dueAt, '2026-09-05T23:30:00.000Z');
    const mails = await t.ctx.database.db.selectFrom('notification_outbox').select(['recipient', 'payload']).where('template', '=', 'incident.received').execute();
    assert.deepEqual(mails.map((m) => m.recipient).sort(), ['an.nv@example.gov.vn', 'ttcntt@example.gov.vn']);
    assert.match(String((mails[0]!.payload as { subject: string }).subject), /^\[TBSC\] Xác nhận đã nhận báo cáo sự cố số SC-2026-/);
    const alert = await t.ctx.database.db.selectFrom('alerts').select(['kind', 'group_id']).where('dedup_key', '=', `incident:${created.id}:reported`).executeTakeFirstOrThrow();
    assert.equal(alert.kind, 'incident.reported');
    assert.ok(alert.group_id);
  });

  it('refuses incomplete or impossible reports with field errors, and writes nothing', async () => {
    const before = await t.ctx.database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ reporterEmail: undefined }, '/reporterEmail'],
      [{ description: '' }, '/description'],
      [{ detectedAt: '2027-01-01T00:00:00Z' }, '/detectedAt'],
      [{ agencyId: tree.d2 }, '/agencyId'],
      [{ detectionMethod: 'other', detectionDetail: undefined }, '/detectionDetail'],
      [{ alreadyNotified: ['fbi'] }, '/alreadyNotified/0'],
    ];
    for (const [over, field] of cases) {
      const r = await member.request('POST', '/api/v1/incidents', report(over));
      assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
      assert.ok(r.json().errors.some((e: { field: string }) => e.field.startsWith(field)), `${field} in ${r.body}`);
    }
    assert.equal((await viewer.request('POST', '/api/v1/incidents', report())).statusCode, 403);
    const afterN = await t.ctx.database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterN.n), Number(before.n));
  });

  it('a province sets a 3-day notice; the nearest jurisdiction applies', async () => {
    await t.ctx.incidents.repos.deadlines.upsertJurisdiction(t.ctx.database.db, {
      id: randomUUID(), name: 'Tỉnh Đồng Nai', agency_id: tree.province, now: clock.now(),
      rules: [{ key: 'notice', label: 'Thông báo sự cố (Đồng Nai: 3 ngày)', from: 'detected_at', days: 3, remindBeforeHours: 24 }, { key: 'closing_report', label: 'Mẫu 04', from: 'response_ended_at', days: 5 }],
    });
    const r = (await member.request('POST', '/api/v1/incidents', report())).json();
    const d = (await member.request('GET', `/api/v1/incidents/${r.id}`)).json();
    assert.equal(d.deadlines.find((x: { key: string }) => x.key === 'notice').dueAt, '2026-09-03T23:30:00.000Z');
  });

  it('classification by the coordinating unit: playbook tasks, the serious-incident test; agencies cannot classify', async () => {
    const r = (await member.request('POST', '/api/v1/incidents', report())).json();
    assert.equal((await member.request('PATCH', `/api/v1/incidents/${r.id}/classification`, { type: 'defacement' })).statusCode, 403);
    const c = await coord.request('PATCH', `/api/v1/incidents/${r.id}/classification`, {
      type: 'defacement', cause: 'attack', priority: 'high', tlp: 'amber', seriousChecklist: { serviceInterruption: true, beyondOwnerCapacity: true },
    });
    assert.equal(c.statusCode, 200, c.body);
    const d = c.json();
    assert.equal(d.incident.serious, true, 'a level-4 system, interrupted, beyond the owner: serious');
    assert.ok(d.tasks.length >= 5);
    assert.ok(d.tasks.some((x: { title: string }) => /web shell/.test(x.title)), 'the defacement playbook');
    assert.ok(d.events.some((e: { type: string }) => e.type === 'playbook_applied'));
    const bad = await coord.request('PATCH', `/api/v1/incidents/${r.id}/classification`, { seriousChecklist: { aliensLanded: true } });
    assert.equal(bad.statusCode, 400);
  });

  it('the workflow: verify, handle through the phases, close only with a Mẫu 04 citing the Mẫu 03, reopen', async () => {
    const r = (await member.request('POST', '/api/v1/incidents', report())).json();
    const move = (body: Record<string, unknown>, who = member) => who.request('POST', `/api/v1/incidents/${r.id}/transitions`, body);
    assert.equal((await move({ transition: 'phase', phase: 'recover' })).statusCode, 409);
    assert.equal((await move({ transition: 'verify' })).statusCode, 200);
    assert.equal((await move({ transition: 'handle' })).json().incident.phase, 'contain');
    assert.equal((await move({ transition: 'phase', phase: 'recover' })).statusCode, 409, 'contain → eradicate first');
    for (const phase of ['eradicate', 'recover', 'check']) assert.equal((await move({ transition: 'phase', phase })).statusCode, 200, phase);
    const noForm = await move({ transition: 'close' });
    assert.equal(noForm.statusCode, 400);
    assert.equal(noForm.json().errors[0].field, '/closingReport');
    const closed = await move({ transition: 'close', closingReport: { result: 'Đã khôi phục, vá lỗ hổng plugin.', lessons: 'Cập nhật CMS định kỳ.', responseEndedAt: clock.now().toISOString() } });
    assert.equal(closed.statusCode, 200, closed.body);
    const c = closed.json();
    assert.equal(c.incident.status, 'closed');
    assert.equal(c.incident.form04.initialReport.number, c.incident.number);
    assert.equal(c.incident.form04.initialReport.date, c.incident.receivedAt);
    assert.equal(c.deadlines.find((x: { key: string }) => x.key === 'closing_report').state, 'met');
    assert.equal((await move({ transition: 'close', closingReport: { result: 'x', responseEndedAt: clock.now().toISOString() } })).statusCode, 409);
    const reopened = await move({ transition: 'reopen', note: 'Trang bị chèn lại liên kết' });
    assert.equal(reopened.json().incident.status, 'handling');
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).execute();
    for (const a of ['incident.report', 'incident.verify', 'incident.handle', 'incident.phase', 'incident.close', 'incident.reopen']) assert.ok(audit.some((x) => x.action === a), a);
  });

  it("agencies see and act only on their own incidents; confidential ones only named people", async () => {
    const mine = (await member.request('POST', '/api/v1/incidents', report())).json();
    assert.equal((await other.request('GET', `/api/v1/incidents/${mine.id}`)).statusCode, 404);
    assert.equal((await other.request('POST', `/api/v1/incidents/${mine.id}/transitions`, { transition: 'verify' })).statusCode, 404);
    assert.equal((await other.request('POST', `/api/v1/incidents/${mine.id}/comments`, { text: 'x' })).statusCode, 404);
    assert.ok(!(await other.request('GET', '/api/v1/incidents')).body.includes(mine.id));
    const secret = (await member.request('POST', '/api/v1/incidents', report({ confidential: true, title: 'Lộ dữ liệu mật' }))).json();
    assert.equal((await member.request('GET', `/api/v1/incidents/${secret.id}`)).statusCode, 200, 'the reporter is named');
    assert.equal((await coord.request('GET', `/api/v1/incidents/${secret.id}`)).statusCode, 404, 'a coordinator not named does not see it');
    assert.ok(!(await coord.request('GET', '/api/v1/incidents')).body.includes(secret.id));
    const admin = await login(t.app, 'admin');
    const coordUser = await t.ctx.repos.users.findByUsername(t.ctx.database.db, 'coord');
    await admin.request('PATCH', `/api/v1/incidents/${secret.id}/classification`, { accessUserIds: [coordUser!.id] });
    assert.equal((await coord.request('GET', `/api/v1/incidents/${secret.id}`)).statusCode, 200, 'named now');
  });

  it('reminds before a deadline and raises an alert after it, once each', async () => {
    const r = (await member.request('POST', '/api/v1/incidents', report({ detectedAt: clock.now().toISOString() }))).json();
    const notice = (await member.request('GET', `/api/v1/incidents/${r.id}`)).json().deadlines.find((x: { key: string }) => x.key === 'notice');
    clock.set(new Date(new Date(notice.dueAt).getTime() - 3_600_000));
    // Sessions expire as the clock moves on; log in again.
    member = await login(t.app, 'member');
    coord = await login(t.app, 'coord');
    const first = await t.ctx.incidents.deadlines.run();
    assert.ok(first.reminded >= 1);
    const ev = (await member.request('GET', `/api/v1/incidents/${r.id}`)).json().events.map((e: { type: string }) => e.type);
    assert.ok(ev.includes('deadline_reminder'));
    clock.set(new Date(new Date(notice.dueAt).getTime() + 60_000));
    member = await login(t.app, 'member');
    coord = await login(t.app, 'coord');
    await t.ctx.incidents.deadlines.run();
    const overdue = await t.ctx.database.db.selectFrom('alerts').select('kind').where('dedup_key', '=', `incident:${r.id}:overdue:notice`).executeTakeFirst();
    assert.equal(overdue?.kind, 'incident.overdue');
    const again = await t.ctx.incidents.deadlines.run();
    const mineAgain = await t.ctx.database.db.selectFrom('incident_events').select('type').where('incident_id', '=', r.id).where('type', 'in', ['deadline_reminder', 'deadline_overdue']).execute();
    assert.equal(mineAgain.length, 2, `once each (${JSON.stringify(again)})`);
    const board = (await coord.request('GET', '/api/v1/incidents?overdue=true')).json();
    assert.ok(board.items.some((i: { id: string }) => i.id === r.id));
  });
});
