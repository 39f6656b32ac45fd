import Type from 'typebox';
import { Deadline, formatMs } from '../net/deadline.ts';
import { performHop, type HopResult } from '../net/http-hop.ts';
import type { Probe, ProbeContext, ProbeResult } from '../probe.ts';
import { compileRegex, decodeBody, parseStatusSpec, testRegex, MAX_REGEX_LENGTH, REGEX_BUDGET_MS } from './http-expect.ts';
import { ms, ResolverSetting, withDefaults } from './probe-settings.ts';
import { parseTarget, urlTarget } from './url-target.ts';

/**
 * HTTP(S) GET/HEAD. Redirects are followed here, one fresh connection per hop, so each hop is
 * checked by the address policy at connect time (a public page redirecting to
 * http://169.254.169.254/ is refused, not fetched). Every limit (redirects, header size, body
 * size, total time) turns hostile servers into a readable `down`, never a stalled worker.
 */

export interface HttpSettings {
  method: 'GET' | 'HEAD';
  /** "200", "200-299", "2xx"; the final response must match one. */
  expectedStatus: string[];
  followRedirects: boolean;
  maxRedirects: number;
  /** Must appear in the body (or must not, with invertKeyword). Case-sensitive. */
  keyword?: string;
  invertKeyword: boolean;
  regex?: string;
  regexFlags?: string;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  headers: Record<string, string>;
  userAgent: string;
  acceptInvalidCertificates: boolean;
  /** Extra trusted CA certificates (PEM), added to the public roots. */
  caBundle?: string;
  /** Slower than this (total, all hops) → degraded. */
  degradedAfterMs: number;
  resolver?: string;
}

const STATUS_SPEC = '^\\s*([1-5]xx|\\d{3}(\\s*-\\s*\\d{3})?)\\s*$';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const httpSettingsSchema = Type.Object(
  {
    method: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('HEAD')])),
    expectedStatus: Type.Optional(Type.Array(Type.String({ pattern: STATUS_SPEC, maxLength: 20 }), { minItems: 1, maxItems: 20 })),
    followRedirects: Type.Optional(Type.Boolean()),
    maxRedirects: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    keyword: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    invertKeyword: Type.Optional(Type.Boolean()),
    regex: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_REGEX_LENGTH })),
    regexFlags: Type.Optional(Type.String({ pattern: '^[imsu]{0,4}$' })),
    maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024 })),
    maxHeaderBytes: Type.Optional(Type.Integer({ minimum: 4096, maximum: 256 * 1024 })),
    // additionalProperties: false makes the key pattern binding (a Record alone only describes matching keys).
    headers: Type.Optional(Type.Record(Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$" }), Type.String({ maxLength: 4000, pattern: '^[^\\r\\n\\u0000]*$' }), { maxProperties: 50, additionalProperties: false })),
    userAgent: Type.Optional(Type.String({ minLength: 1, maxLength: 300, pattern: '^[^\\r\\n\\u0000]*$' })),
    acceptInvalidCertificates: Type.Optional(Type.Boolean()),
    caBundle: Type.Optional(Type.String({ maxLength: 200_000 })),
    degradedAfterMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
    resolver: Type.Optional(ResolverSetting),
  },
  { additionalProperties: false },
);

export const HTTP_DEFAULTS: HttpSettings = {
  method: 'GET',
  expectedStatus: ['200-299'],
  followRedirects: true,
  maxRedirects: 10,
  invertKeyword: false,
  maxBodyBytes: 1024 * 1024,
  maxHeaderBytes: 32 * 1024,
  headers: {},
  userAgent: 'Vigil-Monitor/0.1 (agentless uptime check)',
  acceptInvalidCertificates: false,
  degradedAfterMs: 5000,
};

