/**
 * The kinds of observable (indicator of compromise) an incident can carry, shared by the
 * extractor, the manual-entry normaliser and the STIX / MISP codecs.
 */
export const OBSERVABLE_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export interface Observable {
  type: ObservableType;
  /** Canonical form: refanged, host lowercased, hashes lowercased, IPv6 compressed (RFC 5952). */
  value: string;
  /** How many times it occurs in the text. */
  count: number;
  /** Offset (UTF-16 code units) of its first occurrence in the text as given, defanged or not. */
  firstIndex: number;
}

export function isObservableType(v: unknown): v is ObservableType {
  return typeof v === 'string' && (OBSERVABLE_TYPES as readonly string[]).includes(v);
}

/** Hash length in hex digits per hash type; a standalone hex token of another length is not a hash. */
export const HASH_LENGTHS: Readonly<Record<'md5' | 'sha1' | 'sha256', number>> = { md5: 32, sha1: 40, sha256: 64 };

/** Longest value of each kind we accept; anything longer is noise or an attack on the store. */
export const MAX_URL_LENGTH = 2048;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_DOMAIN_LENGTH = 253;
