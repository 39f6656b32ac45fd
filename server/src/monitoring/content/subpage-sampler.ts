/**
 * Which same-site pages a content check looks at besides the page itself. Injected spam
 * pages are rarely linked from the home page: they are listed in sitemap.xml for search
 * engines. So sitemap URLs the page does not link to come first, then pages it links to; each
 * group is sampled at random, so successive checks cover different pages.
 */

/** Files that are not pages: fetching them spends the byte budget for nothing. */
const NOT_PAGES = /\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|docx?|xlsx?|pptx?|odt|ods|zip|rar|7z|gz|tgz|mp[34]|avi|mov|wmv|flv|webm|ogg|wav|css|js|json|xml|rss|woff2?|ttf|eot|exe|apk|dmg|iso)$/i;

function siteHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/^www\./, '');
}

/** Same site: the same host, with or without "www.", over http or https. */
export function sameSite(a: URL, b: URL): boolean {
  return (a.protocol === 'http:' || a.protocol === 'https:') && (b.protocol === 'http:' || b.protocol === 'https:') && siteHost(a.hostname) === siteHost(b.hostname);
}

/** The URL as a key: no fragment, so /a#x and /a are one page. */
function normalize(raw: string, base: URL): URL | null {
  try {
    const u = new URL(raw, base);
    u.hash = '';
    return u;
  } catch {
    return null;
  }
}

export interface SubpageChoice {
  url: string;
  source: 'sitemap' | 'link';
}

export function sampleSubpages(o: { page: URL; linked: readonly string[]; sitemap: readonly string[]; n: number; random?: () => number }): SubpageChoice[] {
  if (o.n <= 0) return [];
  const random = o.random ?? Math.random;
  const self = normalize(o.page.href, o.page)!.href;
  const pick = (list: readonly string[]) => {
    const out = new Map<string, URL>();
    for (const raw of list.slice(0, 5000)) {
      const u = normalize(raw, o.page);
      if (!u || !sameSite(u, o.page) || u.href === self || NOT_PAGES.test(u.pathname)) continue;
      out.set(u.href, u);
    }
    return out;
  };
  const linked = pick(o.linked);
  const inSitemap = pick(o.sitemap);
  const shuffle = (xs: string[]) => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  const hidden = shuffle([...inSitemap.keys()].filter((u) => !linked.has(u)));
  const links = shuffle([...linked.keys()]);
  // Most of the sample from unlinked sitemap pages, the rest from links; either fills the other's gap.
  const fromSitemap = Math.min(hidden.length, Math.max(o.n - links.length, Math.ceil(o.n * 0.6)));
  const chosen: SubpageChoice[] = hidden.slice(0, fromSitemap).map((url) => ({ url, source: 'sitemap' }));
  for (const url of links) {
    if (chosen.length >= o.n) break;
    chosen.push({ url, source: 'link' });
  }
  return chosen.slice(0, o.n);
}