/** Setting errors the schema cannot express (regex safety, status ranges), field by field. */
export function validateHttpSettings(s: Partial<HttpSettings>): Array<{ field: string; message: string }> {
  const errors: Array<{ field: string; message: string }> = [];
  if (s.expectedStatus && !parseStatusSpec(s.expectedStatus)) errors.push({ field: '/expectedStatus', message: 'use codes like "200", ranges like "200-299" or classes like "2xx"' });
  if (s.regex !== undefined) {
    const re = compileRegex(s.regex, s.regexFlags ?? '');
    if (typeof re === 'string') errors.push({ field: '/regex', message: re });
  }
  if ((s.keyword || s.regex) && s.method === 'HEAD') errors.push({ field: '/method', message: 'a keyword or regex needs GET (HEAD has no body)' });
  return errors;
}

function buildHeaders(s: HttpSettings): Record<string, string> {
  // identity: keyword matching wants plain bytes and the body cap should count real content.
  const h: Record<string, string> = { 'user-agent': s.userAgent, accept: '*/*', 'accept-encoding': 'identity' };
  for (const [k, v] of Object.entries(s.headers)) h[k.toLowerCase()] = v;
  return h;
}

function sumTimings(hops: HopResult[]) {
  const sum = (f: (h: HopResult) => number | null) => (hops.some((h) => f(h) !== null) ? hops.reduce((a, h) => a + (f(h) ?? 0), 0) : null);
  return {
    dnsMs: ms(sum((h) => h.timings.dnsMs)),
    connectMs: ms(sum((h) => h.timings.connectMs)),
    tlsMs: ms(sum((h) => h.timings.tlsMs)),
    firstByteMs: ms(sum((h) => h.timings.firstByteMs)),
    transferMs: ms(sum((h) => h.timings.transferMs)),
  };
}

function phaseText(h: HopResult): string {
  switch (h.error?.phase) {
    case 'connect':
      return 'connecting';
    case 'headers':
      return 'waiting for the response headers';
    default:
      return `reading the body, ${h.bodyBytes} bytes received`;
  }
}

