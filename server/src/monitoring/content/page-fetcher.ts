import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { FetchedPage } from '../../detection/types.ts';
import { formatMs, type Deadline } from '../net/deadline.ts';
import { performHop } from '../net/http-hop.ts';
import type { AddressPolicy } from '../probe.ts';

/**
 * Fetches one page the way the content probe needs it: GET, redirects followed hop by hop
 * (each hop through the guarded connector, so the address policy judges every address),
 * bodies capped per fetch and against the whole check's byte budget. Never throws for what a
 * server does: failures come back as a FetchedPage with status 0 and `error`.
 */

export const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const GOOGLEBOT_UA = 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/126.0.0.0 Safari/537.36';
export const MOBILE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Bytes one check may still read, shared by all its fetches. */
export class ByteBudget {
  constructor(public left: number) {}
  take(n: number): void {
    this.left = Math.max(0, this.left - n);
  }
}

export interface FetchOptions {
  headers: Record<string, string>;
  maxBodyBytes: number;
  maxRedirects: number;
  policy: AddressPolicy;
  resolver?: string | null;
  rejectUnauthorized: boolean;
  deadline: Deadline;
  budget: ByteBudget;
  now(): Date;
}

/** Headers of a desktop browser (plus overrides): a page may well serve bots something else. */
export function browserHeaders(userAgent = BROWSER_UA, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7',
    // Identity: the caps then count real content; a server compressing anyway is decoded below, capped.
    'accept-encoding': 'identity',
    ...extra,
  };
}

function failed(url: string, finalUrl: string, redirects: string[], error: string, status = 0): FetchedPage {
  return { url, finalUrl, status, headers: {}, body: new Uint8Array(0), redirects, error };
}

/** Decompresses a body the server compressed although we asked for identity, at most `max` bytes out. */
function decoded(body: Buffer, encoding: string | undefined, max: number): { body: Buffer; error: string | null } {
  const e = (encoding ?? '').trim().toLowerCase();
  if (!e || e === 'identity') return { body, error: null };
  try {
    const o = { maxOutputLength: max };
    if (e === 'gzip' || e === 'x-gzip') return { body: gunzipSync(body, o), error: null };
    if (e === 'deflate') return { body: inflateSync(body, o), error: null };
    if (e === 'br') return { body: brotliDecompressSync(body, o), error: null };
    return { body: Buffer.alloc(0), error: `unsupported content-encoding: ${e.slice(0, 40)}` };
  } catch {
    return { body: Buffer.alloc(0), error: `the ${e} body could not be decoded within ${max} bytes` };
  }
}

export async function fetchPage(target: string, o: FetchOptions): Promise<FetchedPage> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return failed(target, target, [], 'not a URL');
  }
  const redirects: string[] = [];
  const visited = new Set<string>();
  for (;;) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed(target, url.href, redirects, `redirect to an unsupported scheme: ${url.protocol}`);
    if (o.deadline.signal.aborted) return failed(target, url.href, redirects, o.deadline.reason?.message ?? 'cancelled');
    const cap = Math.min(o.maxBodyBytes, o.budget.left);
    if (cap < 1024) return failed(target, url.href, redirects, 'the byte budget of this check is used up');
    visited.add(url.href);
    const hop = await performHop({
      url,
      method: 'GET',
      headers: o.headers,
      readBody: (status) => !REDIRECTS.has(status),
      maxBodyBytes: cap,
      maxHeaderBytes: 64 * 1024,
      policy: o.policy,
      resolver: o.resolver,
      rejectUnauthorized: o.rejectUnauthorized,
      deadline: o.deadline,
      now: o.now,
    });
    o.budget.take(hop.bodyBytes);
    if (hop.error) {
      const when = hop.error.kind === 'timeout' ? ` (after ${formatMs(o.deadline.elapsedMs())})` : '';
      return failed(target, url.href, redirects, `${hop.error.reason}${when}`, hop.status ?? 0);
    }
    const status = hop.status!;
    const location = hop.headers.location;
    if (REDIRECTS.has(status) && location) {
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return failed(target, url.href, redirects, `invalid redirect location: ${location.slice(0, 200)}`, status);
      }
      if (visited.has(next.href)) return failed(target, url.href, redirects, `redirect loop: ${url.href} → ${next.href}`, status);
      if (redirects.length >= o.maxRedirects) return failed(target, url.href, redirects, `too many redirects (more than ${o.maxRedirects})`, status);
      redirects.push(next.href);
      url = next;
      continue;
    }
    const { body, error } = decoded(hop.body ?? Buffer.alloc(0), hop.headers['content-encoding'], cap);
    const headers = { ...hop.headers };
    delete headers['content-encoding'];
    return {
      url: target,
      finalUrl: url.href,
      status,
      headers,
      body: new Uint8Array(body.buffer, body.byteOffset, body.length),
      redirects,
      truncated: hop.truncated,
      ...(error && { error }),
    };
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
