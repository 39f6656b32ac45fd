/**
 * Pull IP addresses, domains, URLs, e-mail addresses and hashes out of whatever an analyst
 * pastes: report prose, log excerpts, mail headers, defanged IOC lists.
 *
 * Bounded by construction, because the text is untrusted and may be megabytes: one left-to-right
 * pass over character codes, no regular expression over the text except the fixed-string refang
 * pass, and every retry (a failed URL) costs at most the span it gives up on. Limits on bytes,
 * distinct results and wall time stop the work early and say so with `truncated`. (The refang
 * pass runs whole before the budget is checked; it is linear, about 1 s for 10 MB of nothing
 * but "[.]" on a 2-core machine.)
 *
 * Choices worth knowing:
 * - The host of a URL and the domain of an e-mail address are not reported again as domains,
 *   and nothing inside a URL (query parameters) is reported separately; a domain is reported
 *   only where it stands on its own.
 * - A domain must end in a TLD delegated in the root zone and not in a file extension
 *   (domain-name.ts); "report.docx", "jquery.min.js" and "TP.HCM" are not domains.
 * - A hash is a standalone run of hex digits of exactly 32, 40 or 64; "abc_<hash>" or a
 *   128-digit SHA-512 are not reported.
 * - Offsets are against the text as given, so "203.0.113[.]7" reports where the defanged
 *   form starts.
 */
import { refang } from './refang.ts';
import { parseIpv4, parseIpv6 } from './ip-address.ts';
import { looksLikeProseTld, parseDomain } from './domain-name.ts';
import { isUrlScheme, parseUrl, trimUrlEnd } from './url.ts';
import { parseEmail } from './email-address.ts';
import { MAX_URL_LENGTH, type Observable, type ObservableType } from './observable-types.ts';

export interface ExtractOptions {
  /** UTF-8 bytes of text to read; the rest is ignored (truncated). Default 16 MiB. */
  maxBytes?: number;
  /** Distinct observables to return; later new ones are dropped (truncated). Default 5000. */
  maxResults?: number;
  /** Wall-clock budget; the scan stops where it is when spent (truncated). Default 3000 ms. */
  timeBudgetMs?: number;
}

export interface ExtractResult {
  items: Observable[];
  truncated: boolean;
}

export const EXTRACT_DEFAULTS = { maxBytes: 16 * 1024 * 1024, maxResults: 5000, timeBudgetMs: 3000 } as const;

/** A piece longer than this cannot hold one observable (URLs are handled separately). */
const MAX_PIECE = 320;
const CHECK_EVERY = 1 << 16;
const CACHE_SIZE = 4096;

// Character classes over ASCII. SUB: what hosts, addresses, e-mails and hashes are made of.
// RUN: what a URL may contain in running text (quotes, angle brackets and blanks end it).
const SUB = new Uint8Array(128);
const RUN = new Uint8Array(128);
for (let c = 33; c < 127; c++) RUN[c] = 1;
for (const ch of '<>"\'`{}|\\^') RUN[ch.charCodeAt(0)] = 0;
for (let c = 48; c <= 57; c++) SUB[c] = 1;
for (let c = 65; c <= 90; c++) SUB[c] = SUB[c + 32] = 1;
for (const ch of '.-_@:+') SUB[ch.charCodeAt(0)] = 1;

const isSub = (c: number) => c < 128 && SUB[c] === 1;
const isRun = (c: number) => c < 128 && RUN[c] === 1;
const isTrimNotColon = (c: number) => c === 46 || c === 45 || c === 95 || c === 43; // . - _ +
const isTrim = (c: number) => c === 58 || isTrimNotColon(c);

/** Index of the character just past the last one that fits in `maxBytes` of UTF-8. */
function cutAtBytes(text: string, maxBytes: number): number {
  if (text.length * 3 <= maxBytes) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
    if (bytes > maxBytes) {
      // Step back to a blank so the last token is not a fragment ("evil.co" of "evil.com").
      for (let j = i; j > Math.max(0, i - 512); j--) if (text.charCodeAt(j) <= 32) return j;
      return i;
    }
  }
  return text.length;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Classify one piece with no ':' in it. */
export function classifyPiece(p: string): { type: ObservableType; value: string } | null {
  const len = p.length;
  if (len === 32 || len === 40 || len === 64) {
    if (isHex(p)) return { type: len === 32 ? 'md5' : len === 40 ? 'sha1' : 'sha256', value: p.toLowerCase() };
  }
  if (p.indexOf('@') >= 0) {
    const email = parseEmail(p, true);
    if (email) return { type: 'email', value: email };
    const domain = p.slice(p.lastIndexOf('@') + 1);
    return domain.indexOf('.') >= 0 ? classifyPiece(domain) : null;
  }
  if (p.indexOf('.') < 0) return null;
  const c0 = p.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57 && /^[\d.]+$/.test(p)) {
    const ip = parseIpv4(p);
    return ip ? { type: 'ipv4', value: ip } : null;
  }
  if (looksLikeProseTld(p)) return null;
  const domain = parseDomain(p, true);
  return domain ? { type: 'domain', value: domain } : null;
}

type Hit = { type: ObservableType; value: string; offset: number };

/**
 * What one token (a maximal run of host/address characters) holds, with offsets relative to
 * its start. A token is at most a few hundred characters once trimmed, so this is bounded.
 */
