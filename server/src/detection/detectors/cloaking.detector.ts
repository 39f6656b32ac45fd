/**
 * Cloaking: the page shown to Googlebot, to a visitor arriving from Google search, or to a phone
 * differs from the browser page in a way that carries spam or leads elsewhere. Benign differences
 * (mobile layout, rotating teasers) are reported as info with a near-zero score.
 */
import type { Detector, DetectorResult, Evidence } from '../types.ts';
import { ownDomainsFor } from './page-domains.ts';
import { variantFindings } from './variant-diff.ts';

export const cloakingDetector: Detector = {
  name: 'cloaking',
  detect(ctx): DetectorResult | null {
    const t0 = performance.now();
    const names = Object.keys(ctx.variants) as (keyof typeof ctx.variants)[];
    if (names.length === 0) return null;
    const own = ownDomainsFor(ctx.profile, ctx.page.fetched, ctx.page.features);
    const ev: Evidence[] = [];
    for (const n of names) {
      const v = ctx.variants[n];
      if (!v || v.features.kind === 'binary') continue;
      ev.push(...variantFindings(n, v, ctx.page, ctx.profile, own));
    }
    ev.sort((a, b) => b.weight - a.weight);
    const top = ev[0]?.weight ?? 0;
    const second = ev[1]?.weight ?? 0;
    const score = Math.min(1, top + 0.2 * second);
    return { detector: 'cloaking', score, kind: 'cloaking', evidence: ev.slice(0, 10), ms: performance.now() - t0 };
  },
};
