import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNELS, channelFor } from '../../server/src/notifications/channel-registry.ts';
import { CHANNEL_KINDS, configIssues } from '../../server/src/notifications/channel.ts';
import { createAddressPolicy } from '../../server/src/monitoring/address-policy.ts';
import { json, startReceiver } from './receiver.ts';

test('every kind is registered under its own name; unknown and prototype names are not channels', () => {
  for (const kind of CHANNEL_KINDS) assert.equal(CHANNELS[kind].kind, kind);
  assert.equal(channelFor('constructor'), null);
  assert.equal(channelFor('__proto__'), null);
  assert.equal(channelFor('fax'), null);
});

test('config schemas give field-level issues', () => {
  assert.deepEqual(configIssues(CHANNELS.email.configSchema, { host: 'smtp.gov.vn', port: 587, from: 'Vigil <a@b.vn>' }), []);
  assert.deepEqual(configIssues(CHANNELS.webhook.configSchema, { url: 'https://x.gov.vn/h', secret: 'x'.repeat(16) }), []);
  const bad = configIssues(CHANNELS.telegram.configSchema, { botToken: 'nope' });
  assert.ok(bad.some((i) => i.field === 'botToken'), JSON.stringify(bad));
  assert.ok(configIssues(CHANNELS.sms.configSchema, { url: 'https://g', format: 'xml', fields: {} }).length > 0);
});

test('through the address policy (loopback allowed for tests), HTTP channels still deliver', async () => {
  const rx = await startReceiver((_r, res) => json(res, 200, { ok: true, result: { message_id: 1 } }));
  try {
    const policy = createAddressPolicy({ allowInternal: false, allowLoopbackForTests: true });
    const r = await CHANNELS.telegram.send(
      { id: 'd', to: '-1', subject: 's', text: 't', severity: 'info' },
      { botToken: '1:AAAAAAAAAAAAAAAAAAAAAAAA', apiBase: rx.url },
      { signal: new AbortController().signal, timeoutMs: 2000, addressPolicy: policy },
    );
    assert.deepEqual(r, { ok: true, providerId: '1' });
  } finally {
    await rx.close();
  }
});
