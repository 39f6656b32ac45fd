import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { createAddressPolicy } from '../monitoring/address-policy.ts';
import { Deadline } from '../monitoring/net/deadline.ts';
import { performHop } from '../monitoring/net/http-hop.ts';
import { ValidationError } from '../domain/errors.ts';

/**
 * Downloads one vulnerability feed for an import by URL. The URL is typed by a coordinator, so
 * it is treated like a monitor's: every hop goes through the guarded connector and the SSRF
 * address policy (no private, loopback or metadata addresses), redirects are followed hop by
 * hop (at most 5) and the body is capped. An installation without internet simply gets a clear
 * error and uses file or bundle uploads instead.
 */
export interface FeedFetcher {
  fetch(url: string): Promise<{ name: string; data: Buffer }>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function decode(body: Buffer, encoding: string | undefined, max: number): Buffer {
  const e = (encoding ?? '').trim().toLowerCase();
  const opts = { maxOutputLength: max };
  if (e === 'gzip' || e === 'x-gzip') return gunzipSync(body, opts);
  if (e === 'deflate') return inflateSync(body, opts);
  if (e === 'br') return brotliDecompressSync(body, opts);
  return body;
}

/** A path segment as text; a malformed %-escape is kept as written rather than failing the import. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function createFeedFetcher(opts: { maxBytes: number; timeoutMs?: number; allowLoopbackForTests?: boolean }): FeedFetcher {
  const policy = createAddressPolicy({ allowInternal: false, allowLoopbackForTests: opts.allowLoopbackForTests ?? false });
  const bad = (message: string) => new ValidationError(`The feed could not be downloaded: ${message}`, [{ field: '/url', message }]);
  return {
    async fetch(raw: string) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw bad('not a valid URL');
      }
      const deadline = new Deadline(opts.timeoutMs ?? 120_000);
      try {
        for (let hop = 0; hop <= 5; hop++) {
          if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad('only http and https URLs can be fetched');
          if (url.username || url.password) throw bad('credentials in the URL are not accepted');
          const r = await performHop({
            url, method: 'GET', headers: { 'user-agent': 'Vigil feed import', accept: 'application/json, application/xml, text/xml, application/zip, */*', 'accept-encoding': 'gzip, deflate, br' },
            readBody: (s) => !REDIRECTS.has(s), maxBodyBytes: opts.maxBytes, maxHeaderBytes: 64 * 1024, policy, rejectUnauthorized: true, deadline, now: () => new Date(),
          });
          if (r.error) throw bad(r.error.reason);
          const status = r.status!;
          if (REDIRECTS.has(status) && r.headers.location) {
            url = new URL(r.headers.location, url);
            continue;
          }
          if (status !== 200) throw bad(`the server answered HTTP ${status}`);
          if (r.truncated) throw bad(`the feed is larger than ${opts.maxBytes} bytes`);
          let data: Buffer;
          try {
            data = decode(r.body ?? Buffer.alloc(0), r.headers['content-encoding'], opts.maxBytes);
          } catch {
            throw bad(`the compressed feed is damaged or expands beyond ${opts.maxBytes} bytes`);
          }
          const name = safeDecode(url.pathname.split('/').filter(Boolean).pop() ?? url.hostname).slice(0, 200) || url.hostname;
          return { name, data };
        }
        throw bad('too many redirects');
      } finally {
        deadline.dispose();
      }
    },
  };
}
