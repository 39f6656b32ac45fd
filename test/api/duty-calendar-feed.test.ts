import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { signCalendarToken, verifyCalendarToken } from '../../server/src/duty/calendar-feed-token.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** Signed calendar-feed URLs: what a phone calendar subscribes to without logging in. */
const QUOC_KHANH = { name: 'Quốc khánh 2/9/2026', start: '2026-08-29T18:00', end: '2026-09-03T08:00', timeZone: 'Asia/Ho_Chi_Minh' };
const TWELVE_HOURS = { shiftHours: 12, handoverTime: '08:00' };

describe('signed iCalendar feeds', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let member: Session;
  let an: Session;
  let anId: string;
  let rosterId: string;
  let otherRosterId: string;

  before(async () => {
    t = await createTestApp({ config: { publicUrl: 'https://vigil.example.gov.vn/' } });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.d1);
    member = await login(t.app, 'member');
    anId = (await createUser(t.ctx, 'duty-an', 'agency_member', tree.u1)).id;
    an = await login(t.app, 'duty-an');
    const binh = (await createUser(t.ctx, 'duty-binh', 'agency_member', tree.u1)).id;
    const period = await t.ctx.duty.createPeriod(SYSTEM_ACTOR, { ...QUOC_KHANH, agencyId: tree.d1 });
    rosterId = (await t.ctx.duty.createRoster(SYSTEM_ACTOR, period.id, { name: 'Tổ trực', agencyId: tree.u1, members: [anId, binh], rotation: TWELVE_HOURS })).id;
    const yte = (await createUser(t.ctx, 'duty-yte', 'agency_member', tree.d2)).id;
    const other = await t.ctx.duty.createPeriod(SYSTEM_ACTOR, { ...QUOC_KHANH, agencyId: tree.d2 });
    otherRosterId = (await t.ctx.duty.createRoster(SYSTEM_ACTOR, other.id, { name: 'Sở Y tế', agencyId: tree.d2, members: [yte], rotation: TWELVE_HOURS })).id;
  });
  after(() => t.close());

  const path = (url: string) => new URL(url).pathname;
  const anonymous = (url: string) => t.app.inject({ method: 'GET', url });

  test('a roster link: under the public URL, served without a session, the same body as calendar.ics', async () => {
    const link = await member.request('GET', `/api/v1/duty/rosters/${rosterId}/calendar-link`);
    assert.equal(link.statusCode, 200, link.body);
    const url = link.json().url as string;
    assert.match(url, /^https:\/\/vigil\.example\.gov\.vn\/ical\/c1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.ics$/);
    const feed = await anonymous(path(url));
    assert.equal(feed.statusCode, 200, feed.body);
    assert.equal(feed.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.equal(feed.headers['referrer-policy'], 'no-referrer');
    const authed = await member.request('GET', `/api/v1/duty/rosters/${rosterId}/calendar.ics`);
    // DTSTAMP is "now" on both; the clock of the test context does not move between them.
    assert.equal(feed.body.replace(/DTSTAMP:\S+/g, ''), authed.body.replace(/DTSTAMP:\S+/g, ''));
    assert.equal(feed.body.split('BEGIN:VEVENT').length - 1, 10);
  });

  test('a personal link shows the caller\'s own shifts', async () => {
    const link = await an.request('GET', '/api/v1/duty/my/calendar-link');
    assert.equal(link.statusCode, 200, link.body);
    const feed = await anonymous(path(link.json().url));
    assert.equal(feed.statusCode, 200, feed.body);
    assert.match(feed.body, /X-WR-CALNAME:Lịch trực: duty-an/);
    assert.equal(feed.body.split('BEGIN:VEVENT').length - 1, 5);
  });

  test('altered, forged or truncated tokens are a bare 404', async () => {
    const url = path((await member.request('GET', `/api/v1/duty/rosters/${rosterId}/calendar-link`)).json().url);
    const token = url.slice('/ical/'.length, -'.ics'.length);
    const [v, payload, sig] = token.split('.') as [string, string, string];
    // Another roster's id in the payload, the signature kept.
    const swapped = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), i: otherRosterId })).toString('base64url');
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    const forged = signCalendarToken({ kind: 'roster', id: otherRosterId, issuedBy: anId }, Buffer.alloc(32, 7));
    const cases = [
      `/ical/${v}.${swapped}.${sig}.ics`,
      `/ical/${v}.${payload}.${flipped}.ics`,
      `/ical/${forged}.ics`,
      `/ical/${v}.${payload}.ics`,
      `/ical/${token}`,
      `/ical/c1.${'x'.repeat(190)}.ics`,
      '/ical/c1..ics',
    ];
    for (const c of cases) {
      const res = await anonymous(c);
      assert.equal(res.statusCode, 404, `${c}: ${res.body}`);
      assert.ok(!res.body.includes('VCALENDAR'));
      assert.ok(!/signature|expired|malformed|issuer/i.test(res.body), res.body);
    }
  });

  test('another agency\'s roster: no link, and a link whose issuer lost access stops working', async () => {
    assert.equal((await member.request('GET', `/api/v1/duty/rosters/${otherRosterId}/calendar-link`)).statusCode, 404);
    // Signed with the real key, but the issuer cannot see the roster: the feed is read with their rights.
    const key = await t.ctx.signingKeys.key('calendar');
    const memberUser = await t.ctx.repos.users.findByUsername(t.ctx.database.db, 'member');
    const crafted = signCalendarToken({ kind: 'roster', id: otherRosterId, issuedBy: memberUser!.id }, key);
    assert.equal((await anonymous(`/ical/${crafted}.ics`)).statusCode, 404);
    // Someone else's personal feed cannot be named, even with a valid signature.
    const notSelf = signCalendarToken({ kind: 'user', id: anId, issuedBy: memberUser!.id }, key);
    assert.equal((await anonymous(`/ical/${notSelf}.ics`)).statusCode, 404);
    // Disabling the issuer ends their links.
    const url = path((await member.request('GET', `/api/v1/duty/rosters/${rosterId}/calendar-link`)).json().url);
    assert.equal((await anonymous(url)).statusCode, 200);
    await t.ctx.repos.users.update(t.ctx.database.db, memberUser!.id, { disabled: true });
    assert.equal((await anonymous(url)).statusCode, 404);
    await t.ctx.repos.users.update(t.ctx.database.db, memberUser!.id, { disabled: false });
  });

  test('the token module refuses what it did not sign', () => {
    const key = Buffer.alloc(32, 1);
    const token = signCalendarToken({ kind: 'roster', id: rosterId, issuedBy: anId }, key);
    assert.deepEqual(verifyCalendarToken(token, key), { kind: 'roster', id: rosterId, issuedBy: anId });
    assert.equal(verifyCalendarToken(token, Buffer.alloc(32, 2)), null);
    assert.equal(verifyCalendarToken(token.replace(/^c1/, 'v1'), key), null);
    assert.throws(() => signCalendarToken({ kind: 'roster', id: rosterId, issuedBy: anId }, Buffer.alloc(16)));
  });
});
