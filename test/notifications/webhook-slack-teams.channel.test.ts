import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webhookChannel } from '../../server/src/notifications/channels/webhook.channel.ts';
import { slackChannel } from '../../server/src/notifications/channels/slack.channel.ts';
import { teamsChannel } from '../../server/src/notifications/channels/teams.channel.ts';
import { signWebhook, verifyWebhook } from '../../server/src/notifications/webhook-signature.ts';
import type { OutboundMessage, SendContext } from '../../server/src/notifications/channel.ts';
import { createAddressPolicy } from '../../server/src/monitoring/address-policy.ts';
import { json, startReceiver } from './receiver.ts';

const SECRET = 'whsec_0123456789abcdef0123456789';
const NOW = new Date('2026-03-05T01:30:00Z');
const ctx = (extra: Partial<SendContext> = {}): SendContext => ({ signal: new AbortController().signal, timeoutMs: 2000, now: () => NOW, ...extra });
const msg: OutboundMessage = {
  id: 'dlv-7f3a',
  to: '',
  subject: '[Vigil][CAO] Cổng TTĐT Sở Y tế phản hồi chậm',
  text: 'Trang chủ có <b>nội dung lạ</b> & <!channel> *đậm* [link](http://x)',
  severity: 'high',
  links: { ack: 'https://vigil.example.gov.vn/ack/t1', view: 'javascript:alert(1)' },
  meta: { alertId: 'a-1' },
};

test('webhook: the receiver verifies the signature; a tampered body, another secret or a stale timestamp are rejected', async () => {
  const verdicts: string[] = [];
  const rx = await startReceiver((r, res) => {
    const v = verifyWebhook({ secret: SECRET, rawBody: r.body, signature: r.headers['x-vigil-signature'] as string, timestamp: r.headers['x-vigil-timestamp'] as string, nowMs: NOW.getTime() + 2000 });
    verdicts.push(v.ok ? 'ok' : v.error);
    res.writeHead(v.ok ? 204 : 401).end();
  });
  try {
    const r = await webhookChannel.send(msg, { url: `${rx.url}/hooks/vigil`, secret: SECRET, headers: { 'X-Api-Key': 'k1', 'X-Vigil-Signature': 'forged' } }, ctx());
    assert.deepEqual(r, { ok: true });
    assert.deepEqual(verdicts, ['ok']);
    const got = rx.received[0]!;
    assert.equal(got.headers['x-vigil-delivery'], 'dlv-7f3a');
    assert.equal(got.headers['x-vigil-timestamp'], String(NOW.getTime() / 1000));
    assert.equal(got.headers['x-api-key'], 'k1');
    assert.equal(got.headers['x-vigil-signature'], signWebhook(SECRET, NOW.getTime() / 1000, got.body));
    const body = JSON.parse(got.body) as Record<string, unknown>;
    assert.deepEqual({ ...body, text: undefined }, { version: 1, deliveryId: 'dlv-7f3a', sentAt: NOW.toISOString(), severity: 'high', subject: msg.subject, text: undefined, links: msg.links, meta: { alertId: 'a-1' } });

    // What a receiver must refuse.
    const sig = got.headers['x-vigil-signature'] as string;
    const ts = got.headers['x-vigil-timestamp'] as string;
    const check = (o: Partial<Parameters<typeof verifyWebhook>[0]>) => verifyWebhook({ secret: SECRET, rawBody: got.body, signature: sig, timestamp: ts, nowMs: NOW.getTime(), ...o });
    assert.deepEqual(check({ rawBody: got.body.replace('"high"', '"low"') }), { ok: false, error: 'bad-signature' });
    assert.deepEqual(check({ secret: 'another-secret-of-some-length' }), { ok: false, error: 'bad-signature' });
    assert.deepEqual(check({ timestamp: String(Number(ts) + 1) }), { ok: false, error: 'bad-signature' });
    assert.deepEqual(check({ nowMs: NOW.getTime() + 10 * 60_000 }), { ok: false, error: 'stale' });
    assert.deepEqual(check({ signature: 'sha256=zz' }), { ok: false, error: 'malformed' });
    assert.deepEqual(check({ signature: undefined }), { ok: false, error: 'missing' });

    // The receiver's 401 is a permanent failure (wrong secret will not fix itself).
    const wrong = await webhookChannel.send(msg, { url: rx.url, secret: 'a-different-secret-0123' }, ctx());
    assert.deepEqual(wrong.ok === false && [wrong.code, wrong.retryable], ['auth', false]);
  } finally {
    await rx.close();
  }
});

