/**
 * Defacer signatures ("hacked by", "tarafından hacklendi", "تم اختراق"…) and gambling / pharma
 * spam lexicons, scored by where the new terms sit. Profile-free, but terms the site has always
 * shown are ignored.
 */
import type { Detector, DetectorResult, Evidence } from '../types.ts';
import { knownTerms, scoreTerms, termEvidence } from '../lexicon/score-terms.ts';
import { blockKeyList, zoneHits } from '../profile/page-facts.ts';
import { matchLexicons } from '../lexicon/match-lexicon.ts';
import type { PageFeatures, PageProfile } from '../types.ts';

/** The language of each language-specific spam lexicon (brands and English are everywhere). */
const LEXICON_LANG: Record<string, string> = { 'gambling-vi': 'vi', 'gambling-id': 'id', 'gambling-th': 'th', 'gambling-ko': 'ko', 'gambling-zh': 'zh' };

/** Hack verbs ("hacked by", "defaced by", "pwned by"…), as opposed to greetings and team names. */
const HACK_VERB = /hack|h4ck|hvck|defac|pwn|owned|haxor/;

/**
 * A defacer banner added to an otherwise intact page (the page itself does not drift, so the
 * ordinary signature is damped as if it were news about a hack). Counts only blocks the profile
 * has never seen that are banner-short: several distinct defacer phrases in such blocks, or a
 * hack verb in a block of a few words ("Hacked by Mr.X") among the first blocks of the page.
 * A news story quoting "hacked by" sits in a sentence-long paragraph or headline and stays out.
 */
export function defacerBanner(f: PageFeatures, profile: PageProfile | null, known: Set<string>): Evidence | null {
  if (!profile || profile.samples < 2) return null;
  const terms = new Set<string>();
  const samples: string[] = [];
  let shortVerb = false;
  const n = Math.min(f.blocks.length, 2000);
  const keys = blockKeyList(f);
  for (let i = 0; i < n; i++) {
    const b = f.blocks[i]!;
    if (b.length > 200) continue;
    if (keys[i] && profile.blockCounts[keys[i]!] !== undefined) continue;
    const hits = matchLexicons(b, ['defacer']).filter((h) => h.strong && !known.has(h.term));
    if (!hits.length) continue;
    for (const h of hits) terms.add(h.term);
    if (samples.length < 4) samples.push(b.slice(0, 120));
    const words = b.split(' ').length;
    if (words <= 6 && i < Math.max(30, n * 0.3) && hits.some((h) => HACK_VERB.test(h.term))) shortVerb = true;
  }
  // "greetz to" contains "greetz": count phrases, not their sub-phrases.
  const distinct = [...terms].filter((t) => ![...terms].some((o) => o !== t && o.includes(t)));
  const hasVerb = distinct.some((t) => HACK_VERB.test(t));
  let w = 0;
  if (distinct.length >= 2 && hasVerb) w = Math.min(0.85, 0.55 + 0.1 * distinct.length);
  else if (shortVerb) w = 0.55;
  if (!w) return null;
  return { code: 'defacer-banner', message: `A defacer banner was added to the page: ${distinct.length} defacer phrase(s) in new short blocks.`, samples, weight: w };
}

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
    const banner = def.strongDistinct > 0 ? defacerBanner(f, ctx.profile, known) : null;
    if (banner) { evidence.push(banner); defScore = Math.max(defScore, banner.weight); }
    const spam = scoreTerms(z, ['gambling', 'spam'], known);
    let spamScore = spam.score;
    const strong = spam.terms.filter((t) => t.strong);
    // Gambling vocabulary of another language than the site's own (Indonesian slot terms on a German portal):
    // no news story explains that; a spam block does.
    const siteLang = ctx.profile?.lang || f.lang;
    const foreign = new Set(strong.filter((t) => { const l = LEXICON_LANG[t.lexicon ?? '']; return !!l && !!siteLang && l !== siteLang; }).map((t) => t.term));
    if (foreign.size >= 2) spamScore = Math.max(spamScore, Math.min(0.8, 0.55 + 0.05 * foreign.size));
    // Spam terms in a title the site never had: the title was rewritten.
    if (ctx.profile?.titles.length && !ctx.profile.titles.includes(f.title) && strong.some((t) => t.zone === 'title')) spamScore = Math.max(spamScore, 0.7);
    if (spamScore >= 0.1) {
      const gambling = spam.terms.some((t) => t.strong && t.category === 'gambling');
      evidence.push(termEvidence(gambling ? 'gambling-lexicon' : 'spam-lexicon', 'Gambling / spam terms', { ...spam, score: spamScore }));
    }
    const score = Math.max(defScore, spamScore);
    return { detector: 'signature', score, kind: defScore >= spamScore ? 'defacement' : 'injection', evidence, ms: performance.now() - t0 };
  },
};
