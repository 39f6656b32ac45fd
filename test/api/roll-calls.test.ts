import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, type Session } from '../helpers/test-app.ts';
import { parseMail } from '../notifications/mini-mime.ts';
import { emailConfig, makeDispatcher, waitFor } from '../notifications/outbox/helpers.ts';

/**
 * A roll call end to end on real parts: a loopback SMTP server that accepts one mailbox and
 * refuses another (550 5.1.1, a bounce), a contact with no address at all, the real dispatcher,
 * and the answer link opened from the received mail.
 */
describe('contact-point roll call', () => {
  const clock = new ManualClock(new Date('2026-08-30T03:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let coord: Session;
  let smtp: SMTPServer;
  const mails: string[] = [];
  let agencyId = '';

  before(async () => {
    smtp = new SMTPServer({
      logger: false, authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'],
      onRcptTo(addr, _s, cb) {
        if (addr.address.startsWith('khong.ton.tai')) return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData(stream, _s, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => { mails.push(Buffer.concat(chunks).toString('utf8')); cb(); });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as { port: number }).port;
    t = await createTestApp({ clock, config: { publicUrl: 'http://vigil.test' } });
    await t.ctx.repos.notificationOutbox.insertChannel(t.ctx.database.db, { id: randomUUID(), name: 'SMTP', kind: 'email', config: emailConfig(port) });
    const province = await t.ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'DNA', name: 'Tỉnh Đồng Nai', kind: 'province' });
    agencyId = (await t.ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: 'SYT', name: 'Sở Y tế', kind: 'department' })).id;
    const c = (name: string, email?: string) => t.ctx.contacts.create(SYSTEM_ACTOR, { agencyId, priority: 'primary', availability: 'out_of_hours', name, ...(email ? { email } : {}) });
    await c('Nguyễn Trực', 'truc@soyte.gov.vn');
    await c('Sai Địa Chỉ', 'khong.ton.tai@soyte.gov.vn');
    await c('Không Có Địa Chỉ');
    await createUser(t.ctx, 'coord', 'coordinator', null);
    coord = await login(t.app, 'coord');
  });
  after(async () => {
    await t?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('sends, tracks bounces and silence, records answers as verification', async () => {
    const bad = await coord.request('POST', '/api/v1/roll-calls', { title: ' ', deadlineMinutes: 2 });
    assert.equal(bad.statusCode, 400);
    const started = await coord.request('POST', '/api/v1/roll-calls', { title: 'Điểm danh Quốc khánh', agencyIds: [agencyId], deadlineMinutes: 30 });
    assert.equal(started.statusCode, 201, started.body);
    const board0 = started.json();
    assert.equal(board0.targets.length, 3);
    assert.equal(board0.counts.unreachable, 1);
    assert.equal(board0.counts.waiting, 2);

    const dispatcher = makeDispatcher(t.ctx.database.db, t.ctx.repos.notificationOutbox);
    dispatcher.start();
    try {
      await waitFor(async () => (await coord.request('GET', `/api/v1/roll-calls/${board0.id}`)).json().counts.bounced === 1, 10_000);
      await waitFor(() => mails.length === 1, 10_000);
    } finally {
      await dispatcher.stop();
    }
    const mail = parseMail(mails[0]!);
    const link = /http:\/\/vigil\.test(\/answer\/[A-Za-z0-9._%-]+)/.exec(mail.text)?.[1];
    assert.ok(link, 'the mail carries an answer link');
    const shown = await t.app.inject({ method: 'GET', url: link });
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Điểm danh Quốc khánh/);
    // Showing is not answering.
    assert.equal((await coord.request('GET', `/api/v1/roll-calls/${board0.id}`)).json().counts.answered, 0);
    clock.advance(10 * 60_000);
    const answered = await t.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(answered.statusCode, 200);
    assert.match(answered.body, /Đã ghi nhận/);
    // A forged answer changes nothing.
    const forged = await t.app.inject({ method: 'POST', url: link.slice(0, -3) + 'AAA', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(forged.statusCode, 400);

    clock.advance(30 * 60_000); // past the deadline
    const board = (await coord.request('GET', `/api/v1/roll-calls/${board0.id}`)).json();
    const state = Object.fromEntries(board.targets.map((x: { contactName: string; state: string }) => [x.contactName, x.state]));
    assert.deepEqual(state, { 'Nguyễn Trực': 'answered', 'Sai Địa Chỉ': 'bounced', 'Không Có Địa Chỉ': 'unreachable' });
    const bounced = board.targets.find((x: { state: string }) => x.state === 'bounced');
    assert.match(bounced.error, /550|rejected|5\.1\.1/);

    const verification = (await coord.request('GET', '/api/v1/roll-calls/verification')).json().items.find((a: { id: string }) => a.id === agencyId);
    assert.equal(verification.contacts, 3);
    assert.equal(verification.verifiedContacts, 1);
    assert.equal(verification.lastVerifiedAt, new Date('2026-08-30T03:10:00Z').toISOString());
    const list = (await coord.request('GET', '/api/v1/roll-calls')).json().items;
    assert.equal(list[0].answered, 1);
    const closed = await coord.request('POST', `/api/v1/roll-calls/${board0.id}/close`);
    assert.equal(closed.statusCode, 200);
    assert.ok(closed.json().closedAt);
  });
});
