import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import Type from 'typebox';
import { chainOf, summarizeCertificate, type CertificateSummary } from '../net/cert-info.ts';
import { Deadline } from '../net/deadline.ts';
import { guardedConnect } from '../net/guarded-connect.ts';
import { describeError, tlsCodeText } from '../net/net-errors.ts';
import { secureContextFor } from '../net/tls-context.ts';
import type { Probe, ProbeContext, ProbeResult, ProbeStatus } from '../probe.ts';
import { formatHostPort, parseHostPort } from './host-port.ts';
import { ms, ResolverSetting, withDefaults } from './probe-settings.ts';

/**
 * The TLS certificate and handshake of host:port. The handshake accepts anything
 * (rejectUnauthorized: false, TLS 1.0+) so that every problem can be *reported* with its
 * name (expired, wrong host, unknown issuer, old protocol) instead of one blind "handshake
 * failed"; the verdict is then computed from what was seen.
 */

export interface TlsSettings {
  /** Fewer days left than this → degraded. */
  warnDays: number;
  /** Fewer days left than this → down. */
  criticalDays: number;
  minProtocol: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** Extra trusted CA certificates (PEM), added to the public roots. */
  caBundle?: string;
  /** A changed issuer against the accepted baseline → degraded (on by default: a new CA is rare and worth a look). */
  alertOnIssuerChange: boolean;
  /** A changed certificate (fingerprint) → degraded. Off by default: every renewal changes it. */
  alertOnFingerprintChange: boolean;
  resolver?: string;
}

const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;

export const tlsSettingsSchema = Type.Object(
  {
    warnDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    criticalDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    minProtocol: Type.Optional(Type.Union(PROTOCOLS.map((p) => Type.Literal(p)))),
    caBundle: Type.Optional(Type.String({ maxLength: 200_000 })),
    alertOnIssuerChange: Type.Optional(Type.Boolean()),
    alertOnFingerprintChange: Type.Optional(Type.Boolean()),
    resolver: Type.Optional(ResolverSetting),
  },
  { additionalProperties: false },
);

export const TLS_DEFAULTS: TlsSettings = {
  warnDays: 14,
  criticalDays: 3,
  minProtocol: 'TLSv1.2',
  alertOnIssuerChange: true,
  alertOnFingerprintChange: false,
};

/** host:port, or an https:// URL (monitors created from a registry URL). */
export function tlsTarget(target: string): ReturnType<typeof parseHostPort> {
  if (/^https?:\/\//i.test(target)) {
    try {
      const u = new URL(target);
      return { host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port: Number(u.port) || 443 };
    } catch {
      return 'not a valid URL';
    }
  }
  return parseHostPort(target, 443);
}

interface Finding {
  status: ProbeStatus;
  reason: string;
}

function protocolRank(p: string | null): number {
  return p ? PROTOCOLS.indexOf(p as (typeof PROTOCOLS)[number]) : -1;
}

/** What was wrong, worst first; the result's reason lists them all on one line. */
function assess(host: string, cert: CertificateSummary, socket: TLSSocket, raw: DetailedPeerCertificate, s: TlsSettings, baseline: Record<string, unknown> | null): { findings: Finding[]; details: Record<string, unknown> } {
  const findings: Finding[] = [];
  const protocol = socket.getProtocol();
  const authError = socket.authorized ? null : String(socket.authorizationError ?? 'not authorized');
  const mismatch = checkServerIdentity(host, raw);

  if (cert.daysLeft < 0) findings.push({ status: 'down', reason: `certificate expired ${-cert.daysLeft} day${cert.daysLeft === -1 ? '' : 's'} ago` });
  else if (cert.daysLeft < s.criticalDays) findings.push({ status: 'down', reason: `certificate expires in ${cert.daysLeft} day${cert.daysLeft === 1 ? '' : 's'}` });
  else if (cert.daysLeft < s.warnDays) findings.push({ status: 'degraded', reason: `certificate expires in ${cert.daysLeft} days` });
  if (mismatch) findings.push({ status: 'down', reason: `certificate does not match ${host} (it names ${cert.subjectAltNames.join(', ') || cert.subject || 'nothing'})` });
  // Expiry and host name are reported on their own above; do not repeat them as chain errors.
  if (authError && authError !== 'CERT_HAS_EXPIRED' && authError !== 'ERR_TLS_CERT_ALTNAME_INVALID') findings.push({ status: 'down', reason: `certificate not trusted: ${tlsCodeText(authError)}` });
  if (protocolRank(protocol) < protocolRank(s.minProtocol)) findings.push({ status: 'degraded', reason: `${protocol ?? 'unknown protocol'} negotiated, below the minimum ${s.minProtocol}` });

  if (baseline) {
    const issuerBefore = typeof baseline.issuer === 'string' ? baseline.issuer : null;
    const fpBefore = typeof baseline.fingerprint === 'string' ? baseline.fingerprint : null;
    if (s.alertOnIssuerChange && issuerBefore && issuerBefore !== cert.issuer) findings.push({ status: 'degraded', reason: `certificate issuer changed: ${issuerBefore} → ${cert.issuer}` });
    else if (s.alertOnFingerprintChange && fpBefore && fpBefore !== cert.fingerprint256) findings.push({ status: 'degraded', reason: 'certificate changed (new fingerprint)' });
  }

  const cipher = socket.getCipher();
  return {
    findings,
    details: {
      host,
      subject: cert.subject,
      issuer: cert.issuer,
      validFrom: cert.validFrom,
      validTo: cert.validTo,
      daysLeft: cert.daysLeft,
      fingerprint256: cert.fingerprint256,
      serialNumber: cert.serialNumber,
      subjectAltNames: cert.subjectAltNames,
      selfSigned: cert.selfSigned,
      protocol,
      cipher: cipher ? cipher.standardName || cipher.name : null,
      authorized: socket.authorized,
      authorizationError: authError,
      hostnameMatches: !mismatch,
      chain: chainOf(raw),
    },
  };
}

