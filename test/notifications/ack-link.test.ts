import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ackUrl, MAX_ACK_TOKEN_LENGTH, signAckToken, verifyAckToken } from '../../server/src/notifications/ack-link.ts';

const SECRET = 'ack-secret-0123456789abcdef0123456789';
const NOW = new Date('2026-03-05T01:00:00Z');
const EXP = new Date('2026-03-05T03:00:00Z');

test('a valid token verifies to its payload; URL-safe and short', () => {
  const t = signAckToken({ deliveryId: '0195f3c2-7d1e-7abc-9def-0123456789ab', recipientId: 'u-42', expiresAt: EXP }, SECRET);
  assert.match(t, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  assert.ok(t.length < 250);
  assert.deepEqual(verifyAckToken(t, SECRET, NOW), { ok: true, payload: { deliveryId: '0195f3c2-7d1e-7abc-9def-0123456789ab', recipientId: 'u-42', expiresAt: EXP } });
  const a = signAckToken({ alertId: 'alert-9', recipientId: 'u-1', expiresAt: EXP }, SECRET);
  assert.deepEqual(verifyAckToken(a, SECRET, NOW), { ok: true, payload: { alertId: 'alert-9', recipientId: 'u-1', expiresAt: EXP } });
  assert.equal(ackUrl('https://vigil.example.gov.vn/', t), `https://vigil.example.gov.vn/ack/${t}`);
});

test('expired at and after expiresAt', () => {
  const t = signAckToken({ deliveryId: 'd1', recipientId: 'u', expiresAt: EXP }, SECRET);
  assert.deepEqual(verifyAckToken(t, SECRET, EXP), { ok: false, error: 'expired' });
  assert.deepEqual(verifyAckToken(t, SECRET, new Date(EXP.getTime() + 1)), { ok: false, error: 'expired' });
  assert.equal(verifyAckToken(t, SECRET, new Date(EXP.getTime() - 1000)).ok, true);
});

test('tampered, re-signed with another secret, truncated, oversized or garbage tokens are refused precisely', () => {
  const t = signAckToken({ deliveryId: 'd1', recipientId: 'u-1', expiresAt: EXP }, SECRET);
  const [v, payload, sig] = t.split('.') as [string, string, string];
  const forged = Buffer.from(JSON.stringify({ d: 'd1', r: 'u-2', e: EXP.getTime() / 1000 + 86400 })).toString('base64url');
  assert.deepEqual(verifyAckToken(`${v}.${forged}.${sig}`, SECRET, NOW), { ok: false, error: 'bad-signature' });
  const flipped = sig.slice(0, -2) + (sig.at(-2) === 'A' ? 'B' : 'A') + sig.at(-1);
  assert.deepEqual(verifyAckToken(`${v}.${payload}.${flipped}`, SECRET, NOW), { ok: false, error: 'bad-signature' });
  assert.deepEqual(verifyAckToken(t, 'another-secret-0123456789abcdef012345', NOW), { ok: false, error: 'bad-signature' });
  assert.deepEqual(verifyAckToken(t.slice(0, -5), SECRET, NOW), { ok: false, error: 'malformed' });
  assert.deepEqual(verifyAckToken(`${v}.${payload}`, SECRET, NOW), { ok: false, error: 'malformed' });
  assert.deepEqual(verifyAckToken(`v2.${payload}.${sig}`, SECRET, NOW), { ok: false, error: 'malformed' });
  assert.deepEqual(verifyAckToken(`${v}.${payload}x${'A'.repeat(MAX_ACK_TOKEN_LENGTH)}.${sig}`, SECRET, NOW), { ok: false, error: 'malformed' });
  assert.deepEqual(verifyAckToken('', SECRET, NOW), { ok: false, error: 'malformed' });
  assert.deepEqual(verifyAckToken('v1.%%%.###', SECRET, NOW), { ok: false, error: 'malformed' });
});

test('weak secrets and ambiguous payloads are programming errors', () => {
  assert.throws(() => signAckToken({ deliveryId: 'd', recipientId: 'u', expiresAt: EXP }, 'short'));
  assert.throws(() => signAckToken({ deliveryId: 'd', alertId: 'a', recipientId: 'u', expiresAt: EXP }, SECRET));
  assert.throws(() => signAckToken({ deliveryId: 'd.x', recipientId: 'u', expiresAt: EXP }, SECRET));
});
