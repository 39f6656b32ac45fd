import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** Quốc khánh 2/9/2026: 24/7 duty from 29/8 18:00 to 3/9 08:00, Hà Nội time (UTC+7). */
const QUOC_KHANH = { name: 'Quốc khánh 2/9/2026', start: '2026-08-29T18:00', end: '2026-09-03T08:00', timeZone: 'Asia/Ho_Chi_Minh' };
const TWELVE_HOURS = { shiftHours: 12, handoverTime: '08:00' };

interface ShiftJson { id: string; rosterId: string; personId: string; personName: string; start: string; end: string }

describe('duty rosters API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let member: Session;
  let viewer: Session;
  let people: string[];
  let outsider: string;
  let periodId: string;
  let rosterId: string;

  before(async () => {
    t = await createTestApp();
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.d1);
    await createUser(t.ctx, 'viewer', 'viewer', tree.d1);
    member = await login(t.app, 'member');
    viewer = await login(t.app, 'viewer');
    people = [];
    for (const name of ['an', 'binh', 'chi', 'dung', 'em']) people.push((await createUser(t.ctx, `duty-${name}`, 'agency_member', tree.u1)).id);
    outsider = (await createUser(t.ctx, 'duty-yte', 'agency_member', tree.d2)).id;
  });
  after(() => t.close());

  const counts = async () => {
    const db = t.ctx.database.db;
    const n = async (table: 'alert_periods' | 'duty_rosters') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { periods: await n('alert_periods'), rosters: await n('duty_rosters') };
  };
  const fields = (body: string) => (JSON.parse(body).errors as { field: string }[]).map((e) => e.field);

  test('the Quốc khánh period with a 12 h roster of four: schedule and coverage', async () => {
    const p = await member.request('POST', '/api/v1/duty/periods', { ...QUOC_KHANH, agencyId: tree.d1 });
    assert.equal(p.statusCode, 201, p.body);
    periodId = p.json().id;
    assert.equal(p.json().startsAt, '2026-08-29T11:00:00.000Z');
    assert.equal(p.json().endsAt, '2026-09-03T01:00:00.000Z');

    const r = await member.request('POST', `/api/v1/duty/periods/${periodId}/rosters`, { name: 'Tổ trực Sở TT&TT', agencyId: tree.u1, members: people.slice(0, 4), rotation: TWELVE_HOURS });
    assert.equal(r.statusCode, 201, r.body);
    rosterId = r.json().id;

    const s = await member.request('GET', `/api/v1/duty/rosters/${rosterId}/schedule`);
    assert.equal(s.statusCode, 200, s.body);
    const shifts = s.json().shifts as ShiftJson[];
    // 18:00–20:00 on the first evening, then nine 12 h shifts to 3/9 08:00, handed round in order.
    assert.equal(shifts.length, 10);
    assert.equal(shifts[0]!.start, '2026-08-29T11:00:00.000Z');
    assert.equal(shifts[0]!.end, '2026-08-29T13:00:00.000Z');
    assert.equal(shifts.at(-1)!.end, '2026-09-03T01:00:00.000Z');
    shifts.forEach((sh, i) => {
      assert.equal(sh.personId, people[i % 4]);
      if (i > 0) assert.equal(sh.start, shifts[i - 1]!.end);
    });
    assert.equal(shifts[0]!.personName, 'duty-an');

    const c = await member.request('GET', `/api/v1/duty/periods/${periodId}/coverage`);
    assert.equal(c.statusCode, 200, c.body);
    assert.equal(c.json().ok, true);
    assert.equal(c.json().agencies.length, 1);
    assert.deepEqual(c.json().agencies[0].report.gaps, []);
    assert.deepEqual(c.json().agencies[0].report.doubleBookings, []);
  });

  test('a nights-only roster leaves the days uncovered', async () => {
    const p = await member.request('POST', '/api/v1/duty/periods', { ...QUOC_KHANH, name: 'Trực đêm', agencyId: tree.d1 });
    assert.equal(p.statusCode, 201, p.body);
    const r = await member.request('POST', `/api/v1/duty/periods/${p.json().id}/rosters`, {
      name: 'Trực đêm', members: people.slice(0, 2), rotation: { ...TWELVE_HOURS, startTimes: ['20:00'] },
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().agencyId, tree.d1, 'defaults to the actor\'s agency');
    const c = (await member.request('GET', `/api/v1/duty/periods/${p.json().id}/coverage`)).json();
    assert.equal(c.ok, false);
    const gaps = c.agencies[0].report.gaps as { startLocal: string; endLocal: string; hours: number }[];
    assert.deepEqual(gaps.map((g) => `${g.startLocal}–${g.endLocal}`), [
      '29/08/2026 18:00–29/08/2026 20:00',
      '30/08/2026 08:00–30/08/2026 20:00',
      '31/08/2026 08:00–31/08/2026 20:00',
      '01/09/2026 08:00–01/09/2026 20:00',
      '02/09/2026 08:00–02/09/2026 20:00',
    ]);
  });

  test('a person on two overlapping rosters is a double booking', async () => {
    const r = await member.request('POST', `/api/v1/duty/periods/${periodId}/rosters`, { name: 'Tổ ứng cứu', agencyId: tree.u1, members: [people[0], people[4]], rotation: TWELVE_HOURS });
    assert.equal(r.statusCode, 201, r.body);
    const c = (await member.request('GET', `/api/v1/duty/periods/${periodId}/coverage`)).json();
    assert.equal(c.ok, false);
    const db = c.agencies[0].report.doubleBookings as { personId: string; message: string }[];
    assert.ok(db.length > 0);
    assert.ok(db.every((d) => d.personId === people[0]));
    assert.match(db[0]!.message, /duty-an/);
    assert.equal((await member.request('DELETE', `/api/v1/duty/rosters/${r.json().id}`)).statusCode, 204);
    assert.equal((await member.request('GET', `/api/v1/duty/periods/${periodId}/coverage`)).json().ok, true);
  });

  test('invalid plans are refused with field pointers and nothing is written', async () => {
    const before = await counts();
    const period = async (body: object) => member.request('POST', '/api/v1/duty/periods', { ...QUOC_KHANH, agencyId: tree.d1, ...body });
    const roster = async (body: object) => member.request('POST', `/api/v1/duty/periods/${periodId}/rosters`, { name: 'Sai', members: people.slice(0, 4), rotation: TWELVE_HOURS, ...body });
    const cases: [string, Promise<{ statusCode: number; body: string }>, string][] = [
      ['unknown time zone', period({ timeZone: 'Asia/Sai_Gon' }), '/timeZone'],
      ['end before start', period({ start: '2026-09-03T08:00', end: '2026-08-29T18:00' }), '/end'],
      ['unknown field', period({ colour: 'đỏ' }), '/colour'],
      ['overlapping overrides', roster({
        overrides: [
          { personId: people[0], from: '2026-08-30T08:00', to: '2026-08-30T20:00' },
          { personId: people[1], from: '2026-08-30T12:00', to: '2026-08-30T22:00' },
        ],
      }), '/overrides/1'],
      ['unknown member', roster({ members: [people[0], randomUUID()] }), '/members/1'],
      ['member the actor cannot see', roster({ members: [people[0], outsider] }), '/members/1'],
      ['unknown rotation field', roster({ rotation: { ...TWELVE_HOURS, everyOtherDay: true } }), '/rotation/everyOtherDay'],
    ];
    // A shift longer than the period needs a period shorter than 72 h (created, then removed).
    const short = await member.request('POST', '/api/v1/duty/periods', { name: 'Ngắn', start: '2026-09-10T08:00', end: '2026-09-12T08:00', agencyId: tree.d1 });
    const tooLong = await member.request('POST', `/api/v1/duty/periods/${short.json().id}/rosters`, { name: 'Dài', members: people.slice(0, 2), rotation: { shiftHours: 72, handoverTime: '08:00' } });
    cases.push(['shift longer than a short period', Promise.resolve(tooLong), '/rotation/shiftHours']);
    for (const [what, res, field] of cases) {
      const r = await res;
      assert.equal(r.statusCode, 400, `${what}: ${r.body}`);
      assert.ok(fields(r.body).includes(field), `${what}: ${r.body}`);
    }
    assert.equal((await member.request('DELETE', `/api/v1/duty/periods/${short.json().id}`)).statusCode, 204);
    assert.deepEqual(await counts(), before);
  });

  test('who is on duty at an instant, and at a hand-over exactly one answers', async () => {
    const at = async (iso: string) => {
      const res = await viewer.request('GET', `/api/v1/duty/on-duty?at=${iso}&agencyId=${tree.d1}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().rosters.find((r: { roster: { id: string } }) => r.roster.id === rosterId);
    };
    // 30/8 10:00 local: the third shift (08:00–20:00), the next hand-over at 20:00 to the fourth person.
    const mid = await at('2026-08-30T03:00:00Z');
    assert.deepEqual(mid.onDuty.map((s: ShiftJson) => s.personId), [people[2]]);
    assert.equal(mid.nextHandover.at, '2026-08-30T13:00:00.000Z');
    assert.deepEqual(mid.nextHandover.incoming.map((s: ShiftJson) => s.personId), [people[3]]);
    const boundary = await at('2026-08-30T01:00:00Z');
    assert.deepEqual(boundary.onDuty.map((s: ShiftJson) => s.personId), [people[2]]);
    assert.equal(await at('2026-09-05T00:00:00Z'), undefined, 'no period covers it');
  });

  test('hand-over notes only at shift boundaries', async () => {
    const ok = await member.request('POST', `/api/v1/duty/rosters/${rosterId}/handover-notes`, { at: '2026-08-30T01:00:00Z', text: 'Cổng tỉnh chậm lúc 6h; đã báo nhà mạng.' });
    assert.equal(ok.statusCode, 201, ok.body);
    const bad = await member.request('POST', `/api/v1/duty/rosters/${rosterId}/handover-notes`, { at: '2026-08-30T02:00:00Z', text: 'lệch giờ' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fields(bad.body), ['/at']);
    const s = (await member.request('GET', `/api/v1/duty/rosters/${rosterId}/schedule`)).json();
    assert.equal(s.handoverNotes.length, 1);
  });

  test('iCalendar feeds: a VEVENT per shift; the personal feed works with a Bearer token', async () => {
    const res = await member.request('GET', `/api/v1/duty/rosters/${rosterId}/calendar.ics`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.match(res.body, /^BEGIN:VCALENDAR\r\n/);
    assert.equal(res.body.split('BEGIN:VEVENT').length - 1, 10);

    const first = await t.ctx.repos.users.findById(t.ctx.database.db, people[0]!);
    const session = await login(t.app, first!.username);
    const token = (await session.request('POST', '/api/v1/tokens', { name: 'lịch' })).json().token as string;
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/duty/my/calendar.ics', headers: { authorization: `Bearer ${token}` } });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.headers['content-type'], 'text/calendar; charset=utf-8');
    // Three shifts on the four-person roster (1st, 5th, 9th) and three nights on the two-person one.
    assert.equal(mine.body.split('BEGIN:VEVENT').length - 1, 6);
    assert.match(mine.body, /X-WR-CALNAME:Lịch trực: duty-an/);
  });

  test('scoping: another agency\'s roster does not exist; a viewer cannot write', async () => {
    const p = await t.ctx.duty.createPeriod(SYSTEM_ACTOR, { ...QUOC_KHANH, agencyId: tree.d2 });
    const other = await t.ctx.duty.createRoster(SYSTEM_ACTOR, p.id, { name: 'Sở Y tế', agencyId: tree.d2, members: [outsider], rotation: TWELVE_HOURS });
    for (const [method, url] of [['GET', `/api/v1/duty/rosters/${other.id}`], ['GET', `/api/v1/duty/rosters/${other.id}/schedule`], ['PATCH', `/api/v1/duty/rosters/${other.id}`], ['GET', `/api/v1/duty/periods/${p.id}/coverage`]] as const) {
      const res = await member.request(method, url, method === 'PATCH' ? { name: 'x' } : undefined);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    }
    const onDuty = (await member.request('GET', '/api/v1/duty/on-duty?at=2026-08-30T03:00:00Z')).json();
    assert.ok(onDuty.rosters.every((r: { roster: { agencyId: string } }) => r.roster.agencyId !== tree.d2));

    assert.equal((await viewer.request('GET', `/api/v1/duty/rosters/${rosterId}`)).statusCode, 200);
    assert.equal((await viewer.request('PATCH', `/api/v1/duty/rosters/${rosterId}`, { name: 'x' })).statusCode, 403);
    assert.equal((await viewer.request('POST', '/api/v1/duty/periods', { ...QUOC_KHANH, agencyId: tree.d1 })).statusCode, 403);

    // Province-wide periods: everyone sees them, only coordinators and administrators change them.
    assert.equal((await member.request('POST', '/api/v1/duty/periods', { ...QUOC_KHANH, agencyId: null })).statusCode, 403);
    const admin = await login(t.app, 'admin');
    const wide = await admin.request('POST', '/api/v1/duty/periods', { ...QUOC_KHANH, name: 'Toàn tỉnh', agencyId: null });
    assert.equal(wide.statusCode, 201, wide.body);
    assert.ok((await member.request('GET', '/api/v1/duty/periods')).json().items.some((x: { id: string }) => x.id === wide.json().id));
    assert.equal((await member.request('PATCH', `/api/v1/duty/periods/${wide.json().id}`, { name: 'x' })).statusCode, 403);
    const audit = await t.ctx.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'duty.%').execute();
    assert.ok(audit.some((a) => a.action === 'duty.roster.create'));
  });
});
