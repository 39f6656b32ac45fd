import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, createUser, login, type Session } from '../helpers/test-app.ts';
import { alertWithDeliveries, delivery, startSmtp, type SmtpReceiver } from '../notifications/outbox/helpers.ts';
import { parseMail } from '../notifications/mini-mime.ts';

/**
 * The channel administration API against real parts: a loopback SMTP server for the test send,
 * a closed port for a failing one. Secrets are write-only: every response body is checked for
 * the secret strings.
 */

const SMTP_PASS = 'smtp-Pa55-secret-XYZ-9931';
const BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-SECRET';
const HOOK_SECRET = 'webhook-signing-secret-5b7c1e9d';
const HOOK_SECRET_2 = 'webhook-signing-secret-rotated-77aa';
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/slack-secret-token-abc';
const SECRETS = [SMTP_PASS, BOT_TOKEN, HOOK_SECRET, HOOK_SECRET_2, SLACK_URL, 'slack-secret-token-abc'];

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('notification channels API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let coord: Session;
  let smtp: SmtpReceiver;
  const bodies: string[] = [];
  const call = async (s: Session, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> => {
    const r = await s.request(method, url, body);
    bodies.push(r.body);
    return r;
  };

  before(async () => {
    t = await createTestApp({ config: { notifyTimeoutMs: 3000 } });
    admin = await login(t.app, 'admin');
    await createUser(t.ctx, 'coord', 'coordinator', null);
    coord = await login(t.app, 'coord');
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.close();
    await t.close();
  });

  test('create validates the configuration per kind with field-level errors', async () => {
    const bad = await call(admin, 'POST', '/api/v1/notification-channels', { name: 'Thư điện tử', kind: 'email', config: { host: '', port: 70000 } });
    assert.equal(bad.statusCode, 400);
    const fields = (bad.json().errors as { field: string }[]).map((e) => e.field);
    assert.ok(fields.includes('config.host'), JSON.stringify(fields));
    assert.ok(fields.includes('config.port'), JSON.stringify(fields));
    assert.ok(fields.some((f) => f === 'config.from' || f === 'config'), JSON.stringify(fields));

    const tg = await call(admin, 'POST', '/api/v1/notification-channels', { name: 'Bot', kind: 'telegram', config: { botToken: 'not a token' } });
    assert.equal(tg.statusCode, 400);
    assert.ok((tg.json().errors as { field: string }[]).some((e) => e.field === 'config.botToken'));
    // The invalid token is not echoed back either.
    assert.ok(!tg.body.includes('not a token'));

    const kind = await call(admin, 'POST', '/api/v1/notification-channels', { name: 'Zalo', kind: 'zalo', config: {} });
    assert.equal(kind.statusCode, 400);
  });

  let emailId = '';
  test('secrets are write-only: create, get, list, patch (kept when omitted, replaced when given) and the audit log never show them', async () => {
    const email = await call(admin, 'POST', '/api/v1/notification-channels', {
      name: 'SMTP nội bộ', kind: 'email', config: { host: '127.0.0.1', port: 2525, secure: false, starttls: 'never', from: 'Vigil <canhbao@vigil.gov.vn>', user: 'vigil', pass: SMTP_PASS },
    });
    assert.equal(email.statusCode, 201, email.body);
    const e = email.json();
    assert.deepEqual(e.secretsSet, ['pass']);
    assert.equal(e.config.user, 'vigil');
    assert.equal(e.config.pass, undefined);
    emailId = e.id;

    const tg = await call(admin, 'POST', '/api/v1/notification-channels', { name: 'Telegram trực ban', kind: 'telegram', config: { botToken: BOT_TOKEN, parseMode: 'HTML' } });
    assert.equal(tg.statusCode, 201, tg.body);
    assert.deepEqual(tg.json().secretsSet, ['botToken']);
    const hook = await call(admin, 'POST', '/api/v1/notification-channels', { name: 'Webhook SOC', kind: 'webhook', config: { url: 'https://soc.example.gov.vn/hook', secret: HOOK_SECRET } });
    assert.equal(hook.statusCode, 201, hook.body);
    const slack = await call(admin, 'POST', '/api/v1/notification-channels', { name: 'Slack', kind: 'slack', config: { url: SLACK_URL } });
    assert.equal(slack.statusCode, 201, slack.body);
    assert.deepEqual(slack.json().secretsSet, ['url']);

    // PATCH without the secret keeps it (the stored config still has it).
    const renamed = await call(admin, 'PATCH', `/api/v1/notification-channels/${hook.json().id}`, { name: 'Webhook SOC tỉnh', config: { url: 'https://soc.example.gov.vn/hook2' } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual(renamed.json().secretsSet, ['secret']);
    let stored = await t.ctx.repos.notificationChannels.findById(t.ctx.database.db, hook.json().id);
    assert.equal(stored!.config.secret, HOOK_SECRET);
    assert.equal(stored!.config.url, 'https://soc.example.gov.vn/hook2');
    // PATCH with the secret replaces it.
    const rotated = await call(admin, 'PATCH', `/api/v1/notification-channels/${hook.json().id}`, { config: { url: 'https://soc.example.gov.vn/hook2', secret: HOOK_SECRET_2 } });
    assert.equal(rotated.statusCode, 200);
    stored = await t.ctx.repos.notificationChannels.findById(t.ctx.database.db, hook.json().id);
    assert.equal(stored!.config.secret, HOOK_SECRET_2);
    // Clearing a required secret is a validation error, not a silent loss.
    const cleared = await call(admin, 'PATCH', `/api/v1/notification-channels/${hook.json().id}`, { config: { url: 'https://soc.example.gov.vn/hook2', secret: null } });
    assert.equal(cleared.statusCode, 400);
    assert.ok((cleared.json().errors as { field: string }[]).some((x) => x.field.startsWith('config')));

    const disabled = await call(admin, 'PATCH', `/api/v1/notification-channels/${tg.json().id}`, { enabled: false });
    assert.equal(disabled.json().enabled, false);

    await call(admin, 'GET', '/api/v1/notification-channels');
    await call(coord, 'GET', '/api/v1/notification-channels');
    for (const c of [email, tg, hook, slack]) await call(admin, 'GET', `/api/v1/notification-channels/${c.json().id}`);
    await call(admin, 'GET', '/api/v1/audit?pageSize=500');
    await call(coord, 'GET', '/api/v1/me/notification-channels');
    for (const b of bodies) for (const s of SECRETS) assert.ok(!b.includes(s), `a response contained the secret ${s.slice(0, 12)}…`);
  });

  test('only administrators change or read channel configurations; everyone lists enabled channels without configuration', async () => {
    assert.equal((await coord.request('POST', '/api/v1/notification-channels', { name: 'X', kind: 'slack', config: { url: 'https://x.example/' } })).statusCode, 403);
    assert.equal((await coord.request('GET', '/api/v1/notification-channels')).statusCode, 403);
    const mine = await coord.request('GET', '/api/v1/me/notification-channels');
    assert.equal(mine.statusCode, 200);
    const items = mine.json().items as { name: string; kind: string; config?: unknown }[];
    assert.ok(items.some((c) => c.name === 'SMTP nội bộ'));
    assert.ok(!items.some((c) => c.name === 'Telegram trực ban'), 'disabled channels are not offered');
    assert.ok(items.every((c) => c.config === undefined));
  });

  test('test send reaches a real SMTP server; a closed port is a classified failure, not a 500', async () => {
    const ok = await call(admin, 'POST', '/api/v1/notification-channels', {
      name: 'SMTP loopback', kind: 'email', config: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: 'never', from: 'Vigil <canhbao@vigil.gov.vn>' },
    });
    const sent = await call(admin, 'POST', `/api/v1/notification-channels/${ok.json().id}/test`, { to: 'truc.ban@soyte.gov.vn' });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().ok, true);
    assert.equal(smtp.accepted.length, 1);
    const mail = parseMail(smtp.accepted[0]!.raw);
    assert.match(mail.headers.get('subject') ?? '', /Thư thử kênh thông báo "SMTP loopback"/);

    const badAddress = await call(admin, 'POST', `/api/v1/notification-channels/${ok.json().id}/test`, { to: 'not an address' });
    assert.equal(badAddress.statusCode, 400);
    assert.equal(badAddress.json().errors[0].field, 'to');

    const port = await closedPort();
    const down = await call(admin, 'POST', '/api/v1/notification-channels', {
      name: 'SMTP hỏng', kind: 'email', config: { host: '127.0.0.1', port, secure: false, starttls: 'never', from: 'Vigil <canhbao@vigil.gov.vn>' },
    });
    const failed = await call(admin, 'POST', `/api/v1/notification-channels/${down.json().id}/test`, { to: 'truc.ban@soyte.gov.vn' });
    assert.equal(failed.statusCode, 200, failed.body);
    const r = failed.json();
    assert.equal(r.ok, false);
    assert.equal(r.code, 'network');
    assert.equal(r.retryable, true);
    assert.match(r.error, /ECONNREFUSED|connect/i);
  });

  test('a channel with deliveries cannot be deleted (409, disable it); an unused one can', async () => {
    await alertWithDeliveries(t.ctx, [delivery(emailId)]);
    const refused = await admin.request('DELETE', `/api/v1/notification-channels/${emailId}`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /disable it instead/);
    const unused = await admin.request('POST', '/api/v1/notification-channels', { name: 'Teams', kind: 'teams', config: { url: 'https://example.webhook.office.com/x' } });
    assert.equal((await admin.request('DELETE', `/api/v1/notification-channels/${unused.json().id}`)).statusCode, 204);
    assert.equal((await admin.request('GET', `/api/v1/notification-channels/${unused.json().id}`)).statusCode, 404);
    const actions = (await t.ctx.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'notification_channel').execute()).map((a) => a.action);
    for (const a of ['notification_channel.create', 'notification_channel.update', 'notification_channel.delete', 'notification_channel.test']) assert.ok(actions.includes(a), a);
  });

  test('names are unique (409 with the field)', async () => {
    const dup = await admin.request('POST', '/api/v1/notification-channels', { name: 'smtp NỘI BỘ', kind: 'slack', config: { url: 'https://x.example/hook' } });
    // lower() of Vietnamese capitals matches in both databases.
    assert.equal(dup.statusCode, 409, dup.body);
    assert.equal(dup.json().errors[0].field, 'name');
  });
});
