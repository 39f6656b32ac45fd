import { randomUUID } from 'node:crypto';
import Type from 'typebox';
import { analyzePage, extractFeatures, learnProfile } from '../../detection/analyze.ts';
import type { Analysis, FetchedPage, PageProfile } from '../../detection/types.ts';
import type { ContentArtifacts } from '../content/content-artifacts.ts';
import { PageCollector, reserveMs, type CloakVariant } from '../content/page-collector.ts';
import { sha256 } from '../content/page-fetcher.ts';
import type { PageRenderer } from '../content/page-renderer.ts';
import { Deadline, formatMs } from '../net/deadline.ts';
import type { Probe, ProbeContext, ProbeResult } from '../probe.ts';
import { ms, ResolverSetting, withDefaults } from './probe-settings.ts';
import { parseTarget, urlTarget } from './url-target.ts';

/**
 * Content integrity: defacement, injected gambling/SEO spam and cloaking. Fetches the page
 * (and its variants, sitemap and a sample of sub-pages: content/page-collector.ts), then asks
 * the detection core (server/src/detection/) to judge it against the page's profile.
 *
 * The profile lives in the monitor's `baseline` and is learned continuously: every clean
 * check returns `learned` (the profile with this snapshot folded in), which replaces the
 * baseline. While it holds fewer than MIN_PROFILE_SAMPLES snapshots the monitor is learning:
 * the page is judged without a profile (signatures, hidden links, redirects, cloaking between
 * variants still alarm; drift from "normal" cannot, since normal is not known yet).
 *
 * Status: clean → up; an alarm → down (the alert is content.<kind>); could not fetch or
 * analyse → degraded. Snapshots and the analysis travel as `artifacts` to the evidence writer.
 */
export const MIN_PROFILE_SAMPLES = 3;

export interface ContentSettings {
  /** Cloaking variants fetched besides the desktop browser. */
  variants: CloakVariant[];
  /** Same-site sub-pages sampled per check (sitemap first, then links). */
  subpages: number;
  /** Read /sitemap.xml to find sub-pages (where injected pages hide). */
  sitemap: boolean;
  maxBodyBytes: number;
  /** All fetches of one check together. */
  maxTotalBytes: number;
  maxRedirects: number;
  /** Also render the page in a headless browser (when the server has a renderer). */
  render: boolean;
  acceptInvalidCertificates: boolean;
  resolver?: string;
}

const VARIANTS = ['googlebot', 'referer', 'mobile'] as const;

export const contentSettingsSchema = Type.Object(
  {
    variants: Type.Optional(Type.Array(Type.Union(VARIANTS.map((v) => Type.Literal(v))), { maxItems: 3, uniqueItems: true })),
    subpages: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    sitemap: Type.Optional(Type.Boolean()),
    maxBodyBytes: Type.Optional(Type.Integer({ minimum: 64 * 1024, maximum: 10 * 1024 * 1024 })),
    maxTotalBytes: Type.Optional(Type.Integer({ minimum: 256 * 1024, maximum: 64 * 1024 * 1024 })),
    maxRedirects: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    render: Type.Optional(Type.Boolean()),
    acceptInvalidCertificates: Type.Optional(Type.Boolean()),
    resolver: Type.Optional(ResolverSetting),
  },
  { additionalProperties: false },
);

export const CONTENT_DEFAULTS: ContentSettings = {
  variants: [...VARIANTS],
  subpages: 5,
  sitemap: true,
  maxBodyBytes: 2 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024,
  maxRedirects: 10,
  render: false,
  acceptInvalidCertificates: false,
};

const REASON_PREFIX: Record<string, string> = {
  defacement: 'possible defacement',
  injection: 'possible injection',
  cloaking: 'possible cloaking',
  legit: 'suspicious change',
};

/** The stored baseline, when it is a profile this code can use. */
export function profileOf(baseline: Record<string, unknown> | null): PageProfile | null {
  const p = baseline as Partial<PageProfile> | null;
  return p && p.version === 1 && typeof p.samples === 'number' ? (p as PageProfile) : null;
}

