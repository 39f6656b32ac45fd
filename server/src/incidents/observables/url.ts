/**
 * URL indicators: a known scheme, "//", and a host that is a real domain or IP address.
 * Only the scheme and host are canonicalised (lowercased, IPv6 compressed); the path and query
 * are kept byte for byte, because case matters there and an indicator must match what was seen.
 */
import { parseIpv4, parseIpv6 } from './ip-address.ts';
import { parseDomain } from './domain-name.ts';
import { MAX_URL_LENGTH } from './observable-types.ts';

const SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'sftp', 'ws', 'wss', 'smb']);

export function isUrlScheme(s: string): boolean {
  return SCHEMES.has(s.toLowerCase());
}

/** The parts of a parsed URL the codecs need. */
export interface ParsedUrl {
  value: string;
  host: string;
  hostType: 'ipv4' | 'ipv6' | 'domain';
}

/**
 * Parse `s` (already refanged and trimmed) as a URL. Never reads further than the first
 * '/', '?' or '#' after the authority to reject, so a failed attempt costs only the authority.
 */
export function parseUrl(s: string): ParsedUrl | null {
  if (s.length > MAX_URL_LENGTH) return null;
  const sep = s.indexOf('://');
  if (sep < 2 || sep > 6 || !isUrlScheme(s.slice(0, sep))) return null;
  const authStart = sep + 3;
  let authEnd = authStart;
  while (authEnd < s.length) {
    const c = s.charCodeAt(authEnd);
    if (c === 47 || c === 63 || c === 35) break; // / ? #
    if (c <= 32 || c === 127) return null;
    authEnd++;
  }
  const authority = s.slice(authStart, authEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostPort = authority.slice(at + 1);
  let hostText: string;
  let port = '';
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return null;
    hostText = hostPort.slice(1, close);
    port = hostPort.slice(close + 1);
  } else {
    const colon = hostPort.indexOf(':');
    hostText = colon >= 0 ? hostPort.slice(0, colon) : hostPort;
    port = colon >= 0 ? hostPort.slice(colon) : '';
  }
  if (port !== '' && !/^:\d{1,5}$/.test(port)) return null;
  if (port !== '' && Number(port.slice(1)) > 65535) return null;
  let host: string | null;
  let hostType: ParsedUrl['hostType'];
  let hostOut: string;
  if (hostPort.startsWith('[')) {
    host = parseIpv6(hostText);
    hostType = 'ipv6';
    hostOut = host ? `[${host}]` : '';
  } else {
    host = parseIpv4(hostText);
    hostType = 'ipv4';
    if (!host && !/^[\d.]+$/.test(hostText)) {
      host = parseDomain(hostText, false);
      hostType = 'domain';
    }
    hostOut = host ?? '';
  }
  if (!host) return null;
  const value = `${s.slice(0, sep).toLowerCase()}://${userinfo}${hostOut}${port}${s.slice(authEnd)}`;
  return { value, host, hostType };
}

/**
 * Where a URL found in running text really ends: closing punctuation belongs to the sentence
 * ("xem https://a.vn/x)."), unless the URL opened the bracket itself (Wikipedia-style paths).
 */
export function trimUrlEnd(s: string, start: number, end: number): number {
  let opens = 0;
  let closes = 0;
  let squareOpen = 0;
  let squareClose = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) opens++;
    else if (c === 41) closes++;
    else if (c === 91) squareOpen++;
    else if (c === 93) squareClose++;
  }
  while (end > start) {
    const c = s.charCodeAt(end - 1);
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 42) end--;
    else if (c === 41 && closes > opens) {
      closes--;
      end--;
    } else if (c === 93 && squareClose > squareOpen) {
      squareClose--;
      end--;
    } else break;
  }
  return end;
}
