import { DeadlineError, formatMs } from './deadline.ts';

/**
 * Turns whatever a socket, DNS query, TLS handshake or undici threw into one readable line for
 * ProbeResult.reason. Probes never throw for a target's misbehaviour; everything that goes
 * wrong on the wire ends here.
 */

export type NetErrorKind = 'policy' | 'dns' | 'timeout' | 'cancelled' | 'refused' | 'reset' | 'unreachable' | 'tls' | 'protocol' | 'other';

/** An error this module raised on purpose, with its reason already written for a human. */
export class NetError extends Error {
  constructor(
    readonly kind: NetErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NetError';
  }
}

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate chain incomplete or issuer not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer certificate not found',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer not trusted (unknown CA or missing intermediate)',
  CERT_REVOKED: 'certificate revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature invalid',
  CERT_UNTRUSTED: 'certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'no TLS protocol version in common',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS protocol version in common',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'TLS handshake failure (no cipher or protocol in common)',
  ERR_SSL_TLSV1_UNRECOGNIZED_NAME: 'the server does not serve this host name',
};

const SOCKET_REASONS: Record<string, [NetErrorKind, string]> = {
  ECONNREFUSED: ['refused', 'connection refused'],
  ECONNRESET: ['reset', 'connection reset by the server'],
  EPIPE: ['reset', 'connection closed by the server while sending'],
  EHOSTUNREACH: ['unreachable', 'host unreachable'],
  ENETUNREACH: ['unreachable', 'network unreachable'],
  EADDRNOTAVAIL: ['unreachable', 'address not available'],
  ETIMEDOUT: ['timeout', 'connection timed out'],
  UND_ERR_HEADERS_OVERFLOW: ['protocol', 'response headers too large'],
  UND_ERR_HEADERS_TIMEOUT: ['timeout', 'no response headers in time'],
  UND_ERR_BODY_TIMEOUT: ['timeout', 'response body stalled'],
  UND_ERR_SOCKET: ['reset', 'connection closed by the server'],
  UND_ERR_CLOSED: ['reset', 'connection closed'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: ['protocol', 'response shorter or longer than its Content-Length'],
  UND_ERR_INVALID_ARG: ['other', 'invalid request'],
  ERR_INVALID_URL: ['other', 'invalid URL'],
};

/** "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)" for an OpenSSL verification code. */
export function tlsCodeText(code: string): string {
  const t = TLS_REASONS[code];
  return t ? `${t} (${code})` : code;
}

function codeOf(e: unknown): string | undefined {
  if (e && typeof e === 'object') {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

export interface DescribedError {
  kind: NetErrorKind;
  reason: string;
  code?: string;
}

/** Classifies an error. `deadline` wins: once the budget is spent, the real cause is "too slow". */
export function describeError(e: unknown, deadlineReason?: DeadlineError | null): DescribedError {
  if (deadlineReason) return { kind: deadlineReason.kind === 'timeout' ? 'timeout' : 'cancelled', reason: deadlineReason.message };
  if (e instanceof DeadlineError) return { kind: e.kind === 'timeout' ? 'timeout' : 'cancelled', reason: e.message };
  if (e instanceof NetError) return { kind: e.kind, reason: e.message, ...(e.code ? { code: e.code } : {}) };
  // undici wraps socket errors; the interesting code is often on the cause.
  const cause = e && typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  const codes = [codeOf(cause), codeOf(e)].filter((c): c is string => Boolean(c));
  for (const code of codes) {
    const tls = TLS_REASONS[code];
    if (tls) return { kind: 'tls', reason: `TLS error: ${tls} (${code})`, code };
    const sock = SOCKET_REASONS[code];
    if (sock) return { kind: sock[0], reason: sock[1], code };
    if (code.startsWith('HPE_')) return { kind: 'protocol', reason: `invalid HTTP response (${code})`, code };
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return { kind: 'tls', reason: `TLS error (${code})`, code };
  }
  if (e instanceof Error && e.name === 'HTTPParserError') return { kind: 'protocol', reason: `invalid HTTP response: ${e.message}` };
  const message = e instanceof Error ? e.message : String(e);
  const code = codes[0];
  return { kind: 'other', reason: code ? `${message} (${code})` : message, ...(code ? { code } : {}) };
}

export { formatMs };
