/**
 * E-mail address indicators. Deliberately narrower than RFC 5322 (no quoted local parts, no
 * comments, no IP-literal domains): an indicator is an address seen in a phishing mail's
 * headers, and those are dot-atoms. The whole address is lowercased; mail systems treat the
 * local part case-insensitively in practice, and correlation must not split on case.
 */
import { parseDomain } from './domain-name.ts';
import { MAX_EMAIL_LENGTH } from './observable-types.ts';

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ||
    c === 46 || c === 95 || c === 45 || c === 43 || c === 37
  );
}

/** Canonical address or null. `strict` as in parseDomain (the extractor passes true). */
export function parseEmail(s: string, strict: boolean): string | null {
  if (s.length < 6 || s.length > MAX_EMAIL_LENGTH) return null;
  const at = s.lastIndexOf('@');
  if (at < 1 || at > 64) return null;
  for (let i = 0; i < at; i++) if (!isLocalChar(s.charCodeAt(i))) return null;
  const local = s.slice(0, at);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const domain = parseDomain(s.slice(at + 1), strict);
  return domain ? `${local.toLowerCase()}@${domain}` : null;
}
