import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed calendar-feed URLs. Phone and desktop calendars subscribe by URL and cannot log in,
 * so the URL itself is the credential: `c1.<payload>.<signature>`, payload base64url JSON,
 * signature base64url HMAC-SHA256 over "c1.<payload>" with the 'calendar' key. It names one
 * feed (a roster's, or a person's) and the user who asked for it; the feed is then rendered
 * with that user's rights as they are *now*, so disabling the user or moving them out of the
 * roster's agency ends the feed without a revocation list. No expiry: a subscription is meant
 * to keep working for the whole alert period and beyond. Nothing in the payload is trusted
 * before the signature has been checked.
 */
export const CALENDAR_TOKEN_VERSION = 'c1';
/** Refused before any work (two uuids make a token of about 170 characters). */
export const MAX_CALENDAR_TOKEN_LENGTH = 400;
const ID = /^[A-Za-z0-9_-]{1,100}$/;

export type CalendarFeedKind = 'roster' | 'user';

export interface CalendarFeedRef {
  kind: CalendarFeedKind;
  /** The roster id, or the person whose shifts the feed shows. */
  id: string;
  /** Who obtained the link; the feed is read with their current access. */
  issuedBy: string;
}

interface Wire {
  k: 'r' | 'u';
  i: string;
  b: string;
}

function mac(key: Buffer, signed: string): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}

function checkKey(key: Buffer): void {
  // A short key makes the HMAC guessable; this is a deployment error, so it throws.
  if (key.length < 32) throw new Error('calendar feed key must be at least 32 bytes');
}

export function signCalendarToken(ref: CalendarFeedRef, key: Buffer): string {
  checkKey(key);
  if (!ID.test(ref.id) || !ID.test(ref.issuedBy)) throw new Error(`ids must match ${ID}`);
  const wire: Wire = { k: ref.kind === 'roster' ? 'r' : 'u', i: ref.id, b: ref.issuedBy };
  const signed = `${CALENDAR_TOKEN_VERSION}.${Buffer.from(JSON.stringify(wire)).toString('base64url')}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

/** The feed a token names, or null for anything not signed by us (no reason given: the caller answers 404). */
export function verifyCalendarToken(token: string, key: Buffer): CalendarFeedRef | null {
  checkKey(key);
  if (typeof token !== 'string' || token.length > MAX_CALENDAR_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== CALENDAR_TOKEN_VERSION) return null;
  const [, payload, sig] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
  const expected = mac(key, `${CALENDAR_TOKEN_VERSION}.${payload}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let wire: Wire;
  try {
    wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire;
  } catch {
    return null;
  }
  if (!wire || (wire.k !== 'r' && wire.k !== 'u') || typeof wire.i !== 'string' || !ID.test(wire.i) || typeof wire.b !== 'string' || !ID.test(wire.b)) return null;
  return { kind: wire.k === 'r' ? 'roster' : 'user', id: wire.i, issuedBy: wire.b };
}

/** `${baseUrl}/ical/<token>.ics`: the path ends in .ics because some calendar apps insist. */
export function calendarFeedUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/ical/${encodeURIComponent(token)}.ics`;
}
