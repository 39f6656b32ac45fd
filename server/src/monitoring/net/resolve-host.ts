import { lookup } from 'node:dns/promises';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { raceAbort } from './deadline.ts';
import { NetError } from './net-errors.ts';

/**
 * Name → addresses for the probes that connect (http, tls, tcp). Uses c-ares (`Resolver`), not
 * getaddrinfo: getaddrinfo runs on libuv's 4-thread pool and cannot be cancelled, so a handful of
 * dead domains would stall every other check in the worker. c-ares is asynchronous and is
 * cancelled when the check's budget ends.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface ResolveOptions {
  /** "ip" or "ip:port" of the DNS server to ask; null = the system's configured servers. */
  resolver?: string | null | undefined;
  signal: AbortSignal;
  /** Time left for the check; bounds each c-ares try. */
  timeoutMs: number;
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** RFC 6761: "localhost" is loopback and must not be sent to DNS (where anyone could answer it). */
function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

export function createResolver(resolver: string | null | undefined, timeoutMs: number): Resolver {
  // Two tries, each at most half the budget, so a lost UDP packet is retried once in time.
  const r = new Resolver({ timeout: Math.max(50, Math.min(5000, Math.floor(timeoutMs / 2))), tries: 2 });
  if (resolver) {
    try {
      r.setServers([resolver]);
    } catch {
      throw new NetError('dns', `invalid resolver setting "${resolver}" (expected ip or ip:port)`, 'EBADRESOLVER');
    }
  }
  return r;
}

function codeOf(e: unknown): string {
  return e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : '';
}

export async function resolveHost(hostInput: string, opts: ResolveOptions): Promise<ResolvedAddress[]> {
  const host = stripBrackets(hostInput);
  const family = isIP(host);
  if (family === 4 || family === 6) return [{ address: host, family }];
  if (isLocalhostName(host)) return [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }];

  const resolver = createResolver(opts.resolver, opts.timeoutMs);
  const onAbort = () => resolver.cancel();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const [v4, v6] = await raceAbort(Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]), opts.signal);
    const out: ResolvedAddress[] = [];
    // IPv4 first: many hosts publish AAAA records they do not actually serve on.
    if (v4.status === 'fulfilled') out.push(...v4.value.map((address) => ({ address, family: 4 as const })));
    if (v6.status === 'fulfilled') out.push(...v6.value.map((address) => ({ address, family: 6 as const })));
    if (out.length) return out;
    const codes = [v4, v6].map((r) => (r.status === 'rejected' ? codeOf(r.reason) : 'ENODATA'));
    const notFound = codes.every((c) => c === 'ENOTFOUND' || c === 'ENODATA');
    // Without an explicit resolver, fall back to the hosts file (intranet names) via getaddrinfo.
    if (notFound && !opts.resolver) {
      const local = await raceAbort(lookup(host, { all: true }).catch(() => []), opts.signal);
      if (local.length) return local.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    }
    if (codes.includes('ENOTFOUND')) throw new NetError('dns', `${host}: name does not exist (NXDOMAIN)`, 'ENOTFOUND');
    if (notFound) throw new NetError('dns', `${host}: no A or AAAA records`, 'ENODATA');
    const code = codes.find((c) => c && c !== 'ENODATA' && c !== 'ENOTFOUND') ?? 'EUNKNOWN';
    throw new NetError('dns', `${host}: DNS lookup failed (${dnsCodeText(code)})`, code);
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
}

export function dnsCodeText(code: string): string {
  switch (code) {
    case 'ETIMEOUT':
      return 'the resolver did not answer';
    case 'ESERVFAIL':
      return 'SERVFAIL';
    case 'EREFUSED':
      return 'the resolver refused the query';
    case 'ECONNREFUSED':
      return 'the resolver is unreachable';
    case 'ECANCELLED':
      return 'cancelled';
    case 'EBADRESP':
    case 'EFORMERR':
      return 'malformed answer';
    default:
      return code;
  }
}
