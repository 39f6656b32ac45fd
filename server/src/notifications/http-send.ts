import { Agent, request } from 'undici';
import type { Socket } from 'node:net';
import { guardedConnect } from '../monitoring/net/guarded-connect.ts';
import { failed, sent, type SendContext, type SendResult } from './channel.ts';

/**
 * The one HTTP path of the HTTP channels (Telegram, webhook, Slack, Teams, SMS gateway): a
 * single request with the dispatcher's budget, the dispatcher's abort signal, a capped response
 * body and, when the context carries an address policy, connections opened only through
 * monitoring/net/guarded-connect.ts (resolve once, check every address, connect to that IP).
 * A fresh Agent per send: notifications are rare, and no pooled socket outlives its policy check.
 */

export interface HttpCall {
  url: string;
  method?: 'POST' | 'GET' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** Bytes of response body kept (the rest is discarded): providers' answers are small. */
  maxResponseBytes?: number;
}

export type HttpOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: string; truncated: boolean }
  | { kind: 'failed'; result: SendResult };

const DEFAULT_MAX_RESPONSE = 64 * 1024;

/** Refuses anything but http(s) URLs without embedded credentials; returns the problem or null. */
export function checkHttpUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a valid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `scheme ${u.protocol} is not allowed (http or https only)`;
  // Credentials in the URL end up in logs and error messages; use the auth header settings instead.
  if (u.username || u.password) return 'must not contain a user name or password';
  if (!u.hostname) return 'has no host';
  return null;
}

function guardedConnector(ctx: SendContext, signal: AbortSignal) {
  const policy = ctx.addressPolicy!;
  return (opts: { hostname: string; port: string | number; protocol: string; servername?: string }, cb: (err: Error | null, socket: Socket | null) => void): void => {
    const https = opts.protocol === 'https:';
    const port = Number(opts.port) || (https ? 443 : 80);
    guardedConnect({ host: opts.hostname, port, policy, signal, timeoutMs: ctx.timeoutMs, tls: https ? { ALPNProtocols: ['http/1.1'] } : null }).then(
      (c) => cb(null, c.socket),
      (e: unknown) => cb(e instanceof Error ? e : new Error(String(e)), null),
    );
  };
}

/** Maps a transport error (no HTTP answer) to a SendResult. Never includes the URL: it may hold a token. */
export function transportFailure(e: unknown, ctx: SendContext, timedOut: boolean): SendResult {
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code ?? '';
  if (ctx.signal.aborted) return failed('aborted', 'send aborted by the dispatcher', true);
  if (code === 'EPOLICY') return failed('policy', err.message ?? 'address refused by policy', false);
  if (timedOut || /TIMEOUT/i.test(code) || code === 'ETIMEDOUT') return failed('timeout', `no answer within ${ctx.timeoutMs} ms`, true);
  const msg = (err?.message ?? String(e)).replace(/https?:\/\/\S+/g, '<url>');
  return failed('network', code ? `${code}: ${msg}` : msg, true);
}

/** Retry-After as ms (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Math.min(Number(v), 86_400) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, Math.min(t - now, 86_400_000)) : undefined;
}

/**
 * The generic judgement of an HTTP answer. Retrying helps with 408/425/429 and 5xx; any other
 * 4xx means the request itself is wrong (token, URL, payload) and will be wrong next time too.
 */
export function classifyStatus(status: number, headers: Record<string, string | string[] | undefined>, body: string, what: string): SendResult {
  if (status >= 200 && status < 300) return sent();
  const detail = `${what} answered HTTP ${status}${body ? `: ${body.slice(0, 200).replace(/\s+/g, ' ')}` : ''}`;
  const retryAfter = parseRetryAfter(headers['retry-after']);
  if (status === 429) return failed('rate-limited', detail, true, retryAfter);
  if (status === 408 || status === 425) return failed('timeout', detail, true, retryAfter);
  if (status >= 500) return failed('server-error', detail, true, retryAfter);
  if (status === 401 || status === 403) return failed('auth', detail, false);
  if (status === 404 || status === 410) return failed('bad-config', detail, false);
  return failed('rejected', detail, false);
}

export async function httpSend(call: HttpCall, ctx: SendContext): Promise<HttpOutcome> {
  const bad = checkHttpUrl(call.url);
  if (bad) return { kind: 'failed', result: failed('bad-config', `URL ${bad}`, false) };
  if (ctx.signal.aborted) return { kind: 'failed', result: failed('aborted', 'send aborted by the dispatcher', true) };

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('timeout')), Math.max(1, ctx.timeoutMs));
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  const budget = Math.max(1, ctx.timeoutMs);
  const agent = new Agent({
    headersTimeout: budget,
    bodyTimeout: budget,
    connectTimeout: budget,
    ...(ctx.addressPolicy ? { connect: guardedConnector(ctx, signal) as never } : {}),
  } as ConstructorParameters<typeof Agent>[0]);
  try {
    const res = await request(call.url, { method: call.method ?? 'POST', headers: call.headers, body: call.body, signal, dispatcher: agent });
    res.body.on('error', () => undefined);
    const cap = call.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      const room = cap - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size = cap;
        truncated = true;
        res.body.destroy();
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    return { kind: 'response', status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated };
  } catch (e) {
    return { kind: 'failed', result: transportFailure(e, ctx, timeout.signal.aborted) };
  } finally {
    clearTimeout(timer);
    agent.destroy().catch(() => undefined);
  }
}

/** JSON.parse that returns undefined instead of throwing (providers answer HTML error pages too). */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
