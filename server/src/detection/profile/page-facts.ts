/**
 * Facts about one page that both learning and judging need, computed the same way on both
 * sides: block keys, own-site link share, lexicon hits per zone, script snippet keys.
 */
import type { PageFeatures } from '../types.ts';
import { matchLexicons, type TermHit } from '../lexicon/match-lexicon.ts';
import { domainOfUrl } from '../html/url.ts';
import { hashKey } from '../text/hash.ts';
import { blockKey } from '../text/normalize.ts';
import { pageWords } from '../features/page-words.ts';

const keyMemo = new WeakMap<PageFeatures, string[]>();

/** Hash key of every block, in page order ('' for blocks too short to key); memoised, several users ask. */
export function blockKeyList(f: PageFeatures): string[] {
  const m = keyMemo.get(f);
  if (m) return m;
  const out = f.blocks.map((b) => { const k = blockKey(b); return k.length >= 2 ? hashKey(k) : ''; });
  keyMemo.set(f, out);
  return out;
}

export function blockHashes(f: PageFeatures): string[] {
  const out = new Set<string>();
  for (const k of blockKeyList(f)) {
    if (k) out.add(k);
    if (out.size >= 3000) break;
  }
  return [...out];
}

/** The site's own domains as the page states them (its URL, canonical, og:url). */
export function statedDomains(f: PageFeatures, url?: string): string[] {
  const out = new Set<string>();
  for (const u of [url, f.canonical, f.ogUrl]) {
    const d = u ? domainOfUrl(u) : '';
    if (d) out.add(d);
  }
  return [...out];
}

export function ownLinkShare(f: PageFeatures, own: Set<string>): number {
  let n = 0;
  let mine = 0;
  for (const l of f.links) {
    if (!l.domain) continue;
    n++;
    if (own.has(l.domain)) mine++;
  }
  return n === 0 ? 0 : mine / n;
}

export interface ZoneHits {
  title: TermHit[];
  meta: TermHit[];
  visible: TermHit[];
  hidden: TermHit[];
  anchors: TermHit[];
  hiddenAnchors: TermHit[];
  script: TermHit[];
}

const memo = new WeakMap<PageFeatures, ZoneHits>();

/** Lexicon hits per zone of the page (memoised: several detectors ask). */
export function zoneHits(f: PageFeatures): ZoneHits {
  const m = memo.get(f);
  if (m) return m;
  const anchors: string[] = [];
  const hiddenAnchors: string[] = [];
  for (const l of f.links) {
    const t = `${l.text} ${l.href.slice(0, 200).replace(/[/.:_?=&-]+/g, ' ')}`;
    if (l.hidden) hiddenAnchors.push(t);
    // A headline-long anchor is a news teaser, already read as visible text; spam anchors are keyword-short.
    else if (l.text.split(' ').length <= 6) anchors.push(t);
  }
  const z: ZoneHits = {
    title: matchLexicons(f.title),
    meta: matchLexicons(`${f.metaDescription}\n${f.metaKeywords}`),
    visible: matchLexicons(f.text),
    hidden: matchLexicons(f.hiddenText ?? ''),
    anchors: matchLexicons(anchors.join('\n')),
    hiddenAnchors: matchLexicons(hiddenAnchors.join('\n')),
    script: matchLexicons(f.scriptText ?? ''),
  };
  memo.set(f, z);
  return z;
}

export function allTerms(z: ZoneHits): TermHit[] {
  return [...z.title, ...z.meta, ...z.visible, ...z.hidden, ...z.anchors, ...z.hiddenAnchors, ...z.script];
}

export function snippetKey(s: string): string {
  return hashKey(s.replace(/[0-9]+/g, '0').replace(/\s+/g, ' ').slice(0, 120));
}

/** The page's first distinct words (nav and top stories come first) as 16-bit hash keys. */
export function wordKeys(f: PageFeatures, max = 800): string[] {
  return pageWords(`${f.title}\n${f.text}`, max).map((w) => hashKey(w).slice(0, 4));
}
