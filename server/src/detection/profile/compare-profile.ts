/**
 * Measures how far a page is from its profile on several independent axes. Each axis alone is
 * noisy on a news portal (the text changes all day, layouts get redesigned); the drift detector
 * weighs them together.
 */
import type { PageFeatures, PageProfile } from '../types.ts';
import { hamming } from '../text/hash.ts';
import { foldAccents, tokenize } from '../text/normalize.ts';
import { blockHashes, ownLinkShare, wordKeys } from './page-facts.ts';
import { readExtra } from './profile-extra.ts';

/** A block present in most recent snapshots (decayed count; 1+.85+.72+.61 ≈ 3.2 after four in a row). */
export const STABLE = 3;

export interface DriftMetrics {
  stableTotal: number;
  /** Share of the profile's stable blocks still on the page (null without stable blocks). */
  survival: number | null;
  /** Share of the page's words the site has used before (null when the page has few words). */
  vocab: number | null;
  textDist: number;
  textBaseline: number;
  structDist: number;
  structBaseline: number;
  /** Page size against the profile's median (1 = as usual). */
  sizeRatio: number | null;
  linkRatio: number | null;
  /** Share of the page title's words found in earlier titles (null when either is empty). */
  titleSim: number | null;
  ownShare: number;
  ownShareBefore: number | null;
  langChanged: boolean;
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function minDistance(h: string, list: string[]): number {
  let best = 64;
  for (const x of list) best = Math.min(best, hamming(h, x));
  return best;
}

/** Typical distance between consecutive snapshots: what "normal drift" looks like here. */
function baseline(list: string[]): number {
  const d: number[] = [];
  for (let i = 1; i < list.length; i++) d.push(hamming(list[i - 1]!, list[i]!));
  return median(d) ?? 20;
}

function titleWords(t: string): Set<string> {
  return new Set(tokenize(foldAccents(t)).filter((w) => w.length >= 2));
}

export function compareProfile(f: PageFeatures, p: PageProfile): DriftMetrics {
  const x = readExtra(p);
  const stable = Object.entries(p.blockCounts).filter(([, c]) => c >= STABLE);
  const mine = new Set(blockHashes(f));
  let kept = 0;
  for (const [k] of stable) if (mine.has(k)) kept++;

  const words = wordKeys(f);
  let known = 0;
  for (const w of words) if ((x.vocab[w] ?? 0) >= 0.5) known++;

  const pageTitle = titleWords(f.title);
  let titleSim: number | null = null;
  if (pageTitle.size && p.titles.length) {
    const before = new Set<string>();
    for (const t of p.titles) for (const w of titleWords(t)) before.add(w);
    let hit = 0;
    for (const w of pageTitle) if (before.has(w)) hit++;
    titleSim = before.size ? hit / pageTitle.size : null;
  }
  const medSize = median(p.textChars);
  const medLinks = median(x.linkCounts);
  const own = new Set(p.ownDomains);
  return {
    stableTotal: stable.length,
    survival: stable.length ? kept / stable.length : null,
    vocab: words.length >= 5 ? known / words.length : words.length ? known / 5 : null,
    textDist: minDistance(f.textSimhash, p.textSimhashes.slice(-6)),
    textBaseline: baseline(p.textSimhashes),
    structDist: minDistance(f.structureSimhash, p.structureSimhashes.slice(-6)),
    structBaseline: baseline(p.structureSimhashes),
    sizeRatio: medSize ? f.counts.textChars / medSize : null,
    linkRatio: medLinks ? f.links.length / medLinks : null,
    titleSim,
    ownShare: ownLinkShare(f, own),
    ownShareBefore: median(x.ownShares),
    langChanged: !!(p.lang && f.lang && p.lang !== f.lang),
  };
}
