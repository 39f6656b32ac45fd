/** A readable diff of a page against its profile, for the analyst's view. */
import type { PageFeatures, PageProfile, ProfileDiff } from './types.ts';
import { hamming, hashKey } from './text/hash.ts';
import { blockKey } from './text/normalize.ts';
import { STABLE } from './profile/compare-profile.ts';
import { blockKeyList } from './profile/page-facts.ts';

export function profileDiff(f: PageFeatures, p: PageProfile | null): ProfileDiff | null {
  if (!p) return null;
  const stable = new Set(Object.entries(p.blockCounts).filter(([, c]) => c >= STABLE).map(([k]) => k));
  const seen = new Set<string>();
  const added: string[] = [];
  const keys = blockKeyList(f);
  for (let i = 0; i < f.blocks.length; i++) {
    const k = keys[i] || hashKey(blockKey(f.blocks[i]!));
    seen.add(k);
    if (!(p.blockCounts[k] !== undefined) && added.length < 30) added.push(f.blocks[i]!.slice(0, 200));
  }
  const removedCount = [...stable].filter((k) => !seen.has(k)).length;
  const own = new Set(p.ownDomains);
  const pageDomains = new Set(f.links.map((l) => l.domain).filter((d) => d && !own.has(d)));
  const sim = (a: string, list: string[]) => (list.length ? 1 - Math.min(...list.map((x) => hamming(a, x))) / 64 : null);
  return {
    addedBlocks: added,
    // Only hashes are kept in the profile: removed blocks are counted, not quoted.
    removedBlocks: removedCount ? [`${removedCount} stable block(s) no longer on the page`] : [],
    titleBefore: p.titles[p.titles.length - 1] ?? null,
    titleAfter: f.title,
    newLinkDomains: [...pageDomains].filter((d) => (p.linkDomains[d] ?? 0) < 0.3).slice(0, 50),
    missingLinkDomains: Object.entries(p.linkDomains).filter(([d, c]) => c >= STABLE && !pageDomains.has(d)).map(([d]) => d).slice(0, 50),
    newScriptDomains: [...new Set(f.scripts.map((s) => s.domain))].filter((d) => d && !own.has(d) && (p.scriptDomains[d] ?? 0) < 0.3).slice(0, 30),
    newIframeDomains: [...new Set(f.iframes.map((s) => s.domain))].filter((d) => d && !own.has(d) && (p.iframeDomains[d] ?? 0) < 0.3).slice(0, 30),
    textSimilarity: sim(f.textSimhash, p.textSimhashes),
    structureSimilarity: sim(f.structureSimhash, p.structureSimhashes),
  };
}
