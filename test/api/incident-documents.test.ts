import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { findSoffice } from '../../server/src/incidents/documents/index.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { documentText, xmlProblem, zipParts } from '../helpers/docx.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** The official documents through the API: Mẫu 03 / 04 / 05, the [TBSC] notice, the configurable texts. */
describe('incident documents API', () => {
  const clock = new ManualClock(new Date('2026-09-01T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let coord: Session;
  let member: Session;
  let admin: Session;
  let id = '';
  let number = '';

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await t.ctx.repos.notificationOutbox.insertChannel(t.ctx.database.db, { id: randomUUID(), name: 'SMTP', kind: 'email', config: { host: '127.0.0.1', port: 9, secure: false, starttls: 'never', from: 'Vigil <a@b.gov.vn>' } });
    await createUser(t.ctx, 'coord', 'coordinator', null);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    coord = await login(t.app, 'coord');
    member = await login(t.app, 'member');
    admin = await login(t.app, 'admin');
    const r = await t.ctx.incidents.report.report(SYSTEM_ACTOR, {
      agencyId: tree.u1, title: 'Cổng TTĐT bị chèn liên kết cờ bạc', reporterEmail: 'ttcntt@example.gov.vn', contactName: 'Nguyễn Văn An', contactPhone: '0903123456',
      operator: 'Trung tâm CNTT', description: 'Phát hiện liên kết ẩn tới trang cờ bạc trên trang chủ <script>alert(1)</script>.', detectedAt: '2026-08-31T23:30:00Z', handled: false,
      detectionMethod: 'ids', alreadyNotified: ['vncert'], publicIps: '203.0.113.7', domains: 'ttcntt.example.gov.vn',
    } as never);
    id = r.id;
    number = r.number;
  });
  after(() => t?.close());

  const text = (buf: Buffer) => documentText(zipParts(buf).get('word/document.xml')!);

  it('Mẫu 03 as DOCX: the number, the motto, the reporter, escaped text', async () => {
    const r = await member.request('GET', `/api/v1/incidents/${id}/documents/mau03.docx`);
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-disposition']), /^attachment; filename="Mau03-SC-2026-\d{4}\.docx"$/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const xml = zipParts(r.rawPayload).get('word/document.xml')!;
    assert.equal(xmlProblem(xml), null);
    const body = text(r.rawPayload);
    assert.match(body, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.ok(body.includes(number));
    assert.match(body, /Nguyễn Văn An/);
    assert.match(body, /<script>alert\(1\)<\/script>/, 'user text printed as text');
  });

  it('Mẫu 04 exists only once closed, and cites the Mẫu 03', async () => {
    assert.equal((await member.request('GET', `/api/v1/incidents/${id}/documents/mau04.docx`)).statusCode, 409);
    await t.ctx.incidents.workflow.transition(SYSTEM_ACTOR, id, { transition: 'verify' });
    const closed = await member.request('POST', `/api/v1/incidents/${id}/transitions`, { transition: 'close', closingReport: { result: 'Đã gỡ liên kết, vá plugin.', responseEndedAt: clock.now().toISOString(), handledBy: 'in_house', estimatedDamageVnd: 5_000_000 } });
    assert.equal(closed.statusCode, 200, closed.body);
    const r = await member.request('GET', `/api/v1/incidents/${id}/documents/mau04.docx`);
    assert.equal(r.statusCode, 200);
    const body = text(r.rawPayload);
    assert.ok(body.includes(`Báo cáo ban đầu số ${number}`), body.slice(0, 400));
  });

  it('PDF through LibreOffice where installed; a clear 503 where not', async () => {
    const r = await member.request('GET', `/api/v1/incidents/${id}/documents/mau03.pdf`);
    if (findSoffice()) {
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['content-type'], 'application/pdf');
      assert.equal(r.rawPayload.subarray(0, 5).toString(), '%PDF-');
    } else {
      assert.equal(r.statusCode, 503);
      assert.equal(r.json().code, 'pdf_unavailable');
    }
  });

  it('Mẫu 05 counts by type and handling; coordinators only', async () => {
    await t.ctx.incidents.workflow.classify(SYSTEM_ACTOR, id, { type: 'defacement' });
    assert.equal((await member.request('GET', '/api/v1/incident-summary/mau05.docx?year=2026&half=2')).statusCode, 403);
    const r = await coord.request('GET', '/api/v1/incident-summary/mau05.docx?year=2026&half=2');
    assert.equal(r.statusCode, 200);
    assert.match(text(r.rawPayload), /6 tháng cuối năm 2026/);
    assert.equal((await coord.request('GET', '/api/v1/incident-summary/mau05.docx?year=1999')).statusCode, 400);
  });

  it('the [TBSC] notice goes out by e-mail and meets the notice deadline', async () => {
    assert.equal((await member.request('POST', `/api/v1/incidents/${id}/notice`, { recipients: ['vncert@example.vn'] })).statusCode, 403);
    assert.equal((await coord.request('POST', `/api/v1/incidents/${id}/notice`, { recipients: ['not an email'] })).statusCode, 400);
    const r = await coord.request('POST', `/api/v1/incidents/${id}/notice`, { recipients: ['ung.cuu@vncert.example.vn', 'chu.quan@example.gov.vn'] });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().deadlines.find((d: { key: string }) => d.key === 'notice').state, 'met');
    const rows = await t.ctx.database.db.selectFrom('notification_outbox').select(['recipient', 'payload']).where('template', '=', 'incident.notice').execute();
    assert.equal(rows.length, 2);
    assert.match((rows[0]!.payload as { subject: string }).subject, /^\[TBSC\] /);
  });

  it('administrators set the texts the documents print', async () => {
    assert.equal((await coord.request('PUT', '/api/v1/settings/documents', { placeName: 'Biên Hòa' })).statusCode, 403);
    const put = await admin.request('PUT', '/api/v1/settings/documents', { placeName: 'Biên Hòa', reportingUnit: 'Sở Khoa học và Công nghệ tỉnh Đồng Nai' });
    assert.equal(put.statusCode, 200, put.body);
    const r = await member.request('GET', `/api/v1/incidents/${id}/documents/mau03.docx`);
    assert.match(text(r.rawPayload), /Biên Hòa, ngày/);
  });
});