function whyNot(p: FetchedPage, maxBodyBytes: number): string | null {
  if (p.error) return p.status ? `HTTP ${p.status}: ${p.error}` : p.error;
  if (p.status < 200 || p.status >= 300) return `HTTP ${p.status}`;
  if (p.truncated) return `the page is larger than ${Math.round(maxBodyBytes / 1024)} KB (setting maxBodyBytes)`;
  return null;
}

function summary(a: Analysis) {
  return {
    alarm: a.verdict.alarm, kind: a.verdict.kind, score: a.verdict.score, severity: a.verdict.severity,
    reasons: a.verdict.reasons.slice(0, 3).map((r) => ({ code: r.code, message: String(r.message).slice(0, 300), ...(r.url && { url: r.url }), ...(r.samples?.length && { samples: r.samples.slice(0, 2).map((x) => String(x).slice(0, 160)) }) })),
  };
}

async function check(target: string, s: ContentSettings, ctx: ProbeContext, deadline: Deadline, renderer: PageRenderer | null): Promise<ProbeResult> {
  const url = parseTarget(target);
  if (!url) return { status: 'down', reason: `not an http(s) URL: ${target.slice(0, 200)}`, latencyMs: null, details: {} };
  const analysisId = randomUUID();
  const profile = profileOf(ctx.baseline);
  const samples = profile?.samples ?? 0;
  const learning = samples < MIN_PROFILE_SAMPLES;
  const collector = new PageCollector(s, { policy: ctx.addressPolicy, deadline, now: ctx.now });

  const page = await collector.fetchMain(url);
  const latencyMs = ms(deadline.elapsedMs());
  const details: Record<string, unknown> = {
    url: url.href, finalUrl: page.finalUrl, statusCode: page.status || null, bytes: page.body.length, redirects: page.redirects,
    profile: { samples, learning },
  };
  const artifacts = (analysis: Analysis | null, error: string | null, extra: Partial<ContentArtifacts> = {}): ContentArtifacts => ({
    analysisId, url: url.href, fetches: collector.records, blobs: [...collector.blobs.values()],
    snapshotSha256: collector.records[0]?.sha256 ?? null, screenshotSha256: null, analysis, error, profile: { samples, learning }, ...extra,
  });
  const cannot = (why: string, analysis: Analysis | null = null): ProbeResult => ({
    status: 'degraded', reason: `could not analyse: ${why}`, latencyMs: page.status ? latencyMs : null,
    details: { ...details, error: why, fetches: collector.records.length }, artifacts: artifacts(analysis, why),
  });

  const unusable = whyNot(page, s.maxBodyBytes);
  if (unusable) return cannot(unusable);

  const variants = s.variants.length ? await collector.fetchVariants(url) : {};
  let linked: string[] = [];
  try {
    linked = extractFeatures(page).links.map((l) => l.href);
  } catch (e) {
    return cannot(`internal error in the detection: ${(e as Error).message}`);
  }
  const sub = await collector.fetchSubpages(page, linked);

  let renderedHtml: string | undefined;
  let screenshotSha256: string | null = null;
  if (s.render && renderer) {
    const budget = deadline.remainingMs() - reserveMs(deadline.timeoutMs);
    if (budget > 1000) {
      try {
        const r = await renderer.render(page.finalUrl, { signal: deadline.signal, timeoutMs: budget, addressPolicy: ctx.addressPolicy });
        if (r) {
          const html = new TextEncoder().encode(r.html.slice(0, s.maxBodyBytes));
          renderedHtml = r.html.slice(0, s.maxBodyBytes);
          collector.record('rendered', { url: page.finalUrl, finalUrl: page.finalUrl, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html, redirects: [] });
          if (r.screenshotPng.length > 0 && r.screenshotPng.length <= 16 * 1024 * 1024) {
            screenshotSha256 = sha256(r.screenshotPng);
            collector.addBlob({ sha256: screenshotSha256, contentType: 'image/png', bytes: r.screenshotPng });
          }
        }
      } catch {
        details.renderError = 'the page could not be rendered';
      }
    } else details.renderError = 'no time left to render the page';
  }

  let analysis: Analysis;
  try {
    analysis = analyzePage({ profile: learning ? null : profile, page, variants, subpages: sub.pages, ...(renderedHtml !== undefined && { renderedHtml }) });
  } catch (e) {
    return cannot(`internal error in the detection: ${(e as Error).message}`);
  }
  const v = analysis.verdict;
  Object.assign(details, {
    verdict: summary(analysis), analysisMs: ms(analysis.ms), sitemapUrls: sub.sitemapUrls,
    fetched: collector.records.map((r) => ({ variant: r.variant, status: r.status, ...(r.variant === 'subpage' && { url: r.url.slice(0, 300) }) })).slice(0, 30),
  });
  const evidence = artifacts(analysis, null, { screenshotSha256 });
  if (v.alarm) {
    const top = v.reasons[0];
    const where = top?.url && top.url !== page.url ? ` (${top.url.slice(0, 200)})` : '';
    return {
      status: 'down',
      reason: `${REASON_PREFIX[v.kind] ?? 'suspicious change'}: ${top ? String(top.message).slice(0, 300) : 'see the analysis'}${where}`,
      latencyMs, details, artifacts: evidence,
      alert: { kind: `content.${v.kind === 'legit' ? 'change' : v.kind}`, severity: v.severity, details: { analysisId, verdictKind: v.kind, score: v.score, url: url.href } },
    };
  }
  if (analysis.error) return { ...cannot(analysis.error, analysis), latencyMs };
  let learned: PageProfile;
  try {
    learned = learnProfile(profile, analysis.features, ctx.now(), page.finalUrl);
  } catch (e) {
    return cannot(`internal error in the detection: ${(e as Error).message}`, analysis);
  }
  const reason = learning
    ? `content normal; learning the page (${learned.samples} of ${MIN_PROFILE_SAMPLES} snapshots)`
    : `content normal (profile of ${learned.samples} snapshots)`;
  const slow = deadline.elapsedMs() > deadline.timeoutMs * 0.9 ? `; slow: ${formatMs(deadline.elapsedMs())}` : '';
  return { status: 'up', reason: reason + slow, latencyMs, details, artifacts: evidence, learned: learned as unknown as Record<string, unknown> };
}

