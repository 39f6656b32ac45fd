import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring acknowledgement links ("Xác nhận đã nhận: <link>"). The link is the only
 * credential of a one-click acknowledgement from a phone, so it names exactly one delivery or
 * alert and one recipient, expires, and cannot be altered: `v1.<payload>.<signature>`, where
 * payload is base64url JSON and signature is base64url HMAC-SHA256 over "v1.<payload>".
 * Nothing in the payload is trusted before the signature has been checked.
 */

export const ACK_TOKEN_VERSION = 'v1';
/** Tokens longer than this are refused before any work (ids are uuids; real tokens are ~200). */
export const MAX_ACK_TOKEN_LENGTH = 512;
const MAX_ID = 100;
const ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface AckPayload {
  /** Exactly one of deliveryId / alertId. */
  deliveryId?: string;
  alertId?: string;
  recipientId: string;
  expiresAt: Date;
}

export type AckVerifyError = 'malformed' | 'bad-signature' | 'expired';
export type AckVerifyResult = { ok: true; payload: AckPayload } | { ok: false; error: AckVerifyError };

interface Wire {
  d?: string;
  a?: string;
  r: string;
  e: number;
}

function mac(secret: string | Buffer, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed).digest();
}

function checkSecret(secret: string | Buffer): void {
  // A short secret makes the HMAC guessable; this is a deployment error, so it throws.
  if (Buffer.byteLength(secret) < 32) throw new Error('ack link secret must be at least 32 bytes');
}

export function signAckToken(p: AckPayload, secret: string | Buffer): string {
  checkSecret(secret);
  if ((p.deliveryId === undefined) === (p.alertId === undefined)) throw new Error('exactly one of deliveryId and alertId is required');
  const subject = (p.deliveryId ?? p.alertId)!;
  if (!ID.test(subject) || !ID.test(p.recipientId)) throw new Error(`ids must match ${ID} (at most ${MAX_ID} characters)`);
  const wire: Wire = { ...(p.deliveryId ? { d: p.deliveryId } : { a: p.alertId! }), r: p.recipientId, e: Math.floor(p.expiresAt.getTime() / 1000) };
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
  const signed = `${ACK_TOKEN_VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

export function verifyAckToken(token: string, secret: string | Buffer, now: Date): AckVerifyResult {
  checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_ACK_TOKEN_LENGTH) return { ok: false, error: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== ACK_TOKEN_VERSION) return { ok: false, error: 'malformed' };
  const [, payload, sig] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, error: 'malformed' };
  const expected = mac(secret, `${ACK_TOKEN_VERSION}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, error: 'bad-signature' };
  let wire: Wire;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire;
  } catch {
    return { ok: false, error: 'malformed' }; // signed by us but unreadable: a bug, not an attack
  }
  const subjectOk = (typeof wire.d === 'string' && ID.test(wire.d)) !== (typeof wire.a === 'string' && ID.test(wire.a));
  if (!wire || !subjectOk || typeof wire.r !== 'string' || !ID.test(wire.r) || !Number.isSafeInteger(wire.e)) return { ok: false, error: 'malformed' };
  if (now.getTime() >= wire.e * 1000) return { ok: false, error: 'expired' };
  return { ok: true, payload: { ...(wire.d ? { deliveryId: wire.d } : { alertId: wire.a! }), recipientId: wire.r, expiresAt: new Date(wire.e * 1000) } };
}

/** The link put in messages: `${baseUrl}/ack/<token>` (the route that consumes it is built later). */
export function ackUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/ack/${encodeURIComponent(token)}`;
}
