/**
 * Defacer signatures ("hacked by", "tarafından hacklendi", "تم اختراق"…) and gambling / pharma
 * spam lexicons, scored by where the new terms sit. Profile-free, but terms the site has always
 * shown are ignored.
 */
import type { Detector, DetectorResult, Evidence } from '../types.ts';
import { knownTerms, scoreTerms, termEvidence } from '../lexicon/score-terms.ts';
import { zoneHits } from '../profile/page-facts.ts';

const DEFACER_ZONES = { title: 0.7, meta: 0.4, hiddenAnchors: 0.2, hidden: 0.35, anchors: 0.3, script: 0.5, visible: 0.45 };

export const signatureDetector: Detector = {
  name: 'signature',
  detect(ctx): DetectorResult | null {
    const t0 = performance.now();
    const f = ctx.page.features;
    if (f.kind !== 'html' && f.kind !== 'text') return null;
    const z = zoneHits(f);
    const known = knownTerms(ctx.profile);
    const evidence: Evidence[] = [];
    const def = scoreTerms(z, ['defacer'], known, DEFACER_ZONES);
    let defScore = def.score;
    // Defacement pages are short: a signature on a small page is much stronger than in a long one.
    if (def.strongDistinct > 0) {
      if (f.counts.textChars < 4000) defScore = Math.max(defScore, 0.55 + 0.15 * Math.min(3, def.strongDistinct));
      else if (f.counts.textChars > 15_000) defScore *= 0.6;
    }
    defScore = Math.min(1, defScore);
    if (defScore >= 0.1) evidence.push(termEvidence('defacer-signature', 'Defacer phrases', { ...def, score: defScore }));
    const spam = scoreTerms(z, ['gambling', 'spam'], known);
    if (spam.score >= 0.1) {
      const gambling = spam.terms.some((t) => t.strong && t.category === 'gambling');
      evidence.push(termEvidence(gambling ? 'gambling-lexicon' : 'spam-lexicon', 'Gambling / spam terms', spam));
    }
    const score = Math.max(defScore, spam.score);
    return { detector: 'signature', score, kind: defScore >= spam.score ? 'defacement' : 'injection', evidence, ms: performance.now() - t0 };
  },
};
