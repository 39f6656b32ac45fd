/**
 * Injected sub-pages (gambling landing pages dropped into /uploads/, /news/…) that the home page
 * does not link to: each sampled sub-page is judged on its own, without a profile — defacer
 * signatures, spam lexicons, hidden links, redirects, external canonical.
 */
import type { Detector, DetectorResult, Evidence } from '../types.ts';
import { scoreTerms, termEvidence } from '../lexicon/score-terms.ts';
import { zoneHits } from '../profile/page-facts.ts';
import { injectionFindings } from './injection.detector.ts';
import { ownDomainsFor } from './page-domains.ts';

export const subpageDetector: Detector = {
  name: 'subpage',
  detect(ctx): DetectorResult | null {
    const t0 = performance.now();
    if (ctx.subpages.length === 0) return null;
    let best = 0;
    let kind: DetectorResult['kind'] = 'injection';
    const ev: Evidence[] = [];
    for (const sp of ctx.subpages.slice(0, 50)) {
      const f = sp.features;
      if (f.kind !== 'html' && f.kind !== 'text') continue;
      const url = sp.fetched.finalUrl || sp.fetched.url;
      const tag = (e: Evidence): Evidence => ({ ...e, variant: 'subpage', url });
      const z = zoneHits(f);
      const none = new Set<string>();
      const def = scoreTerms(z, ['defacer'], none);
      const defScore = def.strongDistinct ? (f.counts.textChars < 4000 ? 0.85 : Math.min(0.5, def.score)) : 0;
      const spam = scoreTerms(z, ['gambling', 'spam'], none);
      // Own domains from the home page too: a sub-page linking back home is not "external".
      const own = ownDomainsFor(ctx.profile, ctx.page.fetched, ctx.page.features);
      for (const d of ownDomainsFor(null, sp.fetched, f)) own.add(d);
      const inj = injectionFindings(f, null, own);
      const injScore = inj.reduce((m, e) => Math.max(m, e.weight), 0);
      const score = Math.max(defScore, spam.score, injScore);
      if (score < 0.15) continue;
      if (defScore >= 0.3) ev.push(tag(termEvidence('defacer-signature', 'Defacer phrases on a sub-page', { ...def, score: defScore })));
      if (spam.score >= 0.15) ev.push(tag(termEvidence('subpage-spam', 'Spam terms on a sub-page', spam)));
      for (const e of inj.slice(0, 3)) ev.push(tag(e));
      if (score > best) { best = score; kind = defScore >= Math.max(spam.score, injScore) ? 'defacement' : 'injection'; }
    }
    ev.sort((a, b) => b.weight - a.weight);
    return { detector: 'subpage', score: best, kind, evidence: ev.slice(0, 12), ms: performance.now() - t0 };
  },
};