async function check(target: string, s: HttpSettings, ctx: ProbeContext, deadline: Deadline): Promise<ProbeResult> {
  const down = (reason: string, details: Record<string, unknown> = {}): ProbeResult => ({ status: 'down', reason, latencyMs: null, details });
  const start = parseTarget(target);
  if (!start) return down(`not an http(s) URL: ${target.slice(0, 200)}`);
  const settingErrors = validateHttpSettings(s);
  if (settingErrors.length) return down(`invalid settings: ${settingErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  const statusOk = parseStatusSpec(s.expectedStatus)!;
  const regex = s.regex ? (compileRegex(s.regex, s.regexFlags ?? '') as RegExp) : null;
  const headers = buildHeaders(s);

  const hops: HopResult[] = [];
  const visited = new Set<string>();
  let url = start;
  let method = s.method;
  for (;;) {
    visited.add(url.href);
    const hop = await performHop({
      url,
      method,
      headers,
      readBody: (status) => !(s.followRedirects && REDIRECTS.has(status)),
      maxBodyBytes: s.maxBodyBytes,
      maxHeaderBytes: s.maxHeaderBytes,
      policy: ctx.addressPolicy,
      resolver: s.resolver,
      rejectUnauthorized: !s.acceptInvalidCertificates,
      caPem: s.caBundle,
      deadline,
      now: () => ctx.now(),
    });
    hops.push(hop);
    const location = hop.headers.location;
    if (hop.error || !s.followRedirects || hop.status === null || !REDIRECTS.has(hop.status) || !location) break;
    if (hops.length > s.maxRedirects) break;
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      break;
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') break;
    if (visited.has(next.href)) break;
    if (hop.status === 303 && method !== 'HEAD') method = 'GET';
    url = next;
  }

  const final = hops[hops.length - 1]!;
  const totalMs = deadline.elapsedMs();
  const details: Record<string, unknown> = {
    url: start.href,
    finalUrl: final.url,
    method: s.method,
    statusCode: final.status,
    address: final.address,
    timings: { totalMs: ms(totalMs), ...sumTimings(hops) },
    redirects: hops.slice(0, -1).map((h) => ({ url: h.url, status: h.status, location: h.headers.location ?? null, address: h.address })),
    contentType: final.headers['content-type'] ?? null,
    server: final.headers.server ?? null,
    bodyBytes: final.bodyBytes,
    bodyTruncated: final.truncated,
  };
  if (final.certificate) details.tls = { protocol: final.tlsProtocol, daysLeft: final.certificate.daysLeft, issuer: final.certificate.issuer, subject: final.certificate.subject, validTo: final.certificate.validTo };
  const tlsDaysLeft = final.certificate ? final.certificate.daysLeft : null;
  const answered = (r: Omit<ProbeResult, 'latencyMs' | 'details' | 'tlsDaysLeft'>): ProbeResult => ({ ...r, latencyMs: ms(totalMs), details, tlsDaysLeft });
  const hopPrefix = hops.length > 1 ? `redirect hop ${hops.length - 1} (${final.url}): ` : '';

  if (final.error) {
    details.error = { kind: final.error.kind, code: final.error.code ?? null, phase: final.error.phase };
    const when = final.error.kind === 'timeout' || final.error.kind === 'cancelled' ? ` while ${phaseText(final)}` : '';
    const r = { status: 'down' as const, reason: `${hopPrefix}${final.error.reason}${when}` };
    // Something answered (headers, then the body failed): the latency still means something.
    return final.status === null ? { ...r, latencyMs: null, details, tlsDaysLeft } : answered(r);
  }
  const status = final.status!;
  if (s.followRedirects && REDIRECTS.has(status) && final.headers.location) {
    const location = final.headers.location;
    let reason = `too many redirects (more than ${s.maxRedirects})`;
    try {
      const next = new URL(location, final.url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') reason = `redirect to an unsupported scheme: ${next.protocol}`;
      else if (visited.has(next.href)) reason = `redirect loop: ${final.url} → ${next.href}`;
    } catch {
      reason = `invalid redirect location: ${location.slice(0, 200)}`;
    }
    return answered({ status: 'down', reason });
  }
  if (!statusOk(status)) return answered({ status: 'down', reason: `HTTP ${status} (expected ${s.expectedStatus.join(', ')})` });

  if ((s.keyword || regex) && s.method === 'GET') {
    const text = await decodeBody(final.body ?? Buffer.alloc(0), final.headers['content-type'], final.headers['content-encoding'], s.maxBodyBytes);
    const scope = final.truncated ? ` in the first ${s.maxBodyBytes} bytes` : '';
    if (s.keyword) {
      const found = text.includes(s.keyword);
      details.keywordFound = found;
      if (!s.invertKeyword && !found) return answered({ status: 'down', reason: `keyword "${s.keyword}" not found${scope}` });
      if (s.invertKeyword && found) return answered({ status: 'down', reason: `forbidden keyword "${s.keyword}" found` });
    }
    if (regex) {
      const m = testRegex(regex, text);
      details.regexMatched = m === 'timeout' ? null : m;
      if (m === 'timeout') return answered({ status: 'degraded', reason: `regex check stopped after ${REGEX_BUDGET_MS} ms (pattern too costly for this page)` });
      if (!m) return answered({ status: 'down', reason: `regex /${s.regex}/ did not match${scope}` });
    }
  }

  if (totalMs > s.degradedAfterMs) return answered({ status: 'degraded', reason: `slow: HTTP ${status} in ${formatMs(totalMs)} (threshold ${formatMs(s.degradedAfterMs)})` });
  return answered({ status: 'up', reason: `HTTP ${status}` });
}

// Partial: stored settings hold only what the monitor set; run() fills in the defaults.
export const httpProbe: Probe<Partial<HttpSettings>> = {
  kind: 'http',
  settingsSchema: httpSettingsSchema,
  defaults: HTTP_DEFAULTS,
  targetHelp: 'an http(s) URL, e.g. https://portal.example.gov.vn/',
  ...urlTarget,
  async run(target, settings, ctx) {
    const deadline = new Deadline(ctx.timeoutMs, ctx.signal);
    try {
      return await check(target, withDefaults(HTTP_DEFAULTS, settings), ctx, deadline);
    } catch (e) {
      // A bug, not target behaviour; still never let it escape into the scheduler.
      return { status: 'down', reason: `internal error in the HTTP probe: ${(e as Error).message}`, latencyMs: null, details: {} };
    } finally {
      deadline.dispose();
    }
  },
};
