/** Which domains count as "the site itself" for a page judged against an optional profile. */
import { readFileSync } from 'node:fs';
import type { FetchedPage, PageFeatures, PageProfile } from '../types.ts';
import { domainOfUrl } from '../html/url.ts';

export function ownDomainsFor(profile: PageProfile | null, fetched: FetchedPage, f: PageFeatures): Set<string> {
  const own = new Set(profile?.ownDomains ?? []);
  for (const u of [fetched.url, fetched.finalUrl]) {
    const d = u ? domainOfUrl(u) : '';
    if (d) own.add(d);
  }
  // Without history the page's own canonical/og:url is the best statement of its identity.
  if (!profile) for (const u of [f.canonical, f.ogUrl]) { const d = u ? domainOfUrl(u) : ''; if (d) own.add(d); }
  return own;
}

/** URLs for test and evaluation pages carry no real host; do not judge canonical against them. */
export function isPlaceholderHost(d: string): boolean {
  return !d || d.endsWith('.invalid') || d === 'localhost' || d.endsWith('.test') || d.endsWith('.example') || d === 'example.com';
}

/** Tag managers and ad/analytics frames that sites hide on purpose (noscript GTM iframes and the like). */
export const INFRASTRUCTURE = new Set(['googletagmanager.com', 'doubleclick.net', 'google.com', 'facebook.com', 'youtube.com', 'google-analytics.com', 'googlesyndication.com', 'recaptcha.net', 'gstatic.com', 'cloudflare.com', 'hotjar.com', 'twitter.com', 'x.com', 'yandex.ru']);

let knownHosts: Set<string> | null = null;

/** Well-known script / frame hosts (hosts/known-hosts.json): CDNs, analytics, ads, embeds. */
export function isKnownHost(domain: string): boolean {
  if (!knownHosts) {
    const data = JSON.parse(readFileSync(new URL('../hosts/known-hosts.json', import.meta.url), 'utf8')) as { hosts: string[] };
    knownHosts = new Set(data.hosts.map((h) => h.toLowerCase()));
  }
  return knownHosts.has(domain) || INFRASTRUCTURE.has(domain);
}

/** Top-level domains that are cheap to register and dominate throw-away spam / malware hosts. */
const CHEAP_TLDS = new Set(['xyz', 'top', 'vip', 'club', 'site', 'online', 'shop', 'icu', 'buzz', 'live', 'fun', 'win', 'bet', 'casino', 'poker', 'tk', 'ml', 'ga', 'cf', 'gq', 'pw', 'rest', 'monster', 'cyou', 'sbs', 'cfd', 'click', 'link', 'work', 'space', 'website', 'store', 'ink', 'lol', 'quest', 'bond', 'mom', 'hair', 'boats', 'autos', 'skin', 'beauty', 'makeup', 'homes', 'motorcycles', 'yachts', 'loan', 'men', 'date', 'racing', 'review', 'party', 'trade', 'webcam', 'stream', 'download', 'accountant', 'science', 'cricket', 'faith', 'gdn', 'zip', 'mov', 'best', 'today', 'life', 'world', 'asia', 'pro', 'cc', 'ws', 'su', 'games', 'game', 'pics', 'host', 'press', 'uno', 'rocks', 'digital', 'network', 'one', 'app', 'biz', 'info']);
const GAMBLING_STEMS = ['casino', 'slot', 'poker', 'judi', 'togel', 'gacor', 'baccarat', 'nhacai', 'lottery', 'lotto', 'xoso', 'nohu', 'taixiu', 'sbobet', 'ufabet', 'jackpot', 'betting', 'roulette'];
/** Names of well-known script hosts that look-alike domains borrow. */
const BORROWED = ['jquery', 'cdnjs', 'jsdelivr', 'unpkg', 'gstatic', 'googleapis', 'googletag', 'google-analytics', 'googleanalytics', 'cloudflare', 'bootstrap', 'fontawesome', 'facebook', 'gtag', 'wordpress'];
/** Generic technical words that, hyphenated into a name ("static-cdn", "cdn-js"), make up a fake infrastructure host. */
const GENERIC_TECH = /(?:^|-)(?:cdn|static|ajax|analytics|statistics?|metrics|counter|tracker|libs?|js|api|assets)(?:-|$)/;

/**
 * How much a host looks like a throw-away spam / malware host (0 = ordinary, up to ~0.6), with the
 * reason. Raw IPs, punycode, cheap TLDs, gambling/spam words in the name, a well-known script
 * host's name on a domain that is not it.
 */
export function hostSuspicion(host: string, domain: string, spammy: (s: string) => boolean, own?: Set<string>): { score: number; why: string } {
  const h = host.toLowerCase();
  if (/^[0-9.]+$/.test(h) || h.startsWith('[')) return { score: 0.6, why: 'raw IP address' };
  if (isKnownHost(domain)) return { score: 0, why: '' };
  let score = 0;
  const why: string[] = [];
  if (h.includes('xn--')) { score = Math.max(score, 0.45); why.push('punycode'); }
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (CHEAP_TLDS.has(tld)) { score = Math.max(score, 0.4); why.push(`.${tld}`); }
  if (spammy(h.replace(/[.-]/g, ' '))) { score = Math.max(score, 0.55); why.push('spam words'); }
  const name = domain.slice(0, domain.length - tld.length - 1);
  // Gambling stems glued into a host name (brand-like "xx88", "bet365"-style) that word matching misses.
  if (GAMBLING_STEMS.some((g) => h.includes(g)) || /[a-z]88|88[a-z]|(?:^|[.-])[0-9]*bet[0-9]|[0-9]bet(?:[.-]|$)/.test(h)) { score = Math.max(score, 0.45); why.push('gambling-like name'); }
  if (BORROWED.some((b) => name.includes(b)) || (name.includes('-') && GENERIC_TECH.test(name))) { score = Math.max(score, 0.4) + (score > 0 ? 0.1 : 0); why.push('borrowed CDN name'); }
  // A university or government site of another country serving this page's scripts, frames or hidden links:
  // hacked institutional hosts are where SEO spam lives. (Same-country ones are ordinary for a government portal.)
  const inst = /\.(?:edu|gov|ac|go|gob|sch|mil|govt|gouv)\.([a-z]{2})$/.exec(domain);
  if (inst && own && ![...own].some((o) => o.endsWith(`.${inst[1]}`))) { score = Math.max(score, 0.3); why.push('foreign institutional host'); }
  // Long digit runs or many hyphens in a name: generated domains.
  if (/[0-9]{3,}/.test(name) || (name.match(/-/g)?.length ?? 0) >= 3) { score = Math.max(score, 0.3); why.push('generated-looking name'); }
  return { score: Math.min(0.6, score), why: why.join(', ') };
}

/** The site's brand labels ("heise" of heise.de): a domain carrying one is a sister site, not a stranger. */
export function brandLabels(own: Set<string>): string[] {
  const out: string[] = [];
  for (const d of own) {
    const label = d.split('.')[0] ?? '';
    if (label.length >= 4 && !isPlaceholderHost(d)) out.push(label);
  }
  return out;
}
