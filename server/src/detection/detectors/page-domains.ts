/** Which domains count as "the site itself" for a page judged against an optional profile. */
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
