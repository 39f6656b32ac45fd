/**
 * Combines detector results into one verdict. The strongest finding decides the kind; a second
 * independent finding adds a little. Defacer phrases on a page that otherwise looks like itself
 * (a news story about a hack) are damped; on a replaced page they make it critical.
 */
import type { DetectorResult, Evidence, FindingKind, Severity, Verdict } from './types.ts';

export const ALARM_AT = 0.5;
const SPAM_CODES = new Set(['gambling-lexicon', 'spam-lexicon', 'variant-spam', 'subpage-spam', 'rendered-spam', 'new-domain-cluster']);

interface Part { score: number; kind: Exclude<FindingKind, 'legit'>; evidence: Evidence[]; detector: string }

export function combineVerdict(results: DetectorResult[], hasProfile: boolean): Verdict {
  const by = new Map(results.map((r) => [r.detector, r]));
  const drift = by.get('drift')?.score ?? 0;
  const parts: Part[] = [];
  for (const r of results) {
    if (r.detector === 'signature') {
      const def = r.evidence.find((e) => e.code === 'defacer-signature');
      const banner = r.evidence.find((e) => e.code === 'defacer-banner');
      const spam = r.evidence.filter((e) => SPAM_CODES.has(e.code));
      if (def) {
        const damp = hasProfile ? 0.6 + 0.4 * Math.min(1, drift / 0.4) : 1;
        // A banner in new short blocks is not news about a hack: it is not damped.
        const s = Math.max(def.weight * damp, banner?.weight ?? 0);
        parts.push({ score: s, kind: 'defacement', evidence: banner ? [banner, def] : [def], detector: r.detector });
      }
      if (spam.length) parts.push({ score: Math.max(...spam.map((e) => e.weight)), kind: 'injection', evidence: spam, detector: r.detector });
    } else parts.push({ score: r.score, kind: r.kind, evidence: r.evidence, detector: r.detector });
  }
  parts.sort((a, b) => b.score - a.score);
  const top = parts[0];
  if (!top || top.score <= 0) return { alarm: false, kind: 'legit', score: 0, severity: 'info', reasons: [] };
  const second = parts.find((p) => p !== top && p.detector !== top.detector)?.score ?? 0;
  let score = Math.min(1, top.score + 0.3 * second);
  const defacer = parts.find((p) => p.kind === 'defacement' && p.detector === 'signature')?.score ?? 0;
  let kind: FindingKind = top.kind;
  if (drift >= 0.35 && defacer >= 0.3) { score = Math.max(score, 0.85); kind = 'defacement'; }
  const alarm = score >= ALARM_AT;
  const spam = parts.some((p) => p.score >= 0.3 && p.evidence.some((e) => SPAM_CODES.has(e.code)));
  let severity: Severity;
  if (!alarm) severity = score >= 0.3 ? 'low' : 'info';
  else if (kind === 'defacement') severity = defacer >= 0.5 && drift >= 0.5 ? 'critical' : defacer >= 0.3 ? 'high' : 'medium';
  else severity = spam || score >= 0.85 ? 'high' : 'medium';
  // Weak findings of other detectors would read as accusations next to the real reason.
  const reasons = parts.filter((p) => p === top || p.score >= 0.3).flatMap((p) => p.evidence).filter((e) => e.weight >= 0.05).sort((a, b) => b.weight - a.weight).slice(0, 8);
  return { alarm, kind: alarm ? kind : 'legit', score: Math.round(score * 1000) / 1000, severity, reasons };
}
