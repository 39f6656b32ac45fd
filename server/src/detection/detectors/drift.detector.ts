/**
 * "The page was replaced": text and structure far from the profile on several axes at once
 * (stable blocks gone, structure SimHash far beyond normal drift, title unrelated, size and link
 * count collapsed, words the site never used, language changed). A news portal moves on one or
 * two axes at a time (new stories, a redesign keeps title and words); a defacement moves on all.
 */
import type { Detector, DetectorResult, Evidence } from '../types.ts';
import { compareProfile, type DriftMetrics } from '../profile/compare-profile.ts';

const clamp = (x: number) => Math.max(0, Math.min(1, x));
const r2 = (x: number | null) => (x === null ? 'n/a' : String(Math.round(x * 100) / 100));

export function replacementScore(m: DriftMetrics, hasTitle: boolean): { score: number; parts: Record<string, number> } {
  const parts: Record<string, number> = {
    survival: m.survival === null ? 0.5 : clamp((0.35 - m.survival) / 0.35),
    structure: clamp((m.structDist - Math.max(6, m.structBaseline + 4)) / 10),
    title: m.titleSim === null ? (hasTitle ? 0.5 : 0.8) : clamp((0.5 - m.titleSim) / 0.5),
    size: m.sizeRatio === null ? 0 : clamp((0.3 - m.sizeRatio) / 0.3),
    links: m.linkRatio === null ? 0 : clamp((0.3 - m.linkRatio) / 0.3),
    vocab: m.vocab === null ? 0.5 : clamp((0.3 - m.vocab) / 0.3),
    lang: m.langChanged ? 1 : 0,
  };
  const w: Record<string, number> = { survival: 0.3, structure: 0.2, title: 0.15, size: 0.1, links: 0.1, vocab: 0.1, lang: 0.05 };
  let s = 0;
  for (const k of Object.keys(w)) s += w[k]! * parts[k]!;
  return { score: s, parts };
}

export const driftDetector: Detector = {
  name: 'drift',
  detect(ctx): DetectorResult | null {
    const t0 = performance.now();
    const p = ctx.profile;
    const f = ctx.page.features;
    if (!p || p.samples === 0) return null;
    const done = (score: number, evidence: Evidence[]): DetectorResult => ({ detector: 'drift', score, kind: 'defacement', evidence, ms: performance.now() - t0 });
    if (f.kind === 'empty' || f.kind === 'binary') {
      return done(0.85, [{ code: 'page-replaced', message: `The page is now ${f.kind === 'empty' ? 'empty' : 'not HTML (binary content)'} where the profile knows an HTML page.`, weight: 0.85 }]);
    }
    if (f.interstitial) {
      return done(0.05, [{ code: 'interstitial', message: `The response is a stand-in (${f.interstitial}), not the page: it cannot be compared.`, weight: 0.05 }]);
    }
    const m = compareProfile(f, p);
    const { score: raw, parts } = replacementScore(m, !!f.title);
    // Fewer than three snapshots: the profile does not know yet what is stable.
    const confidence = p.samples >= 3 ? 1 : p.samples === 2 ? 0.9 : 0.8;
    let score = raw * confidence;
    if (f.kind === 'text') score = Math.max(score, 0.75);
    const evidence: Evidence[] = [];
    // "Replaced" only where it counts towards an alarm; below that it is drift an analyst may want to see.
    if (score >= 0.5) {
      evidence.push({
        code: 'page-replaced',
        message: `The page differs from its profile on most axes: ${m.survival === null ? 'no stable blocks learned yet' : `${Math.round(m.survival * 100)}% of stable blocks left`}, structure distance ${m.structDist}/64 (normal ${m.structBaseline}), title similarity ${r2(m.titleSim)}, size ×${r2(m.sizeRatio)}, links ×${r2(m.linkRatio)}.`,
        samples: f.blocks.slice(0, 4).map((b) => b.slice(0, 160)),
        weight: Math.round(score * 100) / 100,
      });
    } else if (score >= 0.12) {
      evidence.push({ code: 'content-drift', message: `Drift from the profile (score ${r2(score)}): ${Object.entries(parts).filter(([, v]) => v > 0.3).map(([k]) => k).join(', ') || 'small changes'}.`, weight: Math.round(score * 100) / 100 });
    }
    if (m.langChanged && score >= 0.3) evidence.push({ code: 'language-changed', message: `Language changed from ${p.lang} to ${f.lang}.`, weight: 0.3 });
    return done(clamp(score), evidence);
  },
};
