/**
 * One observable typed or imported by hand: refang it, check it is what its type says, and give
 * the canonical value that correlation across incidents compares. Looser than the extractor on
 * one point: a domain whose last label is also a file extension (".zip", ".mov") is accepted
 * here, because a person chose the type.
 */
import { refangValue } from './refang.ts';
import { parseIpv4, parseIpv6 } from './ip-address.ts';
import { parseDomain } from './domain-name.ts';
import { parseEmail } from './email-address.ts';
import { parseUrl } from './url.ts';
import { HASH_LENGTHS, isObservableType, MAX_URL_LENGTH, OBSERVABLE_TYPES, type ObservableType } from './observable-types.ts';

export type NormalizeResult = { ok: true; value: string } | { ok: false; message: string };

/** Longest input looked at; anything longer is refused before any work is done on it. */
const MAX_INPUT = MAX_URL_LENGTH + 64;

const fail = (message: string): NormalizeResult => ({ ok: false, message });

export function normalizeObservable(type: unknown, value: unknown): NormalizeResult {
  if (!isObservableType(type)) return fail(`Unknown observable type; expected one of ${OBSERVABLE_TYPES.join(', ')}`);
  if (typeof value !== 'string') return fail('Must be a string');
  if (value.length > MAX_INPUT) return fail(`Too long (at most ${MAX_URL_LENGTH} characters)`);
  const v = refangValue(value.trim());
  if (v === '') return fail('Must not be empty');
  if (/[\s\u0000-\u001f\u007f]/.test(v)) return fail('Must not contain spaces or control characters');
  switch (type) {
    case 'ipv4': {
      const ip = parseIpv4(v);
      return ip ? { ok: true, value: ip } : fail('Not an IPv4 address (four numbers 0–255, no leading zeros)');
    }
    case 'ipv6': {
      const ip = parseIpv6(v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v);
      return ip ? { ok: true, value: ip } : fail('Not an IPv6 address');
    }
    case 'domain': {
      const d = parseDomain(v, false);
      if (!d || /^[\d.]+$/.test(d)) return fail('Not a domain name (labels of letters, digits and hyphens, and a top-level domain)');
      return { ok: true, value: d };
    }
    case 'url': {
      const u = parseUrl(v);
      return u ? { ok: true, value: u.value } : fail('Not a URL (http, https, ftp… with a valid host)');
    }
    case 'email': {
      const e = parseEmail(v, false);
      return e ? { ok: true, value: e } : fail('Not an e-mail address');
    }
    default:
      return normalizeHash(type, v);
  }
}

function normalizeHash(type: 'md5' | 'sha1' | 'sha256', v: string): NormalizeResult {
  const len = HASH_LENGTHS[type];
  if (v.length !== len || !/^[0-9a-fA-F]+$/.test(v)) return fail(`Not a ${type.toUpperCase()} hash (${len} hexadecimal digits)`);
  return { ok: true, value: v.toLowerCase() };
}

/**
 * The type a bare value most likely is, for a form that lets the analyst paste without choosing
 * ("203.0.113.7" → ipv4). Null when it is none of them.
 */
export function detectObservableType(value: string): ObservableType | null {
  if (typeof value !== 'string' || value.length > MAX_INPUT) return null;
  const v = refangValue(value.trim());
  if (parseIpv4(v)) return 'ipv4';
  if (v.includes(':') && !v.includes('/') && parseIpv6(v.replace(/^\[(.*)\]$/, '$1'))) return 'ipv6';
  if (v.includes('://')) return parseUrl(v) ? 'url' : null;
  if (v.includes('@')) return parseEmail(v, false) ? 'email' : null;
  for (const t of ['md5', 'sha1', 'sha256'] as const) if (normalizeHash(t, v).ok) return t;
  return parseDomain(v, false) && !/^[\d.]+$/.test(v) ? 'domain' : null;
}
