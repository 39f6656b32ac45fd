import { createHash } from 'node:crypto';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/**
 * Secure contexts for probe connections, cached: building one with a CA list parses every root
 * certificate (milliseconds), which at 10,000 checks a minute is worth avoiding.
 *
 * A trusted-CA bundle is added to the public roots rather than replacing them: a province's
 * portals mix public CAs and the government CA (not in Mozilla's store), and one monitor setting
 * should cover both.
 */

export interface ContextOptions {
  /** Extra trusted CA certificates (PEM). */
  caPem?: string | null | undefined;
  /** Accept TLS 1.0/1.1 and weak ciphers: only for the TLS probe, which reports them instead of failing blind. */
  legacy?: boolean;
}

const cache = new Map<string, SecureContext>();
const MAX_CACHED = 64;

export function secureContextFor(opts: ContextOptions): SecureContext | undefined {
  if (!opts.caPem && !opts.legacy) return undefined; // Node's default context, already shared
  const key = `${opts.legacy ? 'L' : 'S'}:${opts.caPem ? createHash('sha256').update(opts.caPem).digest('hex') : '-'}`;
  let ctx = cache.get(key);
  if (!ctx) {
    ctx = createSecureContext({
      ...(opts.caPem ? { ca: [...rootCertificates, opts.caPem] } : {}),
      ...(opts.legacy ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
    });
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, ctx);
  }
  return ctx;
}
