import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signing of outgoing webhooks. The signed string is `${timestamp}.${rawBody}`: binding the
 * timestamp stops a captured request from being replayed later (the receiver refuses stale
 * timestamps), and signing the raw bytes means the receiver must verify before parsing JSON.
 *
 *   X-Vigil-Timestamp: 1763755200                (unix seconds)
 *   X-Vigil-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>
 *   X-Vigil-Delivery:  <message id, stable across retries: dedupe on it>
 */

export const SIGNATURE_HEADER = 'x-vigil-signature';
export const TIMESTAMP_HEADER = 'x-vigil-timestamp';
export const DELIVERY_HEADER = 'x-vigil-delivery';

export function signWebhook(secret: string, timestamp: number, rawBody: string | Buffer): string {
  const h = createHmac('sha256', secret);
  h.update(`${timestamp}.`);
  h.update(rawBody);
  return `sha256=${h.digest('hex')}`;
}

export type WebhookVerifyError = 'missing' | 'malformed' | 'stale' | 'bad-signature';

/**
 * What a receiver does (also usable by a Node receiver as is): check the timestamp is within
 * the tolerance of its own clock, recompute the HMAC over the raw body and compare in constant time.
 */
export function verifyWebhook(opts: {
  secret: string;
  rawBody: string | Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
  toleranceSeconds?: number;
}): { ok: true } | { ok: false; error: WebhookVerifyError } {
  if (!opts.signature || !opts.timestamp) return { ok: false, error: 'missing' };
  if (!/^\d{1,12}$/.test(opts.timestamp) || !/^sha256=[0-9a-f]{64}$/.test(opts.signature)) return { ok: false, error: 'malformed' };
  const ts = Number(opts.timestamp);
  if (Math.abs(opts.nowMs / 1000 - ts) > (opts.toleranceSeconds ?? 300)) return { ok: false, error: 'stale' };
  const expected = Buffer.from(signWebhook(opts.secret, ts, opts.rawBody));
  const given = Buffer.from(opts.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, error: 'bad-signature' };
}