test('webhook: 5xx and 429 with Retry-After are retryable, 400 is not; non-http URLs are refused', async () => {
  const answers = [
    (res: Parameters<Parameters<typeof startReceiver>[0]>[1]) => res.writeHead(503, { 'retry-after': '30' }).end('maintenance'),
    (res: Parameters<Parameters<typeof startReceiver>[0]>[1]) => res.writeHead(429, { 'retry-after': '5' }).end(),
    (res: Parameters<Parameters<typeof startReceiver>[0]>[1]) => res.writeHead(400).end('bad payload'),
  ];
  let i = 0;
  const rx = await startReceiver((_r, res) => answers[i++]!(res));
  try {
    const cfg = { url: rx.url, secret: SECRET };
    const a = await webhookChannel.send(msg, cfg, ctx());
    assert.deepEqual(a.ok === false && [a.code, a.retryable, a.retryAfterMs], ['server-error', true, 30_000]);
    const b = await webhookChannel.send(msg, cfg, ctx());
    assert.deepEqual(b.ok === false && [b.code, b.retryable, b.retryAfterMs], ['rate-limited', true, 5000]);
    const c = await webhookChannel.send(msg, cfg, ctx());
    assert.deepEqual(c.ok === false && [c.code, c.retryable], ['rejected', false]);
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:25/', 'ftp://x/', 'http://user:pw@127.0.0.1/']) {
      const r = await webhookChannel.send(msg, { url, secret: SECRET }, ctx());
      assert.deepEqual(r.ok === false && [r.code, r.retryable], ['bad-config', false], url);
    }
    assert.equal(rx.received.length, 3);
  } finally {
    await rx.close();
  }
});

test('HTTP: a receiver that never answers times out (retryable) within the bound; abort is reported as aborted', async () => {
  const rx = await startReceiver(() => undefined);
  try {
    const t0 = performance.now();
    const r = await webhookChannel.send(msg, { url: rx.url, secret: SECRET }, ctx({ timeoutMs: 200 }));
    assert.ok(performance.now() - t0 < 1500);
    assert.deepEqual(r.ok === false && [r.code, r.retryable], ['timeout', true]);

    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const aborted = await webhookChannel.send(msg, { url: rx.url, secret: SECRET }, ctx({ signal: ac.signal, timeoutMs: 5000 }));
    assert.deepEqual(aborted.ok === false && [aborted.code, aborted.retryable], ['aborted', true]);
  } finally {
    await rx.close();
  }
});

test('HTTP: a huge error body is capped; connection refused is retryable; the address policy refuses loopback', async () => {
  const rx = await startReceiver((_r, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('x'.repeat(5_000_000));
  });
  try {
    const r = await webhookChannel.send(msg, { url: rx.url, secret: SECRET }, ctx());
    assert.equal(r.ok, false);
    assert.ok(r.ok === false && r.error.length <= 500);

    const refused = await webhookChannel.send(msg, { url: 'http://127.0.0.1:1/', secret: SECRET }, ctx());
    assert.deepEqual(refused.ok === false && [refused.code, refused.retryable], ['network', true]);

    const before = rx.received.length;
    const policy = createAddressPolicy({ allowInternal: false });
    const blocked = await webhookChannel.send(msg, { url: rx.url, secret: SECRET }, ctx({ addressPolicy: policy }));
    assert.deepEqual(blocked.ok === false && [blocked.code, blocked.retryable], ['policy', false]);
    assert.equal(rx.received.length, before);
  } finally {
    await rx.close();
  }
});

