import { gunzipSync } from 'node:zlib';

/**
 * Reading sitemap.xml written by whoever controls the site, attacker included. Not an XML
 * parser on purpose: a bounded scan for <loc> elements. Entities are never resolved (a DOCTYPE
 * with entity declarations is ignored, so no XXE and no "billion laughs"); only the five
 * predefined XML entities and numeric references are decoded in a URL. Only absolute http(s)
 * URLs count, as the sitemap protocol requires.
 */
export interface SitemapScan {
  kind: 'urlset' | 'sitemapindex' | 'unknown';
  /** Page URLs (urlset) or child sitemap URLs (sitemapindex), at most `maxLocs`. */
  locs: string[];
}

export const MAX_SITEMAP_BYTES = 1024 * 1024;
export const MAX_LOCS = 2000;

// Bounded pieces with no overlapping quantifiers next to each other: linear on any input.
const LOC = /<(?:[A-Za-z_][\w.-]{0,30}:)?loc>(?:<!\[CDATA\[([^\]<]{0,2048})\]\]>|([^<]{0,2048}))<\/(?:[A-Za-z_][\w.-]{0,30}:)?loc>/g;
const ROOT = /<(?:[A-Za-z_][\w.-]{0,30}:)?(urlset|sitemapindex)\b/;

function decodeXmlText(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0x20 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** Text of a sitemap body: gunzipped when it is gzip (capped), decoded as UTF-8, capped. */
export function sitemapText(body: Uint8Array, maxBytes = MAX_SITEMAP_BYTES): string | null {
  let bytes = body;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch {
      return null;
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, maxBytes));
}

export function scanSitemap(text: string, maxLocs = MAX_LOCS): SitemapScan {
  const root = ROOT.exec(text.slice(0, 8192));
  const kind = root ? (root[1] as 'urlset' | 'sitemapindex') : 'unknown';
  const locs: string[] = [];
  if (kind === 'unknown') return { kind, locs };
  LOC.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (locs.length < maxLocs && (m = LOC.exec(text)) !== null) {
    const raw = decodeXmlText((m[1] ?? m[2] ?? '').trim());
    if (!/^https?:\/\//i.test(raw)) continue;
    try {
      locs.push(new URL(raw).href);
    } catch {
      /* not a URL: skipped */
    }
  }
  return { kind, locs };
}
