import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp } from '../helpers/test-app.ts';
import { makeDispatcher, startSmtp, waitFor, type SmtpReceiver } from '../notifications/outbox/helpers.ts';
import { parseMail } from '../notifications/mini-mime.ts';
import { alertRow, openAlerts, outboxRows, resolveAlerts, seedEscalation } from './helpers.ts';

/**
 * The whole path on real parts: an alert through the intake → a group → the on-duty officer's
 * e-mail in the same transaction → delivered to a loopback SMTP server by the real dispatcher →
 * nobody acknowledges → after the wait the supervisor is told → the link in the mail
 * acknowledges (GET shows, POST acts) → escalation stops.
 */
describe('alert intake and escalation', () => {
  const clock = new ManualClock(new Date('2026-08-30T03:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let smtp: SmtpReceiver;
  let seed: Awaited<ReturnType<typeof seedEscalation>>;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ clock, config: { publicUrl: 'http://vigil.test' } });
    seed = await seedEscalation(t.ctx, smtp.port);
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailTo = (addr: string) => smtp.accepted.map((m) => parseMail(m.raw)).filter((m) => (m.headers.get('to') ?? '').includes(addr));

  it('pages the officer in the alert transaction, escalates after the wait, and the mailed link stops it', async () => {
    const at = clock.now();
    assert.equal(await openAlerts(t.ctx, [alertRow({ key: 'k1', agencyId: seed.agency.id, systemId: seed.system.id, at })]), 1);
    // A repeat of an open key is counted, not paged again.
    assert.equal(await openAlerts(t.ctx, [alertRow({ key: 'k1', agencyId: seed.agency.id, systemId: seed.system.id, at })]), 0);
    let rows = await outboxRows(t.ctx);
    assert.equal(rows.length, 1, 'one delivery: the officer');
    assert.equal(rows[0]!.recipient, 'truc.ban@soyte.gov.vn');
    const groupId = rows[0]!.group_id!;
    const { group } = await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, groupId);
    assert.equal(group.status, 'triggered');
    assert.equal(group.nextEscalationAt, new Date(at.getTime() + 5 * 60_000).toISOString());

    const dispatcher = makeDispatcher(t.ctx.database.db, t.ctx.repos.notificationOutbox);
    dispatcher.start();
    try {
      await waitFor(() => mailTo('truc.ban@').length === 1, 10_000);
      const mail = mailTo('truc.ban@')[0]!;
      assert.match(mail.headers.get('subject') ?? '', /Cổng TTĐT Sở Y tế không truy cập được/);
      const ack = /http:\/\/vigil\.test(\/ack\/[A-Za-z0-9._%-]+)/.exec(mail.text)?.[1];
      assert.ok(ack, 'the mail carries an acknowledgement link');

      // Not yet due: nothing happens.
      clock.advance(4 * 60_000);
      assert.equal(await t.ctx.alerting.alertEscalation.runDue(), 0);
      clock.advance(60_000);
      assert.equal(await t.ctx.alerting.alertEscalation.runDue(), 1);
      rows = await outboxRows(t.ctx);
      assert.deepEqual(rows.map((r) => [r.recipient, r.template]).sort(), [['giam.sat@stttt.gov.vn', 'alert.escalated'], ['truc.ban@soyte.gov.vn', 'alert.triggered']]);
      await waitFor(() => mailTo('giam.sat@').length === 1, 10_000);
      assert.match(mailTo('giam.sat@')[0]!.headers.get('subject') ?? '', /Chuyển cấp 2/);

      // GET only shows (mail scanners open links); it does not acknowledge.
      const shown = await t.app.inject({ method: 'GET', url: ack });
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /Xác nhận đã nhận/);
      assert.match(String(shown.headers['content-security-policy']), /default-src 'none'/);
      assert.equal((await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, groupId)).group.status, 'triggered');

      const done = await t.app.inject({ method: 'POST', url: ack, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
      assert.equal(done.statusCode, 200, done.body);
      assert.match(done.body, /Đã xác nhận/);
      const after = await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, groupId);
      assert.equal(after.group.status, 'acknowledged');
      assert.equal(after.group.acknowledgedBy, 'Trần Trực Ban');
      assert.equal(after.group.nextEscalationAt, null);
      assert.ok(after.events.some((e) => e.type === 'acknowledged' && e.data.via === 'link'));

      // Time passes: no more escalation.
      clock.advance(60 * 60_000);
      assert.equal(await t.ctx.alerting.alertEscalation.runDue(), 0);
      assert.equal((await outboxRows(t.ctx)).length, 2);

      // Recovery resolves the group (database trigger) and tells both who were paged.
      await resolveAlerts(t.ctx, ['k1'], clock.now());
      const resolved = await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, groupId);
      assert.equal(resolved.group.status, 'resolved');
      const recovery = (await outboxRows(t.ctx)).filter((r) => r.template === 'alert.resolved').map((r) => r.recipient).sort();
      assert.deepEqual(recovery, ['giam.sat@stttt.gov.vn', 'truc.ban@soyte.gov.vn']);
    } finally {
      await dispatcher.stop();
    }
  });

  it('refuses forged, altered and expired links and changes nothing', async () => {
    const at = clock.now();
    await openAlerts(t.ctx, [alertRow({ key: 'k2', agencyId: seed.agency.id, at })]);
    const row = (await outboxRows(t.ctx)).find((r) => r.template === 'alert.triggered' && r.created_at >= new Date(0) && (r.payload as { links?: { ack?: string } }).links?.ack?.includes('/ack/') && r.group_id !== null && r.status !== 'sent')!;
    const link = new URL((row.payload as { links: { ack: string } }).links.ack).pathname;
    const [v, payload, sig] = decodeURIComponent(link.slice('/ack/'.length)).split('.');
    const tampered = `/ack/${v}.${payload}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`;
    const post = (url: string) => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal((await post(tampered)).statusCode, 400);
    assert.equal((await post('/ack/v1.eyJhIjoieCJ9.' + 'A'.repeat(43))).statusCode, 400);
    assert.equal((await post('/ack/not-a-token')).statusCode, 400);
    assert.ok([400, 414].includes((await t.app.inject({ method: 'GET', url: `/ack/${'x'.repeat(600)}` })).statusCode));
    assert.equal((await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, row.group_id!)).group.status, 'triggered');
    clock.advance(73 * 3_600_000); // past the 72 h link lifetime
    const expired = await post(link);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /hết hạn/);
    assert.equal((await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, row.group_id!)).group.status, 'triggered');
  });

  it('groups a hosting outage: 300 portals down are one group and one page', async () => {
    const before = (await outboxRows(t.ctx)).length;
    const systems = [];
    for (let i = 0; i < 30; i++) {
      systems.push(await t.ctx.systems.create(SYSTEM_ACTOR, { name: `Cổng ${i}`, ownerAgencyId: seed.agency.id, securityLevel: 2, urls: [`https://p${i}.example.gov.vn/`], hostingProvider: 'Viettel IDC' }));
    }
    const at = clock.now();
    // Arriving in several batches (several result-writer flushes), ten alerts per system.
    for (let b = 0; b < 10; b++) {
      await openAlerts(t.ctx, systems.map((s, i) => alertRow({ key: `storm:${b}:${i}`, agencyId: seed.agency.id, systemId: s.id, at, summary: `Cổng ${i} không truy cập được` })));
      clock.advance(1000);
    }
    const list = await t.ctx.alerting.alertGroups.list(SYSTEM_ACTOR, { status: 'active' });
    const storm = list.items.filter((g) => g.groupKey.includes('hosting:viettel idc'));
    assert.equal(storm.length, 1);
    assert.equal(storm[0]!.alertCount, 300);
    assert.equal((await outboxRows(t.ctx)).length - before, 1, 'one message for the whole outage');
    const detail = await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, storm[0]!.id);
    assert.equal(detail.members.length, 300);
    // Recovery of all resolves it; of some does not.
    await resolveAlerts(t.ctx, Array.from({ length: 299 }, (_, i) => `storm:${Math.floor(i / 30)}:${i % 30}`), clock.now());
    assert.equal((await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, storm[0]!.id)).group.status, 'triggered');
    await resolveAlerts(t.ctx, ['storm:9:29'], clock.now());
    assert.equal((await t.ctx.alerting.alertGroups.get(SYSTEM_ACTOR, storm[0]!.id)).group.status, 'resolved');
  });
});
