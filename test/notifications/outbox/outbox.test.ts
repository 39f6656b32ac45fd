import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { json, startReceiver, type Receiver } from '../receiver.ts';
import { parseMail } from '../mini-mime.ts';
import {
  alertWithDeliveries, delivery, emailConfig, insertAlert, insertChannel, makeDispatcher, outboxContext, sleep, startSmtp,
  waitFor, webhookConfig, type OutboxContext, type SmtpReceiver,
} from './helpers.ts';

/**
 * The transactional outbox against real receivers on loopback: an SMTP server and HTTP
 * webhooks that answer 200, 500, 400 or slowly, on PGlite or PostgreSQL (TEST_DATABASE_URL).
 */
describe('notification outbox', () => {
  let ctx: OutboxContext;
  let smtp: SmtpReceiver;
  let hook: Receiver;
  /** Path → scripted answers; the last one repeats. */
  const answers = new Map<string, number[]>();

  before(async () => {
    ctx = await outboxContext();
    smtp = await startSmtp();
    hook = await startReceiver((r, res) => {
      const list = answers.get(r.path) ?? [200];
      const n = hook.received.filter((x) => x.path === r.path).length - 1;
      const status = list[Math.min(n, list.length - 1)]!;
      if (r.path.startsWith('/slow')) setTimeout(() => json(res, status, {}), 2000);
      else json(res, status, { error: status >= 400 ? `answer ${status}` : undefined });
    });
  });

  after(async () => {
    await hook.close();
    await smtp.close();
    await ctx.close();
  });

  const db = () => ctx.database.db;
  const row = async (id: string) => (await ctx.repos.notificationOutbox.get(db(), id))!;
  const hits = (path: string) => hook.received.filter((r) => r.path === path);

  test('deliveries commit with their alert, and a rolled-back transaction leaves no outbox row', async () => {
    const ch = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/tx`));
    const { alertId, ids } = await alertWithDeliveries(ctx, [delivery(ch), delivery(ch, 'x')]);
    assert.equal(ids.length, 2);
    assert.deepEqual((await ctx.notificationOutbox.listForAlert(alertId)).map((r) => [r.status, r.attempts]), [['pending', 0], ['pending', 0]]);

    let rolledBackAlert = '';
    await assert.rejects(db().transaction().execute(async (trx) => {
      rolledBackAlert = await insertAlert(trx);
      await ctx.notificationOutbox.enqueueNotifications(trx, { alertId: rolledBackAlert, deliveries: [delivery(ch)] });
      throw new Error('the alert intake failed after enqueueing');
    }), /alert intake failed/);
    const left = await sql<{ n: number }>`select count(*)::int as n from notification_outbox where alert_id = ${rolledBackAlert}`.execute(db());
    assert.equal(left.rows[0]!.n, 0);
    const alerts = await sql<{ n: number }>`select count(*)::int as n from alerts where id = ${rolledBackAlert}`.execute(db());
    assert.equal(alerts.rows[0]!.n, 0);
    await sql`delete from notification_outbox where alert_id = ${alertId}`.execute(db());
  });

  test('the dispatcher delivers an e-mail to a real SMTP server with the row id as Message-ID, logs the attempt and marks it sent', async () => {
    const ch = await insertChannel(ctx, 'email', emailConfig(smtp.port));
    const { alertId, ids } = await alertWithDeliveries(ctx, [delivery(ch)]);
    const d = makeDispatcher(db(), ctx.repos.notificationOutbox);
    assert.equal(await d.tick(), 1);
    await d.drain();
    const r = await row(ids[0]!);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 1);
    assert.ok(r.sent_at);
    assert.equal(r.provider_id, `<${ids[0]}.vigil@vigil.gov.vn>`);
    const mail = smtp.accepted.find((m) => m.messageId === `<${ids[0]}.vigil@vigil.gov.vn>`);
    assert.ok(mail, 'received with the Message-ID derived from the outbox id');
    assert.equal(parseMail(mail.raw).headers.get('subject'), '[Vigil] Cổng TTĐT không truy cập được');
    const log = await ctx.notificationOutbox.listForAlert(alertId);
    assert.equal(log[0]!.attempt_log.length, 1);
    assert.equal(log[0]!.attempt_log[0]!.ok, true);
    assert.equal(log[0]!.attempt_log[0]!.attempt, 1);
    // Nothing is sent twice.
    assert.equal(await d.tick(), 0);
  });

  test('a receiver answering 500 is retried with backoff and the same delivery id, then succeeds', async () => {
    answers.set('/flaky', [500, 500, 200]);
    const ch = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/flaky`));
    const { alertId, ids } = await alertWithDeliveries(ctx, [delivery(ch)]);
    const d = makeDispatcher(db(), ctx.repos.notificationOutbox, { settings: { baseMs: 400, capMs: 2000 }, random: () => 1 });
    await d.tick();
    await d.drain();
    let r = await row(ids[0]!);
    assert.equal(r.status, 'failed');
    assert.equal(r.last_code, 'server-error');
    assert.equal(await d.tick(), 0, 'not due again before the backoff');
    await waitFor(async () => (await d.tick()) === 1, 3000, 'second attempt');
    await d.drain();
    r = await row(ids[0]!);
    assert.equal(r.status, 'failed');
    assert.equal(r.attempts, 2);
    await waitFor(async () => (await d.tick()) === 1, 3000, 'third attempt');
    await d.drain();
    r = await row(ids[0]!);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 3);
    const got = hits('/flaky');
    assert.equal(got.length, 3);
    assert.deepEqual(new Set(got.map((g) => g.headers['x-vigil-delivery'])), new Set([ids[0]]));
    const log = (await ctx.notificationOutbox.listForAlert(alertId))[0]!.attempt_log;
    assert.deepEqual(log.map((a) => [a.attempt, a.ok, a.code]), [[1, false, 'server-error'], [2, false, 'server-error'], [3, true, null]]);
    // Backoff doubles: ≥ 400 ms, then ≥ 800 ms (jitter pinned to the full delay).
    const gaps = [log[1]!.at.getTime() - log[0]!.at.getTime(), log[2]!.at.getTime() - log[1]!.at.getTime()];
    assert.ok(gaps[0]! >= 380 && gaps[1]! >= 780, `gaps ${gaps}`);
  });

  test('a 4xx is dead at once with the error visible', async () => {
    answers.set('/gone', [400]);
    const ch = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/gone`));
    const { ids } = await alertWithDeliveries(ctx, [delivery(ch)]);
    const d = makeDispatcher(db(), ctx.repos.notificationOutbox);
    await d.tick();
    await d.drain();
    const r = await row(ids[0]!);
    assert.equal(r.status, 'dead');
    assert.equal(r.attempts, 1);
    assert.equal(r.last_code, 'rejected');
    assert.match(r.last_error ?? '', /400/);
    assert.ok((await ctx.notificationOutbox.listDead()).some((x) => x.id === ids[0]));
  });

  test('N retryable failures make it dead; retryDead puts it back and it is delivered with the same id', async () => {
    answers.set('/down', [500, 500, 500, 200]);
    const ch = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/down`));
    const { ids } = await alertWithDeliveries(ctx, [delivery(ch)]);
    const d = makeDispatcher(db(), ctx.repos.notificationOutbox, { settings: { maxAttempts: 3, baseMs: 20, capMs: 40 } });
    d.start();
    try {
      await waitFor(async () => (await row(ids[0]!)).status === 'dead', 5000, 'dead');
      let r = await row(ids[0]!);
      assert.equal(r.attempts, 3);
      assert.equal(r.last_code, 'server-error');
      assert.match(r.last_error ?? '', /gave up after 3 attempts/);
      assert.equal(hits('/down').length, 3);
      await sleep(200);
      assert.equal(hits('/down').length, 3, 'a dead delivery is not retried');

      assert.equal(await ctx.notificationOutbox.retryDead(ids[0]!), true);
      assert.equal(await ctx.notificationOutbox.retryDead(ids[0]!), false, 'only dead rows');
      await waitFor(async () => (await row(ids[0]!)).status === 'sent', 5000, 'sent after retryDead');
      r = await row(ids[0]!);
      assert.equal(r.attempts, 1);
      assert.equal(hits('/down').length, 4);
      assert.equal(hits('/down')[3]!.headers['x-vigil-delivery'], ids[0]);
    } finally {
      await d.stop();
    }
  });

  test('a late result from a dispatcher whose claim was taken over is not recorded', async () => {
    const ch = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/late`));
    const { ids } = await alertWithDeliveries(ctx, [delivery(ch)]);
    const repo = ctx.repos.notificationOutbox;
    const a = await repo.claim(db(), { owner: 'a', limit: 10, perChannel: 10, channelFree: {}, leaseMs: 1 });
    assert.deepEqual(a.map((x) => x.id), ids);
    await sleep(20);
    const b = await repo.claim(db(), { owner: 'b', limit: 10, perChannel: 10, channelFree: {}, leaseMs: 60_000 });
    assert.deepEqual(b.map((x) => x.id), ids, 'an expired lease is taken over');
    assert.equal(b[0]!.attempts, 2);
    assert.equal(await repo.markFailed(db(), ids[0]!, { owner: 'a', attempt: 1 }, { code: 'timeout', error: 'late', retryInMs: 0 }), false);
    assert.equal(await repo.markSent(db(), ids[0]!, { owner: 'a', attempt: 1 }, null), false);
    assert.equal(await repo.markSent(db(), ids[0]!, { owner: 'b', attempt: 2 }, 'p'), true);
    assert.equal((await row(ids[0]!)).status, 'sent');
  });

  test('two dispatchers racing never send the same row twice', async () => {
    const ch1 = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/race1`));
    const ch2 = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/race2`));
    const { ids } = await alertWithDeliveries(ctx, Array.from({ length: 40 }, (_, i) => delivery(i % 2 ? ch1 : ch2, `r${i}`)));
    const a = makeDispatcher(db(), ctx.repos.notificationOutbox, { workerId: 'race-a', settings: { pollMs: 5 } });
    const b = makeDispatcher(db(), ctx.repos.notificationOutbox, { workerId: 'race-b', settings: { pollMs: 5 } });
    a.start();
    b.start();
    try {
      await waitFor(async () => {
        const r = await sql<{ n: number }>`select count(*)::int as n from notification_outbox where id = any(${ids}::uuid[]) and status = 'sent'`.execute(db());
        return r.rows[0]!.n === ids.length;
      }, 20_000, 'all sent');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const got = [...hits('/race1'), ...hits('/race2')].map((r) => String(r.headers['x-vigil-delivery']));
    assert.equal(got.length, ids.length, 'one request per delivery');
    assert.deepEqual(new Set(got), new Set(ids));
    const attempts = await sql<{ n: number }>`select count(*)::int as n from notification_attempts where outbox_id = any(${ids}::uuid[])`.execute(db());
    assert.equal(attempts.rows[0]!.n, ids.length);
    assert.ok(a.stats().sent > 0 && b.stats().sent > 0, `both took part: ${a.stats().sent} / ${b.stats().sent}`);
  });

  test('concurrent claims on the database hand out disjoint rows', async () => {
    const ch = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/claims`));
    const { ids } = await alertWithDeliveries(ctx, Array.from({ length: 30 }, (_, i) => delivery(ch, `c${i}`)));
    const repo = ctx.repos.notificationOutbox;
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => repo.claim(db(), { owner: `w${i}`, limit: 10, perChannel: 10, channelFree: {}, leaseMs: 60_000 })));
    const all = claims.flat().map((c) => c.id);
    assert.equal(new Set(all).size, all.length, 'no row claimed twice');
    assert.ok(all.every((id) => ids.includes(id)));
    assert.ok(claims.every((c) => c.length <= 10));
    await sql`update notification_outbox set status = 'sent', lease_owner = null, lease_until = null where id = any(${ids}::uuid[])`.execute(db());
  });

  test('one slow channel (2 s per send) does not hold up deliveries on another', async () => {
    const slow = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/slow`));
    const fast = await insertChannel(ctx, 'webhook', webhookConfig(`${hook.url}/fast`));
    // The slow channel's backlog is older, so a plain oldest-first claim would take it all first.
    const s = await alertWithDeliveries(ctx, Array.from({ length: 12 }, (_, i) => delivery(slow, `s${i}`)));
    await sleep(20);
    const f = await alertWithDeliveries(ctx, Array.from({ length: 6 }, (_, i) => delivery(fast, `f${i}`)));
    const d = makeDispatcher(db(), ctx.repos.notificationOutbox, { settings: { concurrency: 4, perChannel: 2, timeoutMs: 5000 } });
    const started = Date.now();
    d.start();
    try {
      await waitFor(() => hits('/fast').length === 6, 1500, 'fast deliveries while the slow channel is busy');
      const fastDone = Date.now() - started;
      assert.ok(fastDone < 1500, `fast channel done after ${fastDone} ms`);
      assert.ok(hits('/slow').length <= 2, 'the slow channel never has more than its cap in flight');
      await waitFor(async () => (await row(f.ids.at(-1)!)).status === 'sent', 2000, 'fast rows marked sent');
    } finally {
      await d.stop();
    }
    // Stopped mid-way: the slow rows are either sent or back in the queue, none left held.
    const held = await sql<{ n: number }>`select count(*)::int as n from notification_outbox where id = any(${s.ids}::uuid[]) and status = 'sending'`.execute(db());
    assert.equal(held.rows[0]!.n, 0);
  });
});
