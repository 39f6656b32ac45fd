import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failed, sent } from '../../../server/src/notifications/channel.ts';
import { backoffMs, decide, DEFAULT_RETRY } from '../../../server/src/notifications/retry-policy.ts';

test('backoff: 10 s × 2^n with equal jitter, capped at an hour', () => {
  assert.equal(backoffMs(1, DEFAULT_RETRY, () => 1), 10_000);
  assert.equal(backoffMs(1, DEFAULT_RETRY, () => 0), 5_000);
  assert.equal(backoffMs(4, DEFAULT_RETRY, () => 1), 80_000);
  assert.equal(backoffMs(20, DEFAULT_RETRY, () => 1), 3_600_000);
  assert.equal(backoffMs(1000, DEFAULT_RETRY, () => 0), 1_800_000);
});

test('decisions: sent, retry (honouring Retry-After), dead for permanent errors and at the last attempt', () => {
  assert.deepEqual(decide(sent('<x@y>'), 1, DEFAULT_RETRY), { action: 'sent', providerId: '<x@y>' });
  assert.deepEqual(decide(failed('server-error', 'HTTP 503', true), 2, DEFAULT_RETRY, () => 1), { action: 'retry', inMs: 20_000, code: 'server-error', error: 'HTTP 503' });
  assert.equal((decide(failed('rate-limited', 'HTTP 429', true, 120_000), 1, DEFAULT_RETRY, () => 1) as { inMs: number }).inMs, 120_000);
  assert.equal((decide(failed('rate-limited', 'HTTP 429', true, 10), 1, DEFAULT_RETRY, () => 1) as { inMs: number }).inMs, 10_000);
  assert.deepEqual(decide(failed('bounced', '550 no such user', false), 1, DEFAULT_RETRY), { action: 'dead', code: 'bounced', error: '550 no such user' });
  const last = decide(failed('timeout', 'no answer', true), 8, DEFAULT_RETRY);
  assert.equal(last.action, 'dead');
  assert.match((last as { error: string }).error, /gave up after 8 attempts: no answer/);
});
