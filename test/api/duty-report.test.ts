import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { xmlProblem, zipParts } from '../helpers/docx.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/**
 * The daily duty report of Quốc khánh 2/9/2026 for 30/8 (Hà Nội time, UTC+7): the day runs
 * 2026-08-29T17:00Z – 2026-08-30T17:00Z. Alerts are written straight into the tables the
 * monitoring engine and the alerting core write, around that day's edges.
 */
const QUOC_KHANH = { name: 'Quốc khánh 2/9/2026', start: '2026-08-29T18:00', end: '2026-09-03T08:00', timeZone: 'Asia/Ho_Chi_Minh' };

interface Item { id: string; type: string; title: string; statusAtEnd: string; severity: string; alertCount: number }

describe('daily duty report API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let member: Session;
  let admin: Session;
  let people: string[];
  let periodId: string;
  let otherPeriodId: string;
  let widePeriodId: string;
  const ids: Record<string, string> = {};

  const alert = async (name: string, f: { agencyId: string | null; openedAt: string; resolvedAt?: string; severity?: string; groupId?: string }) => {
    const id = randomUUID();
    ids[name] = id;
    await t.ctx.database.db.insertInto('alerts').values({
      id, dedup_key: `report-test:${name}`, monitor_id: null, system_id: null, agency_id: f.agencyId, kind: 'monitor.down', severity: f.severity ?? 'high',
      status: f.resolvedAt ? 'resolved' : 'open', opened_at: new Date(f.openedAt), resolved_at: f.resolvedAt ? new Date(f.resolvedAt) : null,
      summary: name, details: '{}', group_id: f.groupId ?? null,
    }).execute();
    return id;
  };

  before(async () => {
    t = await createTestApp();
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.d1);
    member = await login(t.app, 'member');
    admin = await login(t.app, 'admin');
    people = [];
    for (const name of ['an', 'binh', 'chi', 'dung']) people.push((await createUser(t.ctx, `duty-${name}`, 'agency_member', tree.u1)).id);

    periodId = (await t.ctx.duty.createPeriod(SYSTEM_ACTOR, { ...QUOC_KHANH, agencyId: tree.d1 })).id;
    const roster = await t.ctx.duty.createRoster(SYSTEM_ACTOR, periodId, { name: 'Tổ trực Sở TT&TT', agencyId: tree.u1, members: people, rotation: { shiftHours: 12, handoverTime: '08:00' } });
    await t.ctx.duty.addHandoverNote(SYSTEM_ACTOR, roster.id, { at: new Date('2026-08-30T01:00:00Z'), text: 'Cổng tỉnh chậm lúc 6h; đã báo nhà mạng.' });
    otherPeriodId = (await t.ctx.duty.createPeriod(SYSTEM_ACTOR, { ...QUOC_KHANH, agencyId: tree.d2 })).id;
    widePeriodId = (await t.ctx.duty.createPeriod(SYSTEM_ACTOR, { ...QUOC_KHANH, name: 'Toàn tỉnh', agencyId: null })).id;

    await alert('opened and resolved that day', { agencyId: tree.u1, openedAt: '2026-08-30T02:00:00Z', resolvedAt: '2026-08-30T05:00:00Z' });
    await alert('open since the evening before', { agencyId: tree.u1, openedAt: '2026-08-29T12:00:00Z', severity: 'critical' });
    await alert('opened that day, resolved the next', { agencyId: tree.u1, openedAt: '2026-08-30T10:00:00Z', resolvedAt: '2026-08-31T01:00:00Z', severity: 'medium' });
    await alert('over before the day', { agencyId: tree.u1, openedAt: '2026-08-28T01:00:00Z', resolvedAt: '2026-08-29T01:00:00Z' });
    await alert('after the day', { agencyId: tree.u1, openedAt: '2026-08-31T03:00:00Z' });
    await alert('OTHER agency alert', { agencyId: tree.d2, openedAt: '2026-08-30T03:00:00Z' });
    await alert('no agency alert', { agencyId: null, openedAt: '2026-08-30T03:30:00Z' });
    const groupId = randomUUID();
    ids.group = groupId;
    await t.ctx.database.db.insertInto('alert_groups').values({
      id: groupId, group_key: 'report-test:hosting', status: 'acknowledged', severity: 'high', kind: 'monitor.down', source: 'monitoring',
      title: 'Nhà cung cấp hosting mất kết nối', agency_id: tree.d1, alert_count: 2, open_count: 2,
      opened_at: new Date('2026-08-30T04:00:00Z'), last_alert_at: new Date('2026-08-30T04:01:00Z'), acknowledged_at: new Date('2026-08-30T05:00:00Z'),
    }).execute();
    await alert('grouped portal 1', { agencyId: tree.u1, openedAt: '2026-08-30T04:00:00Z', groupId });
    await alert('grouped portal 2', { agencyId: tree.u1, openedAt: '2026-08-30T04:01:00Z', groupId });
  });
  after(() => t.close());

  const incident = async (number: string, f: { agencyId: string; receivedAt: string; closedAt?: string; confidential?: boolean }) => {
    const id = randomUUID();
    await t.ctx.database.db.insertInto('incidents').values({
      id, number, reporting_agency_id: f.agencyId, reported_by: null, title: `Sự cố ${number}`, type: 'defacement', cause: null, cause_detail: null, description: 'x',
      detected_at: new Date(f.receivedAt), detection_method: 'ids', detection_detail: null, handled: false, phase: null, form03: '{}', received_at: new Date(f.receivedAt),
      receipt_acknowledged_at: new Date(f.receivedAt), response_ended_at: null, closed_at: f.closedAt ? new Date(f.closedAt) : null, status: f.closedAt ? 'closed' : 'handling',
      form04: null, assignee_id: null, team: null, alert_group_id: null, jurisdiction_id: null, confidential: f.confidential ?? false,
      created_at: new Date(f.receivedAt), updated_at: new Date(f.receivedAt),
    }).execute();
  };

  test('incidents of the day: received, closed, carried over open; confidential ones only for administrators', async () => {
    await incident('SC-T-1', { agencyId: tree.u1, receivedAt: '2026-08-30T03:00:00Z' });
    await incident('SC-T-2', { agencyId: tree.u1, receivedAt: '2026-08-29T03:00:00Z', closedAt: '2026-08-30T09:00:00Z' });
    await incident('SC-T-3', { agencyId: tree.u1, receivedAt: '2026-08-28T03:00:00Z' });
    await incident('SC-T-4', { agencyId: tree.u1, receivedAt: '2026-08-27T03:00:00Z', closedAt: '2026-08-28T03:00:00Z' });
    await incident('SC-T-5', { agencyId: tree.d2, receivedAt: '2026-08-30T03:00:00Z' });
    await incident('SC-T-6', { agencyId: tree.u1, receivedAt: '2026-08-30T04:00:00Z', confidential: true });
    const r = (await report(member, periodId, '2026-08-30')).json();
    const byNumber = Object.fromEntries(r.incidents.map((i: { number: string; openAtEnd: boolean; receivedToday: boolean }) => [i.number, [i.receivedToday, i.openAtEnd]]));
    assert.deepEqual(byNumber, { 'SC-T-3': [false, true], 'SC-T-2': [false, false], 'SC-T-1': [true, true] });
    assert.equal(r.summary.incidentsReceived, 1);
    assert.equal(r.summary.incidentsOpen, 2);
    const all = (await report(admin, widePeriodId, '2026-08-30')).json();
    assert.ok(all.incidents.some((i: { number: string }) => i.number === 'SC-T-6'), 'administrators see confidential ones');
    const docx = await member.request('GET', `/api/v1/duty/periods/${periodId}/report.docx?date=2026-08-30`);
    assert.equal(docx.statusCode, 200);
  });

  const report = async (s: Session, period: string, date: string) => s.request('GET', `/api/v1/duty/periods/${period}/report?date=${date}`);
  const titles = (items: Item[]) => items.map((i) => i.title);

  test('the report of 30/8: shifts, hand-over notes, opened, resolved and still open', async () => {
    const res = await report(member, periodId, '2026-08-30');
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.window.start, '2026-08-29T17:00:00.000Z');
    assert.equal(r.window.end, '2026-08-30T17:00:00.000Z');
    assert.equal(r.window.startLocal, '30/08/2026 00:00');
    assert.equal(r.unitName, 'Sở Thông tin và Truyền thông');
    // 29/8 20:00–30/8 08:00, 30/8 08:00–20:00, 30/8 20:00–31/8 08:00, handed round in member order.
    const shifts = r.rosters[0].shifts as { personId: string; start: string; end: string }[];
    assert.deepEqual(shifts.map((s) => [s.personId, s.start]), [
      [people[1], '2026-08-29T13:00:00.000Z'], [people[2], '2026-08-30T01:00:00.000Z'], [people[3], '2026-08-30T13:00:00.000Z'],
    ]);
    assert.deepEqual(r.handoverNotes.map((n: { text: string }) => n.text), ['Cổng tỉnh chậm lúc 6h; đã báo nhà mạng.']);

    assert.deepEqual(titles(r.opened), ['opened and resolved that day', 'Nhà cung cấp hosting mất kết nối', 'opened that day, resolved the next']);
    assert.deepEqual(titles(r.resolved), ['opened and resolved that day']);
    // Most severe first; the alert resolved the next day was still open at the end of this one.
    assert.deepEqual(titles(r.stillOpen), ['open since the evening before', 'Nhà cung cấp hosting mất kết nối', 'opened that day, resolved the next']);
    const byTitle = new Map((r.stillOpen as Item[]).map((i) => [i.title, i]));
    assert.equal(byTitle.get('Nhà cung cấp hosting mất kết nối')!.statusAtEnd, 'acknowledged');
    assert.equal(byTitle.get('Nhà cung cấp hosting mất kết nối')!.type, 'group');
    assert.equal(byTitle.get('Nhà cung cấp hosting mất kết nối')!.alertCount, 2);
    assert.equal(byTitle.get('opened that day, resolved the next')!.statusAtEnd, 'open');
    // The group's member alerts are the group's, not listed again.
    assert.ok(![...r.opened, ...r.stillOpen].some((i: Item) => i.title.startsWith('grouped portal')));
    const { opened, resolved, stillOpen, stillOpenCritical } = r.summary;
    assert.deepEqual({ opened, resolved, stillOpen, stillOpenCritical }, { opened: 3, resolved: 1, stillOpen: 3, stillOpenCritical: 1 });
  });

  test('the first day is cut to the period, which starts at 18:00', async () => {
    const r = (await report(member, periodId, '2026-08-29')).json();
    assert.equal(r.window.startLocal, '29/08/2026 18:00');
    assert.equal(r.window.endLocal, '30/08/2026 00:00');
    assert.deepEqual(titles(r.opened), ['open since the evening before']);
  });

  test('scoping: another agency\'s alerts never appear; another agency\'s period does not exist', async () => {
    for (const [who, s, period] of [['member', member, periodId], ['member', member, widePeriodId], ['admin', admin, periodId]] as const) {
      const r = (await report(s, period, '2026-08-30')).json();
      const all = [...r.opened, ...r.resolved, ...r.stillOpen].map((i: Item) => i.title);
      assert.ok(!all.includes('OTHER agency alert'), `${who} ${period}: ${all}`);
      assert.ok(!all.includes('no agency alert'), `${who} ${period}: ${all}`);
    }
    // A province-wide period read tree-wide shows everything, agency or not.
    const wide = (await report(admin, widePeriodId, '2026-08-30')).json();
    const all = wide.opened.map((i: Item) => i.title);
    assert.ok(all.includes('OTHER agency alert') && all.includes('no agency alert'), all.join(', '));
    assert.equal(wide.rosters.length, 0);
    assert.equal((await report(member, otherPeriodId, '2026-08-30')).statusCode, 404);
    assert.equal((await member.request('GET', `/api/v1/duty/periods/${otherPeriodId}/report.docx?date=2026-08-30`)).statusCode, 404);
  });

  test('a date that is not a day of the period is a 400 on date', async () => {
    for (const date of ['2026-02-31', '30/08/2026', '2026-09-10', '2026-08-28', '']) {
      for (const url of [`/api/v1/duty/periods/${periodId}/report?date=${date}`, `/api/v1/duty/periods/${periodId}/report.docx?date=${date}`]) {
        const res = await member.request('GET', url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.deepEqual(res.json().errors.map((e: { field: string }) => e.field), ['/date'], res.body);
      }
    }
    const missing = await member.request('GET', `/api/v1/duty/periods/${periodId}/report`);
    assert.equal(missing.statusCode, 400);
    assert.ok(missing.json().errors.some((e: { field: string }) => e.field.endsWith('date')), missing.body);
  });

  test('the DOCX is a Word document with the Vietnamese title, the motto and the tables', async () => {
    const res = await member.request('GET', `/api/v1/duty/periods/${periodId}/report.docx?date=2026-08-30`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(String(res.headers['content-disposition']), /attachment; filename="bao-cao-truc-2026-08-30\.docx"/);
    const parts = zipParts(res.rawPayload);
    assert.ok(parts.has('[Content_Types].xml'));
    const xml = parts.get('word/document.xml');
    assert.ok(xml, [...parts.keys()].join(', '));
    assert.equal(xmlProblem(xml), null);
    assert.doesNotMatch(xml, /<\/w:tbl>\s*<w:tbl>/, 'adjacent tables would be merged into one by Word');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
    for (const s of ['BÁO CÁO TÌNH HÌNH TRỰC NGÀY 30/08/2026', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG',
      'duty-binh', 'Cổng tỉnh chậm lúc 6h; đã báo nhà mạng.', 'open since the evening before', 'Nghiêm trọng', 'CÁC VẤN ĐỀ CÒN TỒN ĐỌNG CUỐI NGÀY']) {
      assert.ok(text.includes(s), `missing "${s}"`);
    }
    assert.ok(!text.includes('OTHER agency alert'));
    assert.match(xml, /Times New Roman/);
    assert.match(parts.get('word/styles.xml') ?? '', /w:sz w:val="26"/, '13 pt default');
  });

  test('text a source controls (control characters) still makes a valid document', async () => {
    await alert('bad \u0001 bytes \u0008 <w:t> & "quotes"', { agencyId: tree.u1, openedAt: '2026-09-01T02:00:00Z' });
    const res = await member.request('GET', `/api/v1/duty/periods/${periodId}/report.docx?date=2026-09-01`);
    assert.equal(res.statusCode, 200, res.body);
    const xml = zipParts(res.rawPayload).get('word/document.xml')!;
    assert.equal(xmlProblem(xml), null);
    assert.ok(xml.includes('bad  bytes  &lt;w:t&gt; &amp;'), 'escaped, control characters dropped');
  });
});
