import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smsChannel, type SmsConfig } from '../../server/src/notifications/channels/sms.channel.ts';
import { fitSms, smsLength, stripVietnameseDiacritics } from '../../server/src/notifications/sms-encoding.ts';
import type { OutboundMessage, SendContext } from '../../server/src/notifications/channel.ts';
import { json, startReceiver } from './receiver.ts';

const ctx = (): SendContext => ({ signal: new AbortController().signal, timeoutMs: 2000 });
const msg: OutboundMessage = {
  id: 'dlv-42',
  to: '+84903123456',
  subject: 'x',
  text: '[Vigil][NGHIÊM TRỌNG] Cổng TTĐT "Sở Y tế" không truy cập được\n{"injected": true}, "a":"b',
  severity: 'critical',
};

test('SMS length: GSM-7 160/153, UCS-2 70/67, extended characters count twice', () => {
  assert.deepEqual(smsLength('a'.repeat(160)), { encoding: 'gsm7', units: 160, parts: 1 });
  assert.deepEqual(smsLength('a'.repeat(161)), { encoding: 'gsm7', units: 161, parts: 2 });
  assert.deepEqual(smsLength('€'.repeat(80)), { encoding: 'gsm7', units: 160, parts: 1 });
  assert.deepEqual(smsLength('ệ'.repeat(70)), { encoding: 'ucs2', units: 70, parts: 1 });
  assert.deepEqual(smsLength('ệ'.repeat(71)), { encoding: 'ucs2', units: 71, parts: 2 });
  assert.equal(smsLength('ệ'.repeat(135)).parts, 3);
  assert.equal(stripVietnameseDiacritics('Đề nghị xác nhận Cổng TTĐT'), 'De nghi xac nhan Cong TTDT');
  assert.equal(smsLength(stripVietnameseDiacritics('Đề nghị xác nhận')).encoding, 'gsm7');
});

test('SMS truncation keeps within maxParts and never splits a character', () => {
  const vi = 'Cảnh báo nghiêm trọng '.repeat(20);
  const two = fitSms(vi, 2);
  assert.ok(smsLength(two).parts <= 2, String(smsLength(two).parts));
  assert.ok(two.endsWith('…'));
  const emoji = '🚨'.repeat(100);
  const cut = fitSms(emoji, 1);
  assert.ok(smsLength(cut).units <= 70);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut), 'no lone high surrogate');
  const gsm = fitSms('x'.repeat(1000), 3);
  assert.equal(smsLength(gsm).parts, 3);
  assert.ok(gsm.endsWith('...'));
});

test('SMS gateway (JSON): placeholders are filled inside fields, so quotes in the text cannot break the JSON', async () => {
  const gw = await startReceiver((r, res) => {
    if (r.headers.authorization !== 'Bearer sms-key') return json(res, 401, { status: 'unauthorized' });
    const b = JSON.parse(r.body) as { phone: string; message: { content: string }; ref: string; brand: string };
    json(res, 200, { status: 'queued', data: { smsId: `sms-${b.ref}` } });
  });
  try {
    const config: SmsConfig = {
      url: `${gw.url}/api/send`,
      format: 'json',
      fields: { phone: '{to}', message: { content: '{text}' }, ref: '{id}', brand: 'VIGIL' },
      authHeader: { name: 'Authorization', value: 'Bearer sms-key' },
      successField: { path: 'status', equals: ['queued', 'sent'] },
      messageIdField: 'data.smsId',
      maxParts: 3,
    };
    const r = await smsChannel.send(msg, config, ctx());
    assert.deepEqual(r, { ok: true, providerId: 'sms-dlv-42' });
    const body = JSON.parse(gw.received[0]!.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['phone', 'message', 'ref', 'brand']);
    assert.equal(body.phone, '+84903123456');
    assert.equal((body.message as { content: string }).content, msg.text);
    assert.equal(body.brand, 'VIGIL');

    const noAuth = await smsChannel.send(msg, { ...config, authHeader: { name: 'Authorization', value: 'Bearer wrong' } }, ctx());
    assert.deepEqual(noAuth.ok === false && [noAuth.code, noAuth.retryable], ['auth', false]);
  } finally {
    await gw.close();
  }
});

test('SMS gateway (form and query): URL-encoded; 200 with a failure field is not a success', async () => {
  const gw = await startReceiver((r, res) => {
    const params = new URLSearchParams(r.method === 'GET' ? r.path.split('?')[1] : r.body);
    json(res, 200, params.get('to') === '0900000000' ? { code: '99', message: 'invalid number' } : { code: '0', id: 77 });
  });
  try {
    const form: SmsConfig = { url: `${gw.url}/send`, format: 'form', fields: { to: '{to}', msg: '{text}', user: 'vigil' }, successField: { path: 'code', equals: ['0'] }, messageIdField: 'id', stripDiacritics: true, maxParts: 1 };
    const r = await smsChannel.send(msg, form, ctx());
    assert.deepEqual(r, { ok: true, providerId: '77' });
    const params = new URLSearchParams(gw.received[0]!.body);
    assert.equal(gw.received[0]!.headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8');
    assert.equal(params.get('user'), 'vigil');
    const sentText = params.get('msg')!;
    assert.equal(smsLength(sentText).encoding, 'gsm7');
    assert.equal(smsLength(sentText).parts, 1);
    assert.ok(sentText.startsWith('[Vigil][NGHIEM TRONG] Cong TTDT'));

    const failed = await smsChannel.send({ ...msg, to: '0900000000' }, form, ctx());
    assert.deepEqual(failed.ok === false && [failed.code, failed.retryable], ['rejected', true]);

    const query: SmsConfig = { url: `${gw.url}/send?key=abc`, format: 'query', fields: { to: '{to}', text: '{text}' } };
    const q = await smsChannel.send({ ...msg, text: 'a&b=c #1' }, query, ctx());
    assert.equal(q.ok, true);
    const last = gw.received.at(-1)!;
    assert.equal(last.method, 'GET');
    const qp = new URLSearchParams(last.path.split('?')[1]);
    assert.deepEqual([qp.get('key'), qp.get('to'), qp.get('text')], ['abc', '+84903123456', 'a&b=c #1']);
  } finally {
    await gw.close();
  }
});

test('SMS: a bad number is refused before sending; gateway 503 is retryable', async () => {
  const gw = await startReceiver((_r, res) => res.writeHead(503).end());
  try {
    const config: SmsConfig = { url: gw.url, format: 'json', fields: { to: '{to}', text: '{text}' } };
    const bad = await smsChannel.send({ ...msg, to: '+84 903; rm -rf' }, config, ctx());
    assert.deepEqual(bad.ok === false && [bad.code, bad.retryable], ['bad-address', false]);
    const r = await smsChannel.send(msg, config, ctx());
    assert.deepEqual(r.ok === false && [r.code, r.retryable], ['server-error', true]);
    assert.equal(gw.received.length, 1);
  } finally {
    await gw.close();
  }
});
