import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';
import { documentText, zipParts } from '../helpers/docx.ts';
import { KEV_SAMPLE, kevCatalogue, MSRC_JULY, msrcDocument } from '../vulns/feed-samples.ts';

const docxText = (buf: Buffer) => documentText(zipParts(buf).get('word/document.xml') ?? '');

/** Warning campaigns end to end through the HTTP API: compose, send, answer per system, board, clock. */
describe('vulnerability warnings API', () => {
  const clock = new ManualClock(new Date('2026-11-02T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let coord: Session;
  let member: Session;
  let other: Session;
  let viewer: Session;
  let warningId = '';
  const sys: Record<string, string> = {};
  const filter = { vendors: ['Microsoft'], severities: ['high', 'critical'], monthFrom: '2023-05', monthTo: '2023-08' };
  const deadline = '2026-11-16T10:00:00.000Z';
  const db = () => t.ctx.database.db;
  /** Sessions live 12 hours: after the clock jumps, sign in again. */
  const relogin = async () => {
    [coord, member, other, viewer] = (await Promise.all(['coord', 'member', 'other', 'viewer'].map((u) => login(t.app, u)))) as [Session, Session, Session, Session];
  };
  const outbox = (template: string) => db().selectFrom('notification_outbox').select(['recipient', 'payload']).where('template', '=', template).orderBy('recipient').execute();

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await t.ctx.repos.notificationOutbox.insertChannel(db(), { id: randomUUID(), name: 'SMTP', kind: 'email', config: { host: '127.0.0.1', port: 9, secure: false, starttls: 'never', from: 'Vigil <a@b.gov.vn>' } });
    await createUser(t.ctx, 'coord', 'coordinator', null);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    await createUser(t.ctx, 'other', 'agency_member', tree.d2);
    await createUser(t.ctx, 'viewer', 'viewer', null);
    [coord, member, other, viewer] = (await Promise.all(['coord', 'member', 'other', 'viewer'].map((u) => login(t.app, u)))) as [Session, Session, Session, Session];
    const mk = async (key: string, name: string, owner: string, software: { vendor: string; product: string; version: string | null }[]) =>
      (sys[key] = (await t.ctx.systems.create(SYSTEM_ACTOR, { name, ownerAgencyId: owner, securityLevel: 3, software })).id);
    await mk('dvc', 'Cổng dịch vụ công', tree.u1, [{ vendor: 'Microsoft', product: 'Windows Server 2019', version: '10.0.17763.4499' }]);
    await mk('mail', 'Máy chủ thư', tree.u1, [{ vendor: 'Microsoft', product: 'Windows Server 2022', version: '10.0.20348.1700' }]);
    await mk('sp', 'Cổng SharePoint Sở Y tế', tree.d2, [{ vendor: 'Microsoft', product: 'SharePoint Server 2019', version: null }]);
    await mk('web', 'Website tĩnh', tree.d2, [{ vendor: 'nginx', product: 'nginx', version: '1.25.3' }]);
    await t.ctx.contacts.create(SYSTEM_ACTOR, { agencyId: tree.u1, priority: 'primary', availability: 'office_hours', name: 'Trần Đầu Mối', email: 'daumoi@ttcntt.gov.vn' });
    await t.ctx.contacts.create(SYSTEM_ACTOR, { agencyId: tree.d2, priority: 'primary', availability: 'office_hours', name: 'Lê Y Tế', email: 'atttt@syt.gov.vn' });
    await t.ctx.vulns.imports.importFile(SYSTEM_ACTOR, { name: 'kev.json', data: Buffer.from(kevCatalogue(KEV_SAMPLE)) });
    await t.ctx.vulns.imports.importFile(SYSTEM_ACTOR, { name: 'jul.json', data: Buffer.from(msrcDocument('2023-Jul', MSRC_JULY)) });
  });
  after(() => t?.close());

  it('previews which agencies and systems a filter hits; only the coordinating unit composes', async () => {
    const r = await coord.request('POST', '/api/v1/warnings/preview', { filter });
    assert.equal(r.statusCode, 200, r.body);
    const p = r.json();
    assert.deepEqual(p.totals, { advisories: 3, agencies: 2, systems: 3, affected: 2, possiblyAffected: 1 });
    const u1 = p.agencies.find((a: { agencyId: string }) => a.agencyId === tree.u1);
    assert.deepEqual(u1.systems.map((s: { systemName: string; cves: string[] }) => [s.systemName, s.cves]).sort(), [['Cổng dịch vụ công', ['CVE-2023-32046']], ['Máy chủ thư', ['CVE-2023-32046']]]);
    const certain = (await coord.request('POST', '/api/v1/warnings/preview', { filter: { ...filter, includePossiblyAffected: false } })).json();
    assert.equal(certain.totals.systems, 2);
    assert.equal((await member.request('POST', '/api/v1/warnings/preview', { filter })).statusCode, 403);
    const empty = await coord.request('POST', '/api/v1/warnings/preview', { filter: {} });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().errors[0].field, '/filter');
  });

  it('validates a draft with field errors; a draft is invisible to agencies and editable', async () => {
    const bad = await coord.request('POST', '/api/v1/warnings', { title: 'x', filter: { ...filter, monthTo: '2023-01' }, deadline: '2020-01-01T00:00:00Z' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['/deadline', '/title']);
    const badFilter = await coord.request('POST', '/api/v1/warnings', { title: 'Cảnh báo', filter: { ...filter, monthTo: '2023-01' }, deadline });
    assert.equal(badFilter.json().errors[0].field, '/filter/monthTo');
    const r = await coord.request('POST', '/api/v1/warnings', { title: 'Cảnh báo lỗ hổng Microsoft tháng 5–8/2023', body: 'Các lỗ hổng đã bị khai thác.', filter, deadline, remindBeforeHours: 48 });
    assert.equal(r.statusCode, 201, r.body);
    warningId = r.json().id;
    assert.deepEqual([r.json().status, r.json().number, r.json().cveCount], ['draft', null, 3]);
    assert.equal((await member.request('GET', `/api/v1/warnings/${warningId}`)).statusCode, 404);
    assert.equal((await member.request('GET', '/api/v1/warnings')).json().items.length, 0);
    const patched = await coord.request('PATCH', `/api/v1/warnings/${warningId}`, { title: 'Microsoft May–August 2023' });
    assert.equal(patched.json().title, 'Microsoft May–August 2023');
  });

  it('sends: number, frozen CVEs, one status per system, each agency mailed its own letter with an acknowledgement link', async () => {
    const r = await coord.request('POST', `/api/v1/warnings/${warningId}/send`);
    assert.equal(r.statusCode, 200, r.body);
    const w = r.json();
    assert.match(w.number, /^CB-2026-1$/);
    assert.deepEqual([w.status, w.cveCount, w.totals.systems, w.totals.notAcknowledged], ['sent', 3, 3, 3]);
    assert.equal((await coord.request('POST', `/api/v1/warnings/${warningId}/send`)).statusCode, 409);
    assert.equal((await coord.request('PATCH', `/api/v1/warnings/${warningId}`, { title: 'Đổi' })).statusCode, 409);
    const mails = await outbox('warning.issued');
    assert.deepEqual(mails.map((m) => m.recipient), ['atttt@syt.gov.vn', 'daumoi@ttcntt.gov.vn']);
    const p = mails[1]!.payload as { subject: string; text: string; attachments: { filename: string; contentBase64: string }[]; links: { ack: string } };
    assert.equal(p.subject, '[CBLH] Cảnh báo lỗ hổng số CB-2026-1: Microsoft May–August 2023');
    assert.match(p.text, /Số hệ thống của đơn vị bị ảnh hưởng hoặc có thể bị ảnh hưởng: 2/);
    const letter = docxText(Buffer.from(p.attachments[0]!.contentBase64, 'base64'));
    assert.match(letter, /Cổng dịch vụ công/);
    assert.doesNotMatch(letter, /SharePoint Sở Y tế/, 'each agency sees only its own systems');
    assert.match(letter, /CVE-2023-32046/);
    // The acknowledgement link: GET only shows, POST acknowledges for the agency.
    const link = new URL(p.links.ack);
    const show = await t.app.inject({ method: 'GET', url: link.pathname });
    assert.equal(show.statusCode, 200);
    assert.match(show.body, /Xác nhận đơn vị đã nhận/);
    assert.equal((await member.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items.every((x: { status: string }) => x.status === 'received'), true);
    const ack = await t.app.inject({ method: 'POST', url: link.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.match(ack.body, /Đã xác nhận/);
    const forged = await t.app.inject({ method: 'GET', url: link.pathname.slice(0, -3) + 'AAA' });
    assert.equal(forged.statusCode, 400);
  });

  it('agencies see only their own systems and update them; evidence and transitions are checked', async () => {
    const mine = (await member.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items;
    assert.deepEqual(mine.map((x: { systemId: string; status: string }) => [x.systemId, x.status]).sort(), [[sys.dvc, 'acknowledged'], [sys.mail, 'acknowledged']].sort());
    const theirs = (await other.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items;
    assert.deepEqual(theirs.map((x: { systemId: string }) => x.systemId), [sys.sp]);
    const dvc = mine.find((x: { systemId: string }) => x.systemId === sys.dvc);
    const url = `/api/v1/warnings/${warningId}/targets/${dvc.id}`;
    assert.equal((await other.request('PATCH', url, { status: 'fixed', kb: 'KB5028168' })).statusCode, 404);
    assert.equal((await viewer.request('PATCH', url, { status: 'fixed', kb: 'KB5028168' })).statusCode, 403);
    const noEvidence = await member.request('PATCH', url, { status: 'fixed' });
    assert.equal(noEvidence.statusCode, 400);
    assert.equal(noEvidence.json().errors[0].field, '/kb');
    assert.equal((await member.request('PATCH', url, { status: 'fixed', kb: 'patched' })).json().errors[0].field, '/kb');
    const fixed = await member.request('PATCH', url, { status: 'fixed', kb: 'kb5028168', note: 'Cập nhật tháng 7' });
    assert.equal(fixed.statusCode, 200, fixed.body);
    assert.deepEqual([fixed.json().status, fixed.json().kbs, fixed.json().history.map((h: { to: string }) => h.to)], ['fixed', ['KB5028168'], ['acknowledged', 'fixed']]);
    assert.equal((await member.request('PATCH', url, { status: 'acknowledged' })).statusCode, 409);
    const sp = theirs[0];
    const spUrl = `/api/v1/warnings/${warningId}/targets/${sp.id}`;
    const past = await other.request('PATCH', spUrl, { status: 'risk_accepted', riskApprover: 'Giám đốc Sở Y tế', riskExpiresOn: '2026-10-01' });
    assert.equal(past.json().errors[0].field, '/riskExpiresOn');
    const noSuchDay = await other.request('PATCH', spUrl, { status: 'risk_accepted', riskApprover: 'Giám đốc Sở Y tế', riskExpiresOn: '2027-02-30' });
    assert.deepEqual([noSuchDay.statusCode, noSuchDay.json().errors[0].field], [400, '/riskExpiresOn']);
    assert.equal((await other.request('PATCH', spUrl, { status: 'not_affected' })).json().errors[0].field, '/reason');
    const risk = await other.request('PATCH', spUrl, { status: 'risk_accepted', riskApprover: 'Giám đốc Sở Y tế', riskExpiresOn: '2026-12-31', reason: 'Chờ nâng cấp phần cứng' });
    assert.equal(risk.statusCode, 200, risk.body);
    assert.deepEqual([risk.json().riskApprover, risk.json().riskExpiresOn], ['Giám đốc Sở Y tế', '2026-12-31']);
  });

  it('bulk updates are all or nothing, and the board shows % fixed, open and not acknowledged per agency', async () => {
    const mine = (await member.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items;
    const ids = mine.map((x: { id: string }) => x.id);
    const mixed = await member.request('POST', `/api/v1/warnings/${warningId}/targets/bulk`, { targetIds: ids, status: 'not_affected', reason: 'Đã gỡ bỏ' });
    assert.equal(mixed.statusCode, 200, 'fixed → not_affected and acknowledged → not_affected are both allowed');
    const back = await member.request('POST', `/api/v1/warnings/${warningId}/targets/bulk`, { targetIds: [...ids, randomUUID()], status: 'affected' });
    assert.equal(back.statusCode, 400);
    assert.equal(back.json().errors[0].field, '/targetIds/2');
    assert.ok((await member.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items.every((x: { status: string }) => x.status === 'not_affected'), 'nothing changed');
    await member.request('POST', `/api/v1/warnings/${warningId}/targets/bulk`, { targetIds: ids, status: 'affected' });
    const dvc = mine.find((x: { systemId: string }) => x.systemId === sys.dvc);
    await member.request('PATCH', `/api/v1/warnings/${warningId}/targets/${dvc.id}`, { status: 'fixed', version: '10.0.17763.4645' });
    const board = (await coord.request('GET', `/api/v1/warnings/${warningId}/board`)).json();
    assert.deepEqual({ ...board.totals }, { systems: 3, notAcknowledged: 0, acknowledged: 3, affected: 1, notAffected: 0, fixed: 1, riskAccepted: 1, open: 1, overdue: 0, percentFixed: 33.3, percentResolved: 66.7 });
    const u1 = board.agencies.find((a: { agencyId: string }) => a.agencyId === tree.u1);
    assert.deepEqual([u1.fixed, u1.open, u1.percentFixed], [1, 1, 50]);
    const mineOnly = (await member.request('GET', '/api/v1/warnings')).json().items[0];
    assert.equal(mineOnly.totals.systems, 2, 'an agency sees the figures of its own systems');
    const across = (await coord.request('GET', '/api/v1/warning-board')).json().items;
    assert.deepEqual(across.map((a: { agencyId: string; warnings: number }) => [a.agencyId, a.warnings]).sort(), [[tree.d2, 1], [tree.u1, 1]].sort());
  });

  it('exports the board as XLSX and DOCX and the letter as DOCX', async () => {
    const x = await coord.request('GET', `/api/v1/warnings/${warningId}/board.xlsx`);
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-disposition']), /^attachment; filename="tinh-hinh-khac-phuc-CB-2026-1\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const detail = wb.worksheets.map((s) => s.name);
    assert.ok(detail.length >= 2, detail.join());
    const d = await coord.request('GET', `/api/v1/warnings/${warningId}/board.docx`);
    assert.match(docxText(d.rawPayload), /Đã khắc phục|khắc phục/);
    const l = await member.request('GET', `/api/v1/warnings/${warningId}/letter.docx?agencyId=${tree.u1}`);
    assert.equal(l.statusCode, 200);
    assert.equal((await member.request('GET', `/api/v1/warnings/${warningId}/letter.docx?agencyId=${tree.d2}`)).statusCode, 404);
  });

  it('reminds before the deadline, raises an overdue alert after it, reopens expired risk acceptances', async () => {
    clock.set(new Date('2026-11-14T12:00:00Z'));
    const r1 = await t.ctx.vulns.reminders.run();
    assert.deepEqual(r1, { reminded: 1, escalated: 0, reopened: 0 }, 'only u1 has an open system; d2 accepted the risk');
    assert.deepEqual((await outbox('warning.reminder')).map((m) => m.recipient), ['daumoi@ttcntt.gov.vn']);
    assert.deepEqual(await t.ctx.vulns.reminders.run(), { reminded: 0, escalated: 0, reopened: 0 }, 'once');
    clock.set(new Date('2026-11-16T10:05:00Z'));
    await relogin();
    assert.deepEqual(await t.ctx.vulns.reminders.run(), { reminded: 0, escalated: 1, reopened: 0 });
    const alert = await db().selectFrom('alerts').select(['kind', 'agency_id', 'status']).where('kind', '=', 'vuln.overdue').executeTakeFirstOrThrow();
    assert.deepEqual([alert.agency_id, alert.status], [tree.u1, 'open']);
    const late = (await member.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items.find((x: { status: string }) => x.status === 'affected');
    assert.equal(late.overdue, true);
    await member.request('PATCH', `/api/v1/warnings/${warningId}/targets/${late.id}`, { status: 'fixed', kb: 'KB5028171' });
    const resolved = await db().selectFrom('alerts').select('status').where('kind', '=', 'vuln.overdue').executeTakeFirstOrThrow();
    assert.equal(resolved.status, 'resolved', 'nothing open left: the overdue alert resolves');
    clock.set(new Date('2027-01-01T03:00:00Z'));
    await relogin();
    const r4 = await t.ctx.vulns.reminders.run();
    assert.deepEqual(r4, { reminded: 0, escalated: 1, reopened: 1 }, 'the acceptance ended on 2026-12-31: affected again, and overdue');
    const sp = (await other.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items[0];
    assert.deepEqual([sp.status, sp.riskApprover], ['affected', null]);
    const hist = (await other.request('GET', `/api/v1/warnings/${warningId}/targets/${sp.id}`)).json().history;
    assert.match(hist.at(-1).data.note, /Hết hạn chấp nhận rủi ro \(2026-12-31/);
  });

  it('closes; a closed warning takes no more updates; drafts can be deleted, sent ones cannot', async () => {
    assert.equal((await member.request('POST', `/api/v1/warnings/${warningId}/close`)).statusCode, 403);
    assert.equal((await coord.request('POST', `/api/v1/warnings/${warningId}/close`)).json().status, 'closed');
    const t1 = (await other.request('GET', `/api/v1/warnings/${warningId}/targets`)).json().items[0];
    assert.equal((await other.request('PATCH', `/api/v1/warnings/${warningId}/targets/${t1.id}`, { status: 'fixed', kb: 'KB5002424' })).statusCode, 409);
    assert.equal((await coord.request('DELETE', `/api/v1/warnings/${warningId}`)).statusCode, 409);
    const d = (await coord.request('POST', '/api/v1/warnings', { title: 'Nháp thử', filter: { cves: ['CVE-2023-4966'] }, deadline: '2027-02-01T00:00:00Z' })).json();
    const none = await coord.request('POST', `/api/v1/warnings/${d.id}/send`);
    assert.equal(none.statusCode, 409, 'hits no system');
    assert.equal((await coord.request('DELETE', `/api/v1/warnings/${d.id}`)).statusCode, 204);
  });
});
