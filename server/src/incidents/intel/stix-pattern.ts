/**
 * STIX 2.1 patterns for one observable: "[ipv4-addr:value = '203.0.113.7']".
 * String literals in STIX patterning are single-quoted with backslash escapes, so "\" and "'"
 * in a value (possible in a URL path) must be escaped or the pattern is broken or, worse,
 * means something else.
 */
import type { ObservableType } from '../observables/observable-types.ts';

export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const PATH: Record<ObservableType, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
};

export function stixPattern(type: ObservableType, value: string): string {
  return `[${PATH[type]} = ${stixString(value)}]`;
}

/** The STIX observable object type a pattern of this kind matches, for indicator names. */
export function stixObjectType(type: ObservableType): string {
  return PATH[type].slice(0, PATH[type].indexOf(':'));
}
