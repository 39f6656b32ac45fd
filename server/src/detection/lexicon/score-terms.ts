/**
 * Turns lexicon hits per page zone into a 0..1 score. Where a term sits matters more than the
 * term: spam in a hidden link, the title or the meta tags is strong; one word in a visible news
 * teaser is weak. Terms the site has shown before (in the profile) are not new and do not count.
 */
import type { Evidence, PageProfile } from '../types.ts';
import type { LexiconCategory } from './lexicons.ts';
import type { TermHit } from './match-lexicon.ts';
import type { ZoneHits } from '../profile/page-facts.ts';
import { readExtra } from '../profile/profile-extra.ts';

export const ZONE_WEIGHT: Record<keyof ZoneHits, number> = {
  title: 0.55, meta: 0.45, hiddenAnchors: 0.55, hidden: 0.4, anchors: 0.35, script: 0.45, visible: 0.16,
};

export interface TermScore {
  score: number;
  terms: { term: string; zone: keyof ZoneHits; count: number; strong: boolean; category: LexiconCategory; lexicon?: string }[];
  strongDistinct: number;
}

/** Terms the profile already knows (seen on this site before). */
export function knownTerms(profile: PageProfile | null): Set<string> {
  const x = readExtra(profile);
  const out = new Set(Object.entries(x.spamTerms).filter(([, c]) => c >= 0.5).map(([t]) => t));
  if (x.zoneTerms) {
    out.add(ZONED);
    for (const [k, c] of Object.entries(x.zoneTerms)) if (c >= 0.5) out.add(k);
  }
  return out;
}

/** Marks a known-terms set that also holds "zone:term" keys. */
const ZONED = '@zoned';

/**
 * A term the site shows in its text ("slot" in a TV schedule) is not new there, but it is new in
 * a zone it never sat in (hidden anchors, title, meta): known per zone when the profile keeps
 * zones, visible text still known by the term alone. "any:term" keys know a term in every zone.
 */
export function isKnownTerm(known: Set<string>, zone: keyof ZoneHits, term: string): boolean {
  if (known.has(`any:${term}`)) return true;
  if (!known.has(ZONED) || zone === 'visible') return known.has(term);
  return known.has(`${zone}:${term}`);
}

export function scoreTerms(z: ZoneHits, categories: LexiconCategory[], known: Set<string>, zoneWeight = ZONE_WEIGHT): TermScore {
  let keep = 1;
  const terms: TermScore['terms'] = [];
  const strong = new Set<string>();
  let strongCount = 0;
  for (const zone of Object.keys(zoneWeight) as (keyof ZoneHits)[]) {
    const hits = z[zone] as TermHit[];
    for (const h of hits) {
      if (!categories.includes(h.category) || isKnownTerm(known, zone, h.term)) continue;
      // "viagra" inside "generic viagra" is the same mention: count the longer term only.
      if (hits.some((o) => o !== h && o.term.length > h.term.length && o.term.includes(h.term) && o.count >= h.count)) continue;
      const rep = Math.min(1.6, 0.8 + 0.2 * Math.log2(h.count + 1));
      const c = Math.min(0.95, zoneWeight[zone] * (h.strong ? 1 : 0.12) * rep);
      keep *= 1 - c;
      terms.push({ term: h.term, zone, count: h.count, strong: h.strong, category: h.category, lexicon: h.lexicon });
      if (h.strong) { strong.add(h.term); strongCount += h.count; }
    }
  }
  // Spam pages repeat their keywords; a news article names a thing once or twice.
  let score = 1 - keep;
  if (strongCount >= 6 && strong.size >= 2) score = Math.max(score, 0.75);
  if (strong.size === 0) score = Math.min(score, 0.3);
  terms.sort((a, b) => Number(b.strong) - Number(a.strong) || ZONE_WEIGHT[b.zone] - ZONE_WEIGHT[a.zone]);
  return { score: Math.min(1, score), terms, strongDistinct: strong.size };
}

export function termEvidence(code: string, what: string, s: TermScore, extra: Partial<Evidence> = {}): Evidence {
  const zones = [...new Set(s.terms.filter((t) => t.strong).map((t) => t.zone))];
  return {
    code,
    message: `${what}: ${s.strongDistinct} new term(s)${zones.length ? ` in ${zones.join(', ')}` : ''}.`,
    samples: s.terms.slice(0, 8).map((t) => `${t.term} (${t.zone}${t.count > 1 ? ` ×${t.count}` : ''})`),
    weight: Math.round(s.score * 100) / 100,
    ...extra,
  };
}
