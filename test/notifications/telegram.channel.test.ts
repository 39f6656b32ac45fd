import { test } from 'node:test';
import assert from 'node:assert/strict';
import { telegramChannel, type TelegramConfig } from '../../server/src/notifications/channels/telegram.channel.ts';
import type { OutboundMessage, SendContext } from '../../server/src/notifications/channel.ts';
import { json, startReceiver } from './receiver.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

/** A loopback Bot API: checks the token path and chat_id like Telegram does. */
async function startBotApi() {
  return startReceiver((r, res) => {
    const m = /^\/bot([^/]+)\/sendMessage$/.exec(r.path);
    if (!m) return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== TOKEN) return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const body = JSON.parse(r.body) as { chat_id: number | string; text: string };
    if (body.chat_id === -100999) return json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 17', parameters: { retry_after: 17 } });
    if (body.chat_id !== -100123) return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    if (!body.text) return json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    json(res, 200, { ok: true, result: { message_id: 4242, chat: { id: body.chat_id }, text: body.text } });
  });
}

const ctx = (): SendContext => ({ signal: new AbortController().signal, timeoutMs: 2000 });
const msg: OutboundMessage = {
  id: 'd1',
  to: '-100123',
  subject: '[Vigil][NGHIÊM TRỌNG] Cổng TTĐT <Sở Y tế> không truy cập được',
  text: 'Nội dung trang: <script>alert(1)</script> & "trích dẫn"',
  severity: 'critical',
};

test('Telegram: HTML message with escaped content; providerId is the message id', async () => {
  const api = await startBotApi();
  try {
    const config: TelegramConfig = { botToken: TOKEN, apiBase: api.url };
    const r = await telegramChannel.send(msg, config, ctx());
    assert.deepEqual(r, { ok: true, providerId: '4242' });
    const sent = JSON.parse(api.received[0]!.body) as Record<string, unknown>;
    assert.equal(sent.chat_id, -100123);
    assert.equal(sent.parse_mode, 'HTML');
    assert.equal(sent.text, '<b>[Vigil][NGHIÊM TRỌNG] Cổng TTĐT &lt;Sở Y tế&gt; không truy cập được</b>\n\nNội dung trang: &lt;script&gt;alert(1)&lt;/script&gt; &amp; "trích dẫn"');

    const plain = await telegramChannel.send(msg, { ...config, parseMode: 'plain' }, ctx());
    assert.equal(plain.ok, true);
    const p = JSON.parse(api.received[1]!.body) as Record<string, unknown>;
    assert.equal(p.parse_mode, undefined);
    assert.match(p.text as string, /<script>/); // plain mode: shown literally, never parsed
  } finally {
    await api.close();
  }
});

test('Telegram: 429 with retry_after is retryable after that delay; chat not found is a bounce; bad token is auth', async () => {
  const api = await startBotApi();
  try {
    const config: TelegramConfig = { botToken: TOKEN, apiBase: api.url };
    const limited = await telegramChannel.send({ ...msg, to: '-100999' }, config, ctx());
    assert.deepEqual(limited.ok === false && [limited.code, limited.retryable, limited.retryAfterMs], ['rate-limited', true, 17_000]);

    const missing = await telegramChannel.send({ ...msg, to: '-100555' }, config, ctx());
    assert.deepEqual(missing.ok === false && [missing.code, missing.retryable], ['bounced', false]);
    assert.match(missing.ok === false ? missing.error : '', /chat not found/);

    const wrongToken = '123456789:BBBdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
    const auth = await telegramChannel.send(msg, { ...config, botToken: wrongToken }, ctx());
    assert.deepEqual(auth.ok === false && [auth.code, auth.retryable], ['auth', false]);
    assert.doesNotMatch(auth.ok === false ? auth.error : '', /BBBdq/); // the token never leaks into errors
  } finally {
    await api.close();
  }
});

test('Telegram: a 5xx is retryable, an invalid chat id is refused before sending', async () => {
  const api = await startReceiver((_r, res) => json(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' }));
  try {
    const r = await telegramChannel.send(msg, { botToken: TOKEN, apiBase: api.url }, ctx());
    assert.deepEqual(r.ok === false && [r.code, r.retryable], ['server-error', true]);
    const bad = await telegramChannel.send({ ...msg, to: 'not a chat' }, { botToken: TOKEN, apiBase: api.url }, ctx());
    assert.deepEqual(bad.ok === false && [bad.code, bad.retryable], ['bad-address', false]);
    assert.equal(api.received.length, 1);
    assert.equal(telegramChannel.validateAddress('@truc_ban_soyte'), null);
  } finally {
    await api.close();
  }
});

test('Telegram: a non-http apiBase is refused', async () => {
  const r = await telegramChannel.send(msg, { botToken: TOKEN, apiBase: 'file:///etc' }, ctx());
  assert.deepEqual(r.ok === false && [r.code, r.retryable], ['bad-config', false]);
});