function tokenHits(s: string, start: number, end: number, hasColon: boolean): Hit[] {
  const out: Hit[] = [];
  const token0 = start;
  const emit = (type: ObservableType, value: string, at: number) => void out.push({ type, value, offset: at - token0 });
  // IPv6 first, before ':' is trimmed away from "::1" or "2001:db8::".
  let a = start;
  let b = end;
  while (a < b && isTrimNotColon(s.charCodeAt(a))) a++;
  while (b > a && isTrimNotColon(s.charCodeAt(b - 1))) b--;
  if (hasColon && b - a <= 46) {
    if (s.charCodeAt(b - 1) === 58 && s.charCodeAt(b - 2) !== 58) b--; // "fe80::1:" ends a clause
    const v6 = parseIpv6(s.slice(a, b));
    if (v6) {
      emit('ipv6', v6, a);
      return out;
    }
  }
  while (start < end && isTrim(s.charCodeAt(start))) start++;
  while (end > start && isTrim(s.charCodeAt(end - 1))) end--;
  if (end - start < 4 || end - start > MAX_PIECE) return out;
  const tok = s.slice(start, end);
  if (tok.indexOf(':') >= 0) {
    // host:port, ip:port, "md5:<hash>", "mailto:a@b.vn"
    let from = 0;
    for (let k = 0; k <= tok.length; k++) {
      if (k === tok.length || tok.charCodeAt(k) === 58) {
        let a = from;
        let b = k;
        while (a < b && isTrim(tok.charCodeAt(a))) a++;
        while (b > a && isTrim(tok.charCodeAt(b - 1))) b--;
        if (b - a >= 4) {
          const hit = classifyPiece(tok.slice(a, b));
          if (hit) emit(hit.type, hit.value, start + a);
        }
        from = k + 1;
      }
    }
    return out;
  }
  const hit = classifyPiece(tok);
  if (hit) emit(hit.type, hit.value, start);
  return out;
}

export function extractObservables(text: string, opts: ExtractOptions = {}): ExtractResult {
  const maxBytes = opts.maxBytes ?? EXTRACT_DEFAULTS.maxBytes;
  const maxResults = opts.maxResults ?? EXTRACT_DEFAULTS.maxResults;
  const deadline = Date.now() + (opts.timeBudgetMs ?? EXTRACT_DEFAULTS.timeBudgetMs);
  let truncated = false;

  const cut = cutAtBytes(text, Math.max(0, maxBytes));
  if (cut < text.length) truncated = true;
  const r = refang(cut < text.length ? text.slice(0, cut) : text);
  const s = r.text;
  const n = s.length;
  const found = new Map<string, Observable>();

  const record = (type: ObservableType, value: string, at: number) => {
    const key = `${type} ${value}`;
    const hit = found.get(key);
    if (hit) hit.count++;
    else if (found.size >= maxResults) truncated = true;
    else found.set(key, { type, value, count: 1, firstIndex: r.originalIndex(at) });
  };

  // Logs repeat the same tokens (one attacker IP thousands of times): remember recent answers.
  const cache = new Map<string, Hit[]>();
  const classifyToken = (start: number, end: number, hasColon: boolean) => {
    // Long tokens (a run of dots around a name) are not worth a cache entry.
    const key = end - start <= MAX_PIECE + 64 ? s.slice(start, end) : null;
    let hits = key === null ? undefined : cache.get(key);
    if (!hits) {
      hits = tokenHits(s, start, end, hasColon);
      if (key !== null) {
        if (cache.size >= CACHE_SIZE) cache.clear();
        cache.set(key, hits);
      }
    }
    for (const h of hits) record(h.type, h.value, start + h.offset);
  };

  let runEnd = -1; // end of the RUN span last measured, so no span is measured twice
  let nextCheck = CHECK_EVERY;
  let i = 0;
  while (i < n) {
    if (i >= nextCheck) {
      nextCheck = i + CHECK_EVERY;
      if (Date.now() > deadline) {
        truncated = true;
        break;
      }
    }
    if (!isSub(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let interesting = false;
    let hasColon = false;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (!isSub(c)) break;
      if (c === 46 || c === 58 || c === 64) {
        interesting = true;
        if (c === 58) hasColon = true;
      }
      i++;
    }
    // "scheme://": the sub-token ends in ':' and is followed by "//".
    if (i - start >= 3 && s.charCodeAt(i - 1) === 58 && s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 47) {
      let schemeStart = i - 1;
      while (schemeStart > start && schemeStart > i - 8) {
        const c = s.charCodeAt(schemeStart - 1) | 0x20;
        if (c < 97 || c > 122) break;
        schemeStart--;
      }
      if (isUrlScheme(s.slice(schemeStart, i - 1))) {
        if (runEnd < i) {
          runEnd = i;
          while (runEnd < n && isRun(s.charCodeAt(runEnd))) runEnd++;
        }
        // Check the host first, reading only the authority: a failed attempt then costs only
        // the span up to the next '/', so "http://http://http://…" stays linear.
        let authEnd = i + 2;
        while (authEnd < runEnd) {
          const c = s.charCodeAt(authEnd);
          if (c === 47 || c === 63 || c === 35) break;
          authEnd++;
        }
        if (authEnd === runEnd) authEnd = trimUrlEnd(s, i + 2, authEnd);
        let url = authEnd - schemeStart <= MAX_URL_LENGTH ? parseUrl(s.slice(schemeStart, authEnd)) : null;
        let end = authEnd;
        if (url && authEnd < runEnd) {
          end = trimUrlEnd(s, i + 2, runEnd);
          url = end - schemeStart <= MAX_URL_LENGTH ? parseUrl(s.slice(schemeStart, end)) : null;
        }
        if (url) {
          if (schemeStart > start) classifyToken(start, schemeStart, true);
          record('url', url.value, schemeStart);
          i = end;
          continue;
        }
      }
    }
    if (interesting || i - start === 32 || i - start === 40 || i - start === 64) classifyToken(start, i, hasColon);
  }

  return { items: [...found.values()], truncated };
}