/** The content probe; `renderer` enables the rendered check for monitors with `render: true`. */
export function createContentProbe(o: { renderer?: PageRenderer | null } = {}): Probe<Partial<ContentSettings>> {
  const renderer = o.renderer ?? null;
  return {
    kind: 'content',
    settingsSchema: contentSettingsSchema,
    defaults: CONTENT_DEFAULTS,
    targetHelp: 'an http(s) URL of a page to watch, e.g. https://portal.example.gov.vn/',
    // Several page fetches per check: a longer timeout, and not more often than every 5 minutes.
    schedule: { defaultIntervalSeconds: 600, defaultTimeoutMs: 30_000, minIntervalSeconds: 300 },
    ...urlTarget,
    async run(target, settings, ctx) {
      const deadline = new Deadline(ctx.timeoutMs, ctx.signal);
      try {
        return await check(target, withDefaults(CONTENT_DEFAULTS, settings), ctx, deadline, renderer);
      } catch (e) {
        // A bug, not target behaviour; still never let it escape into the scheduler.
        return { status: 'degraded', reason: `could not analyse: internal error in the content probe: ${(e as Error).message}`, latencyMs: null, details: {} };
      } finally {
        deadline.dispose();
      }
    },
  };
}

export const contentProbe = createContentProbe();

/** The snapshot a stored blob holds, as the detection core reads pages (for learning it after a review). */
export function pageFromBlob(b: { bytes: Uint8Array; content_type: string }, url: string): FetchedPage {
  return { url, finalUrl: url, status: 200, headers: { 'content-type': b.content_type }, body: b.bytes, redirects: [] };
}
