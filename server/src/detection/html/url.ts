/** URL helpers: resolving hrefs and reducing hosts to a registrable-ish domain. */

const SECOND_LEVEL = new Set(['com', 'net', 'org', 'gov', 'edu', 'co', 'ac', 'or', 'ne', 'go', 'mil', 'info', 'biz', 'nic', 'int', 'health', 'pro', 'name', 'gob', 'web', 'sch', 'in', 'nom', 'ltd', 'plc', 'me']);

/** Lower-case host without "www." and reduced to its registrable part (abc.gov.vn, bbc.co.uk). */
export function domainOfHost(host: string): string {
  let h = host.toLowerCase().replace(/\.$/, '');
  if (h.startsWith('[') || /^[0-9.]+$/.test(h)) return h;
  if (h.startsWith('www.')) h = h.slice(4);
  const parts = h.split('.');
  if (parts.length <= 2) return h;
  const tld = parts[parts.length - 1]!;
  const sld = parts[parts.length - 2]!;
  const keep = tld.length === 2 && SECOND_LEVEL.has(sld) ? 3 : 2;
  return parts.slice(-keep).join('.');
}

export function safeUrl(href: string, base: string | undefined): URL | null {
  if (href.length > 2048) return null;
  try {
    return base ? new URL(href, base) : new URL(href);
  } catch {
    return null;
  }
}

/** Domain of an absolute http(s) URL, '' otherwise. */
export function domainOfUrl(href: string, base?: string): string {
  const u = safeUrl(href.trim(), base);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return '';
  return domainOfHost(u.hostname);
}
