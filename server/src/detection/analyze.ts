import type { Analysis, AnalyzeInput, DetectionContext, DetectorResult, FetchedPage, PageFeatures, PageProfile, Verdict } from './types.ts';
import { DETECTORS } from './detector-registry.ts';
import { profileDiff } from './diff.ts';
import { emptyFeatures, extractFeaturesImpl } from './features/extract-features.ts';
import { learnProfileImpl } from './profile/learn-profile.ts';
import { combineVerdict } from './verdict.ts';

/**
 * The three entry points of detection. Implemented by the detection core; the signatures are
 * the contract the monitoring side and the evaluation harness code against.
 */

/** Decodes and parses one fetched page into features, bounded whatever the input. Never throws. */
export function extractFeatures(page: FetchedPage): PageFeatures {
  try {
    return extractFeaturesImpl(page);
  } catch {
    return emptyFeatures('binary', page?.body?.length ?? 0);
  }
}

/**
 * Folds one snapshot judged normal (or accepted by an analyst) into the profile. Pure.
 * `weight` > 1 (up to 10) when an analyst accepts a change as normal: it settles in at once.
 */
export function learnProfile(profile: PageProfile | null, features: PageFeatures, at: Date, url?: string, weight = 1): PageProfile {
  return learnProfileImpl(profile, features, at, url, weight);
}

function notAnalysable(f: PageFeatures, page: FetchedPage): string | null {
  if (page.error) return `fetch failed: ${page.error}`.slice(0, 300);
  if (f.kind === 'empty') return 'empty body';
  if (f.kind === 'binary') return 'not HTML (binary body)';
  return null;
}

/** Judges a page (and its variants and sub-pages) against the profile. Never throws. */
export function analyzePage(input: AnalyzeInput): Analysis {
  const t0 = performance.now();
  let features = emptyFeatures('empty', 0);
  try {
    features = extractFeatures(input.page);
    const variants: DetectionContext['variants'] = {};
    for (const [name, v] of Object.entries(input.variants ?? {})) {
      if (v) variants[name as keyof typeof variants] = { fetched: v, features: extractFeatures(v) };
    }
    const ctx: DetectionContext = {
      profile: input.profile,
      page: { fetched: input.page, features },
      variants,
      subpages: (input.subpages ?? []).slice(0, 50).map((s) => ({ fetched: s, features: extractFeatures(s) })),
      rendered: input.renderedHtml ? extractFeatures(pageFromHtml(input.renderedHtml, input.page.finalUrl || input.page.url)) : null,
    };
    const detectors: DetectorResult[] = [];
    for (const d of DETECTORS) {
      try {
        const r = d.detect(ctx);
        if (r) detectors.push({ ...r, score: Math.max(0, Math.min(1, r.score)), ms: Math.round(r.ms * 100) / 100 });
      } catch (e) {
        detectors.push({ detector: d.name, score: 0, kind: 'injection', evidence: [{ code: 'detector-error', message: `Detector failed: ${String(e).slice(0, 200)}`, weight: 0 }], ms: 0 });
      }
    }
    const verdict = combineVerdict(detectors, !!input.profile && input.profile.samples > 0);
    const error = notAnalysable(features, input.page);
    return { verdict, detectors, diff: profileDiff(features, input.profile), features, error, ms: Math.round((performance.now() - t0) * 100) / 100 };
  } catch (e) {
    // Conservative: with a profile an unanalysable page is worth a look; without one it is not an alarm.
    const verdict: Verdict = input.profile
      ? { alarm: true, kind: 'defacement', score: 0.5, severity: 'medium', reasons: [{ code: 'analysis-failed', message: 'The page could not be analysed; it no longer matches its profile.', weight: 0.5 }] }
      : { alarm: false, kind: 'legit', score: 0, severity: 'info', reasons: [] };
    return { verdict, detectors: [], diff: null, features, error: `analysis failed: ${String(e).slice(0, 200)}`, ms: Math.round((performance.now() - t0) * 100) / 100 };
  }
}

/** A FetchedPage for HTML that did not come over HTTP (evaluation cases, tests). */
export function pageFromHtml(html: string | Uint8Array, url = 'https://site.invalid/'): FetchedPage {
  const body = typeof html === 'string' ? new TextEncoder().encode(html) : html;
  return { url, finalUrl: url, status: 200, headers: { 'content-type': 'text/html' }, body, redirects: [] };
}