test('Slack: text + blocks, mrkdwn control characters escaped, only http(s) buttons', async () => {
  const rx = await startReceiver((r, res) => {
    const b = JSON.parse(r.body) as { text?: unknown; blocks?: unknown };
    const ok = typeof b.text === 'string' && Array.isArray(b.blocks);
    res.writeHead(ok ? 200 : 400, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'invalid_payload');
  });
  try {
    const r = await slackChannel.send(msg, { url: `${rx.url}/services/T000/B000/XXXX` }, ctx());
    assert.deepEqual(r, { ok: true });
    const body = JSON.parse(rx.received[0]!.body) as { text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string }[] }[] };
    assert.equal(body.text, msg.subject);
    assert.deepEqual(body.blocks.map((b) => b.type), ['header', 'section', 'context', 'actions']);
    const section = body.blocks[1]!.text!.text;
    assert.ok(!section.includes('<!channel>') && section.includes('&lt;!channel&gt;'));
    assert.ok(!section.includes('<b>'));
    const buttons = body.blocks[3]!.elements!;
    assert.deepEqual(buttons.map((b) => b.url), ['https://vigil.example.gov.vn/ack/t1']); // javascript: dropped
  } finally {
    await rx.close();
  }
});

test('Slack: archived channel is a bounce, 5xx retryable', async () => {
  let n = 0;
  const rx = await startReceiver((_r, res) => (n++ === 0 ? res.writeHead(410).end('channel_is_archived') : res.writeHead(500).end('rollup_error')));
  try {
    const a = await slackChannel.send(msg, { url: rx.url }, ctx());
    assert.deepEqual(a.ok === false && [a.code, a.retryable], ['bounced', false]);
    const b = await slackChannel.send(msg, { url: rx.url }, ctx());
    assert.deepEqual(b.ok === false && [b.code, b.retryable], ['server-error', true]);
  } finally {
    await rx.close();
  }
});

test('Teams: a message with one Adaptive Card; markdown neutralised; legacy 200-with-429 is retryable', async () => {
  let n = 0;
  const rx = await startReceiver((r, res) => {
    const b = JSON.parse(r.body) as { type?: string; attachments?: { contentType: string; content: { type: string; version: string; body: unknown[] } }[] };
    const card = b.attachments?.[0];
    const ok = b.type === 'message' && card?.contentType === 'application/vnd.microsoft.card.adaptive' && card.content.type === 'AdaptiveCard' && Array.isArray(card.content.body);
    if (!ok) return json(res, 400, { error: 'bad card' });
    if (n++ === 1) return res.writeHead(200).end('Microsoft Teams endpoint returned HTTP error 429 with ContextId ...');
    res.writeHead(202).end();
  });
  try {
    const r = await teamsChannel.send(msg, { url: `${rx.url}/workflows/abc` }, ctx());
    assert.deepEqual(r, { ok: true });
    const card = (JSON.parse(rx.received[0]!.body) as { attachments: { content: { body: { text: string; color?: string }[]; actions: { url: string }[] } }[] }).attachments[0]!.content;
    assert.equal(card.body[0]!.color, 'Attention');
    assert.ok(card.body[1]!.text.includes('\\*đậm\\*') && card.body[1]!.text.includes('\\[link\\]'));
    assert.ok(!card.body[1]!.text.includes('<b>'));
    assert.deepEqual(card.actions.map((a) => a.url), ['https://vigil.example.gov.vn/ack/t1']);
    const throttled = await teamsChannel.send(msg, { url: rx.url }, ctx());
    assert.deepEqual(throttled.ok === false && [throttled.code, throttled.retryable], ['rate-limited', true]);
  } finally {
    await rx.close();
  }
});
