import type { TLSSocket } from 'node:tls';
import { Client } from 'undici';
import type { AddressPolicy } from '../probe.ts';
import { summarizeCertificate, type CertificateSummary } from './cert-info.ts';
import type { Deadline } from './deadline.ts';
import { guardedConnect, type ConnectTimings } from './guarded-connect.ts';
import { describeError, type DescribedError } from './net-errors.ts';
import { secureContextFor } from './tls-context.ts';

/**
 * One HTTP request/response, no redirects (the HTTP probe follows them itself so every hop goes
 * through the address policy). A fresh undici Client per hop with our guarded connector: the
 * connector is where the policy check happens and where DNS/connect/TLS are timed, and a fresh
 * connection per hop keeps those timings honest (no reused socket with a zero connect time).
 * The client is destroyed before returning, so no socket outlives the check.
 */

export interface HopTimings {
  dnsMs: number;
  connectMs: number;
  tlsMs: number | null;
  /** Connection ready → response headers received (server think time plus one round trip). */
  firstByteMs: number | null;
  /** Response headers → last body byte read (or the cap reached). */
  transferMs: number | null;
}

export interface HopOptions {
  url: URL;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** Whether to read the body of a response with this status (redirect bodies are skipped). */
  readBody: (status: number) => boolean;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  policy: AddressPolicy;
  resolver?: string | null | undefined;
  rejectUnauthorized: boolean;
  caPem?: string | null | undefined;
  deadline: Deadline;
  now: () => Date;
}

export interface HopResult {
  url: string;
  address: string | null;
  status: number | null;
  headers: Record<string, string>;
  timings: HopTimings;
  body: Buffer | null;
  bodyBytes: number;
  truncated: boolean;
  certificate: CertificateSummary | null;
  tlsProtocol: string | null;
  error: (DescribedError & { phase: 'connect' | 'headers' | 'body' }) | null;
}

// Response headers worth keeping in the event history; the rest is noise (and can be huge).
const KEPT_HEADERS = ['location', 'content-type', 'content-length', 'content-encoding', 'server'];

function keepHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KEPT_HEADERS) {
    const v = raw[k];
    if (v !== undefined) out[k] = (Array.isArray(v) ? v.join(', ') : v).slice(0, 2000);
  }
  return out;
}

export async function performHop(o: HopOptions): Promise<HopResult> {
  const { url, deadline } = o;
  const https = url.protocol === 'https:';
  const port = Number(url.port) || (https ? 443 : 80);
  const result: HopResult = {
    url: url.href,
    address: null,
    status: null,
    headers: {},
    timings: { dnsMs: 0, connectMs: 0, tlsMs: null, firstByteMs: null, transferMs: null },
    body: null,
    bodyBytes: 0,
    truncated: false,
    certificate: null,
    tlsProtocol: null,
    error: null,
  };
  let phase: 'connect' | 'headers' | 'body' = 'connect';
  let connectedAt = 0;

  const connector = (_opts: unknown, cb: (...args: [null, import('node:net').Socket] | [Error, null]) => void): void => {
    guardedConnect({
      host: url.hostname,
      port,
      policy: o.policy,
      signal: deadline.signal,
      timeoutMs: deadline.remainingMs(),
      resolver: o.resolver,
      timings: result.timings as ConnectTimings,
      tls: https ? { rejectUnauthorized: o.rejectUnauthorized, ALPNProtocols: ['http/1.1'], secureContext: secureContextFor({ caPem: o.caPem }) } : null,
    }).then(
      (c) => {
        connectedAt = performance.now();
        phase = 'headers';
        result.address = c.address;
        if (https) {
          const s = c.socket as TLSSocket;
          const cert = s.getPeerCertificate();
          result.certificate = cert && cert.valid_to ? summarizeCertificate(cert, o.now()) : null;
          result.tlsProtocol = s.getProtocol();
        }
        cb(null, c.socket);
      },
      (e: unknown) => cb(e instanceof Error ? e : new Error(String(e)), null),
    );
  };

  // The deadline aborts the request itself (and names the phase); undici's own timers are only a
  // backstop, set past it so that under load they never win the race with a vaguer message.
  const budget = Math.max(1, Math.ceil(deadline.remainingMs())) + 1000;
  const client = new Client(url.origin, {
    connect: connector as never,
    maxHeaderSize: o.maxHeaderBytes,
    headersTimeout: budget,
    bodyTimeout: budget,
    pipelining: 1,
    keepAliveTimeout: 1000,
  });
  try {
    const res = await client.request({ path: `${url.pathname}${url.search}`, method: o.method, headers: o.headers, signal: deadline.signal });
    const headersAt = performance.now();
    phase = 'body';
    // We end bodies early on purpose (cap, redirect, HEAD); undici reports that as an 'error'
    // event, which must not become an uncaught exception. Read errors still reach the loop below.
    res.body.on('error', () => undefined);
    result.status = res.statusCode;
    result.headers = keepHeaders(res.headers);
    result.timings.firstByteMs = connectedAt ? headersAt - connectedAt : null;
    if (o.method === 'HEAD' || !o.readBody(res.statusCode)) {
      res.body.destroy();
      result.timings.transferMs = 0;
      return result;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      const room = o.maxBodyBytes - result.bodyBytes;
      if (chunk.length > room) {
        // The cap limits what we read; it is not a failure: stop, keep what we have, say so.
        chunks.push(chunk.subarray(0, room));
        result.bodyBytes += room;
        result.truncated = true;
        break;
      }
      chunks.push(chunk);
      result.bodyBytes += chunk.length;
    }
    result.body = Buffer.concat(chunks);
    result.timings.transferMs = performance.now() - headersAt;
    return result;
  } catch (e) {
    result.error = { ...describeError(e, deadline.reason), phase };
    return result;
  } finally {
    // destroy, not close: close would wait for an endless or trickling body to finish.
    await client.destroy().catch(() => undefined);
  }
}
