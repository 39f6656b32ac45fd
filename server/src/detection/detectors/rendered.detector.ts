/**
 * What appears only after scripts ran (headless rendering): spam, links and redirects injected
 * by JavaScript that the static HTML does not show.
 */
import type { Detector, DetectorResult } from '../types.ts';
import { ownDomainsFor } from './page-domains.ts';
import { variantFindings } from './variant-diff.ts';

export const renderedDetector: Detector = {
  name: 'rendered',
  detect(ctx): DetectorResult | null {
    const t0 = performance.now();
    if (!ctx.rendered || ctx.rendered.kind !== 'html') return null;
    const own = ownDomainsFor(ctx.profile, ctx.page.fetched, ctx.page.features);
    const ev = variantFindings('rendered', { fetched: null, features: ctx.rendered }, ctx.page, ctx.profile, own)
      .map((e) => ({ ...e, code: e.code.replace('variant-', 'rendered-') }))
      .sort((a, b) => b.weight - a.weight);
    const score = Math.min(1, (ev[0]?.weight ?? 0) + 0.2 * (ev[1]?.weight ?? 0));
    return { detector: 'rendered', score, kind: 'injection', evidence: ev.slice(0, 10), ms: performance.now() - t0 };
  },
};
