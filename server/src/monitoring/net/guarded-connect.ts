import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { AddressPolicy } from '../probe.ts';
import { NetError } from './net-errors.ts';
import { resolveHost, stripBrackets, type ResolvedAddress } from './resolve-host.ts';

/**
 * The only way a probe opens a connection. It resolves the name once, asks the address policy
 * about every address, and then connects to one of those very addresses (an IP literal, so
 * nothing resolves the name again). A DNS answer that flips to 127.0.0.1 after the check
 * (rebinding) is therefore never connected to: there is no second lookup to flip.
 *
 * It also measures the phases (DNS, TCP connect, TLS handshake) with performance.now(), which is
 * why HTTP goes through here too (as undici's connector) instead of undici's own connector.
 */

export interface ConnectTimings {
  dnsMs: number;
  connectMs: number;
  tlsMs: number | null;
}

export interface GuardedConnectOptions {
  host: string;
  port: number;
  policy: AddressPolicy;
  signal: AbortSignal;
  /** Time left for the whole check (bounds DNS tries). */
  timeoutMs: number;
  resolver?: string | null | undefined;
  /** When set, a TLS handshake follows the TCP connect with these options (servername is filled in). */
  tls?: ConnectionOptions | null;
  /** Filled in phase by phase, so a caller still has the timings of the phases that worked when a later one fails. */
  timings?: ConnectTimings;
}

export interface GuardedConnection {
  socket: Socket | TLSSocket;
  /** The address actually connected to (the one the policy approved). */
  address: string;
  family: 4 | 6;
  resolved: string[];
  timings: ConnectTimings;
}

/** Sockets are opened by IP; this lookup only runs if something passes a name anyway, and refuses. */
function noLookup(hostname: string, _o: unknown, cb: (err: Error | null, address: string, family: number) => void): void {
  cb(new NetError('policy', `refused to resolve ${hostname} outside the address policy`), '', 4);
}

/** First address whose policy check fails, as a readable refusal, or null when all are allowed. */
export function policyRefusal(host: string, addresses: ResolvedAddress[], policy: AddressPolicy): string | null {
  for (const a of addresses) {
    const reason = policy.check(a.address, a.family);
    if (reason) return stripBrackets(host) === a.address ? `refused: ${reason}` : `refused: ${host} resolves to ${a.address}; ${reason}`;
  }
  return null;
}

function tcpConnect(address: string, family: 4 | 6, port: number, signal: AbortSignal): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = netConnect({ host: address, port, family, lookup: noLookup as never, noDelay: true });
    const cleanup = () => {
      socket.off('connect', onConnect);
      socket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onConnect = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (e: Error) => {
      cleanup();
      socket.destroy();
      reject(e);
    };
    const onAbort = () => {
      cleanup();
      socket.destroy();
      reject(signal.reason as Error);
    };
    if (signal.aborted) return onAbort();
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function tlsHandshake(socket: Socket, options: ConnectionOptions, signal: AbortSignal): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    const tlsSocket = tlsConnect({ ...options, socket });
    const cleanup = () => {
      tlsSocket.off('secureConnect', onSecure);
      tlsSocket.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onSecure = () => {
      cleanup();
      resolve(tlsSocket);
    };
    const onError = (e: Error) => {
      cleanup();
      tlsSocket.destroy();
      socket.destroy();
      reject(e);
    };
    const onAbort = () => onError(signal.reason as Error);
    if (signal.aborted) return onAbort();
    tlsSocket.once('secureConnect', onSecure);
    tlsSocket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function guardedConnect(opts: GuardedConnectOptions): Promise<GuardedConnection> {
  const host = stripBrackets(opts.host);
  const t0 = performance.now();
  const addresses = await resolveHost(host, { resolver: opts.resolver, signal: opts.signal, timeoutMs: opts.timeoutMs });
  const dnsMs = performance.now() - t0;
  const timings = opts.timings ?? { dnsMs: 0, connectMs: 0, tlsMs: null };
  timings.dnsMs = dnsMs;

  // Every answer is checked, not just the one we will use: a name that answers both a public
  // and a private address is treated as hostile rather than silently half-used.
  const refusal = policyRefusal(host, addresses, opts.policy);
  if (refusal) throw new NetError('policy', refusal, 'EPOLICY');

  const t1 = performance.now();
  let socket: Socket | null = null;
  let chosen: ResolvedAddress | null = null;
  let lastError: unknown = null;
  // At most three addresses: enough to get past one dead IPv6 or one dead server.
  for (const a of addresses.slice(0, 3)) {
    try {
      socket = await tcpConnect(a.address, a.family, opts.port, opts.signal);
      chosen = a;
      break;
    } catch (e) {
      lastError = e;
      if (opts.signal.aborted) break;
    }
  }
  timings.connectMs = performance.now() - t1; // also on failure: "refused after 2 ms" vs "after 5 s" tells a story
  if (!socket || !chosen) throw lastError ?? new NetError('unreachable', `${host}: no address to connect to`);

  let out: Socket | TLSSocket = socket;
  if (opts.tls) {
    const t2 = performance.now();
    // SNI must be a name (RFC 6066); for an IP target, `host` still drives the identity check.
    const servername = isIP(host) ? undefined : host;
    out = await tlsHandshake(socket, { ...opts.tls, host, ...(servername ? { servername } : {}) }, opts.signal);
    timings.tlsMs = performance.now() - t2;
  }
  return { socket: out, address: chosen.address, family: chosen.family, resolved: addresses.map((a) => a.address), timings };
}