async function check(target: string, s: TlsSettings, ctx: ProbeContext, deadline: Deadline): Promise<ProbeResult> {
  const hp = tlsTarget(target);
  if (typeof hp === 'string') return { status: 'down', reason: `invalid target: ${hp}`, latencyMs: null, details: {} };
  let socket: TLSSocket | null = null;
  try {
    const c = await guardedConnect({
      host: hp.host,
      port: hp.port,
      policy: ctx.addressPolicy,
      signal: deadline.signal,
      timeoutMs: deadline.remainingMs(),
      resolver: s.resolver,
      tls: { rejectUnauthorized: false, secureContext: secureContextFor({ caPem: s.caBundle, legacy: true }) },
    });
    socket = c.socket as TLSSocket;
    const latencyMs = ms(deadline.elapsedMs());
    const raw = socket.getPeerCertificate(true);
    const timings = { dnsMs: ms(c.timings.dnsMs), connectMs: ms(c.timings.connectMs), tlsMs: ms(c.timings.tlsMs) };
    if (!raw || !raw.valid_to) return { status: 'down', reason: 'the server sent no certificate', latencyMs, details: { target: formatHostPort(hp), address: c.address, timings } };
    const cert = summarizeCertificate(raw, ctx.now());
    const { findings, details } = assess(hp.host, cert, socket, raw, s, ctx.baseline);
    const worst: ProbeStatus = findings.some((f) => f.status === 'down') ? 'down' : findings.length ? 'degraded' : 'up';
    const ordered = [...findings.filter((f) => f.status === 'down'), ...findings.filter((f) => f.status !== 'down')];
    return {
      status: worst,
      reason: ordered.length ? ordered.map((f) => f.reason).join('; ') : `valid for ${cert.daysLeft} more days (${details.protocol})`,
      latencyMs,
      details: { target: formatHostPort(hp), address: c.address, timings, ...details },
      observed: { issuer: cert.issuer, fingerprint: cert.fingerprint256 },
      tlsDaysLeft: cert.daysLeft,
    };
  } catch (e) {
    const d = describeError(e, deadline.reason);
    return { status: 'down', reason: d.kind === 'tls' || d.kind === 'reset' ? `TLS handshake failed: ${d.reason}` : d.reason, latencyMs: null, details: { target: formatHostPort(hp), error: { kind: d.kind, code: d.code ?? null } } };
  } finally {
    socket?.destroy();
  }
}

// Partial: stored settings hold only what the monitor set; run() fills in the defaults.
export const tlsProbe: Probe<Partial<TlsSettings>> = {
  kind: 'tls',
  settingsSchema: tlsSettingsSchema,
  defaults: TLS_DEFAULTS,
  targetHelp: 'host, host:port (default port 443) or an https:// URL, e.g. portal.example.gov.vn:443',
  validateTarget(target) {
    const hp = tlsTarget(target);
    return typeof hp === 'string' ? hp : null;
  },
  hostOf(target) {
    const hp = tlsTarget(target);
    return typeof hp === 'string' ? target : hp.host;
  },
  async run(target, settings, ctx) {
    const deadline = new Deadline(ctx.timeoutMs, ctx.signal);
    try {
      return await check(target, withDefaults(TLS_DEFAULTS, settings), ctx, deadline);
    } catch (e) {
      return { status: 'down', reason: `internal error in the TLS probe: ${(e as Error).message}`, latencyMs: null, details: {} };
    } finally {
      deadline.dispose();
    }
  },
};
