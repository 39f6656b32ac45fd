import type { FetchedPage, VariantName } from '../../detection/types.ts';
import { Deadline } from '../net/deadline.ts';
import type { AddressPolicy } from '../probe.ts';
import type { BlobArtifact, FetchRecord, FetchRole } from './content-artifacts.ts';
import { browserHeaders, ByteBudget, fetchPage, GOOGLEBOT_UA, mapLimit, MOBILE_UA, sha256, type FetchOptions } from './page-fetcher.ts';
import { MAX_SITEMAP_BYTES, scanSitemap, sitemapText } from './sitemap.ts';
import { sameSite, sampleSubpages } from './subpage-sampler.ts';

/**
 * Everything one content check fetches, in order: the page as a desktop browser, the cloaking
 * variants (Googlebot, a visitor from a Google search, a mobile browser), sitemap.xml (and at
 * most two nested sitemaps of an index), then a sample of same-site sub-pages, two at a time.
 * Sub-pages and sitemaps get what is left of the time budget minus a reserve for the analysis.
 */
export type CloakVariant = Exclude<VariantName, 'browser'>;

export interface CollectSettings {
  variants: CloakVariant[];
  subpages: number;
  sitemap: boolean;
  maxBodyBytes: number;
  maxTotalBytes: number;
  maxRedirects: number;
  acceptInvalidCertificates: boolean;
  resolver?: string;
}

export interface Collected {
  page: FetchedPage;
  variants: Partial<Record<CloakVariant, FetchedPage>>;
  subpages: FetchedPage[];
  records: FetchRecord[];
  blobs: BlobArtifact[];
  sitemapUrls: number;
}

const CONCURRENCY = 2;
const MAX_NESTED_SITEMAPS = 2;

function headersFor(variant: VariantName, target: URL): Record<string, string> {
  switch (variant) {
    case 'googlebot':
      return browserHeaders(GOOGLEBOT_UA);
    case 'mobile':
      return browserHeaders(MOBILE_UA);
    case 'referer':
      // A visitor arriving from a Google search: the classic trigger of referer cloaking.
      return browserHeaders(undefined, { referer: `https://www.google.com/search?q=${encodeURIComponent(target.hostname)}` });
    default:
      return browserHeaders();
  }
}

/** The time left for sub-pages: leave a reserve for the analysis and the write. */
export function reserveMs(timeoutMs: number): number {
  return Math.min(5000, Math.max(500, timeoutMs * 0.15));
}

export function ok(p: FetchedPage): boolean {
  return !p.error && p.status >= 200 && p.status < 300;
}

export class PageCollector {
  readonly records: FetchRecord[] = [];
  readonly blobs = new Map<string, BlobArtifact>();
  private readonly budget: ByteBudget;

  constructor(
    private readonly s: CollectSettings,
    private readonly o: { policy: AddressPolicy; deadline: Deadline; now(): Date },
  ) {
    this.budget = new ByteBudget(s.maxTotalBytes);
  }

  private options(headers: Record<string, string>, deadline: Deadline, maxBodyBytes = this.s.maxBodyBytes): FetchOptions {
    return {
      headers, maxBodyBytes, maxRedirects: this.s.maxRedirects, policy: this.o.policy, resolver: this.s.resolver,
      rejectUnauthorized: !this.s.acceptInvalidCertificates, deadline, budget: this.budget, now: this.o.now,
    };
  }

  /** Records a fetch (and keeps its body as a blob) for the evidence. */
  record(variant: FetchRole, p: FetchedPage): void {
    const hash = p.body.length > 0 ? sha256(p.body) : null;
    const contentType = p.headers['content-type'] ?? null;
    if (hash && !this.blobs.has(hash)) this.blobs.set(hash, { sha256: hash, contentType: contentType ?? 'application/octet-stream', bytes: p.body });
    this.records.push({
      variant, url: p.url, finalUrl: p.finalUrl, status: p.status, redirects: p.redirects, sha256: hash, bytes: p.body.length,
      truncated: Boolean(p.truncated), contentType, error: p.error ?? null,
    });
  }

  addBlob(b: BlobArtifact): void {
    if (!this.blobs.has(b.sha256)) this.blobs.set(b.sha256, b);
  }

  async fetchMain(target: URL): Promise<FetchedPage> {
    const page = await fetchPage(target.href, this.options(headersFor('browser', target), this.o.deadline));
    this.record('browser', page);
    return page;
  }

  async fetchVariants(target: URL): Promise<Partial<Record<CloakVariant, FetchedPage>>> {
    const out: Partial<Record<CloakVariant, FetchedPage>> = {};
    const pages = await mapLimit(this.s.variants, CONCURRENCY, (v) => fetchPage(target.href, this.options(headersFor(v, target), this.o.deadline)));
    this.s.variants.forEach((v, i) => {
      const p = pages[i]!;
      this.record(v, p);
      // A variant that did not answer says nothing about cloaking; one that answered differently does.
      if (!p.error || p.status > 0 || p.redirects.length > 0) out[v] = p;
    });
    return out;
  }

  /**
   * sitemap.xml of the page's site, and of a sitemap index at most two same-site children.
   * URLs on other hosts (or addresses) are never fetched.
   */
  async sitemapUrls(site: URL, deadline: Deadline): Promise<string[]> {
    const max = Math.min(MAX_SITEMAP_BYTES, this.s.maxBodyBytes);
    const read = async (url: string) => {
      const p = await fetchPage(url, this.options(browserHeaders(), deadline, max));
      this.record('sitemap', p);
      const text = ok(p) ? sitemapText(p.body, max) : null;
      return text ? scanSitemap(text) : null;
    };
    const root = await read(new URL('/sitemap.xml', site).href);
    if (!root) return [];
    if (root.kind === 'urlset') return root.locs;
    if (root.kind !== 'sitemapindex') return [];
    const children = root.locs.filter((u) => sameSite(new URL(u), site) && new URL(u).href !== new URL('/sitemap.xml', site).href).slice(0, MAX_NESTED_SITEMAPS);
    const urls: string[] = [];
    for (const child of children) {
      const scan = await read(child);
      // Only page lists count here: an index inside an index goes no deeper.
      if (scan?.kind === 'urlset') urls.push(...scan.locs);
    }
    return urls;
  }

  /** Sitemap and sub-pages, within a budget that leaves time for the analysis. */
  async fetchSubpages(page: FetchedPage, linked: readonly string[], random?: () => number): Promise<{ pages: FetchedPage[]; sitemapUrls: number }> {
    if (this.s.subpages <= 0 && !this.s.sitemap) return { pages: [], sitemapUrls: 0 };
    const left = this.o.deadline.remainingMs() - reserveMs(this.o.deadline.timeoutMs);
    if (left < 200) return { pages: [], sitemapUrls: 0 };
    const deadline = new Deadline(left, this.o.deadline.signal);
    try {
      const site = new URL(page.finalUrl);
      const sitemap = this.s.sitemap && this.s.subpages > 0 ? await this.sitemapUrls(site, deadline) : [];
      const chosen = sampleSubpages({ page: site, linked, sitemap, n: this.s.subpages, random });
      const pages = await mapLimit(chosen, CONCURRENCY, (c) => fetchPage(c.url, this.options(browserHeaders(), deadline)));
      for (const p of pages) this.record('subpage', p);
      return { pages: pages.filter(ok), sitemapUrls: sitemap.length };
    } finally {
      deadline.dispose();
    }
  }
}
