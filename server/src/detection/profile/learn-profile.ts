/**
 * Folds one snapshot into the profile. Counts decay (×DECAY per snapshot) so "stable" means
 * "present in most recent snapshots": after a redesign old blocks fade and new ones settle in
 * within a few snapshots. Every map is capped by keeping its heaviest entries.
 */
import type { PageFeatures, PageProfile } from '../types.ts';
import { domainOfUrl } from '../html/url.ts';
import { allTerms, blockHashes, wordKeys, ownLinkShare, snippetKey, statedDomains, zoneHits } from './page-facts.ts';
import { readExtra } from './profile-extra.ts';

export const DECAY = 0.85;
const CAPS = { blocks: 500, vocab: 1000, linkDomains: 300, scriptDomains: 80, iframeDomains: 40, titles: 12, metas: 6, simhashes: 12, sizes: 12, spamTerms: 150, small: 60, ownDomains: 12 };

function decayAndAdd(map: Record<string, number>, present: Iterable<string>, weight: number, cap: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(map)) {
    const d = v * DECAY;
    if (d >= 0.05) out[k] = d;
  }
  const ceiling = 1 / (1 - DECAY);
  for (const k of new Set(present)) out[k] = Math.min(ceiling, (out[k] ?? 0) + weight);
  const entries = Object.entries(out);
  if (entries.length > cap) entries.sort((a, b) => b[1] - a[1]).length = cap;
  const res: Record<string, number> = {};
  for (const [k, v] of entries) res[k] = Math.round(v * 100) / 100;
  return res;
}

function pushCapped<T>(list: T[], item: T, cap: number): T[] {
  const out = [...list, item];
  return out.length > cap ? out.slice(out.length - cap) : out;
}

function pushDistinct(list: string[], item: string, cap: number): string[] {
  if (!item) return list;
  return pushCapped(list.filter((x) => x !== item), item, cap);
}

export function emptyProfile(at: Date): PageProfile {
  return {
    version: 1, samples: 0, updatedAt: at.toISOString(), ownDomains: [], titles: [], metaDescriptions: [], lang: '',
    blockCounts: {}, linkDomains: {}, scriptDomains: {}, iframeDomains: {}, textSimhashes: [], structureSimhashes: [], textChars: [], extra: {},
  };
}

/** weight > 1 when an analyst accepts a change as normal: it settles in at once. */
export function learnProfileImpl(profile: PageProfile | null, f: PageFeatures, at: Date, url?: string, weight = 1): PageProfile {
  const p = profile && profile.version === 1 ? profile : emptyProfile(at);
  const w = Math.max(1, Math.min(10, weight));
  if (f.kind !== 'html' && f.kind !== 'text') {
    // An empty or binary snapshot accepted as normal only moves the counters.
    return { ...p, samples: p.samples + 1, updatedAt: at.toISOString() };
  }
  const x = readExtra(p);
  const ownDomains = [...new Set([...statedDomains(f, url), ...p.ownDomains])].slice(0, CAPS.ownDomains);
  const own = new Set(ownDomains);
  const linkDomains = [...f.links, ...(f.scriptLinks ?? [])].map((l) => l.domain).filter((d) => d && !own.has(d));
  // Script-host churn: how many script domains this snapshot brings that the profile did not know.
  const scriptDoms = [...new Set(f.scripts.map((s) => s.domain).filter((d) => d && !own.has(d)))];
  const newScriptHosts = p.samples >= 2 ? scriptDoms.filter((d) => (p.scriptDomains[d] ?? 0) < 0.3).length : -1;


  const zh = zoneHits(f);
  const terms = allTerms(zh).map((h) => h.term);
  const zoneTerms = (Object.keys(zh) as (keyof typeof zh)[]).flatMap((z) => zh[z].map((h) => `${z}:${h.term}`));
  const hiddenDomains = f.links.filter((l) => l.hidden && l.domain).map((l) => l.domain);
  const redirectDomains = f.redirects.map((r) => (r.target ? domainOfUrl(r.target) : '')).filter(Boolean);
  const hiddenCount = f.links.filter((l) => l.hidden).length;

  return {
    version: 1,
    samples: p.samples + 1,
    updatedAt: at.toISOString(),
    ownDomains,
    titles: pushDistinct(p.titles, f.title, CAPS.titles),
    metaDescriptions: pushDistinct(p.metaDescriptions, f.metaDescription.slice(0, 300), CAPS.metas),
    lang: f.lang || p.lang,
    blockCounts: decayAndAdd(p.blockCounts, blockHashes(f), w, CAPS.blocks),
    linkDomains: decayAndAdd(p.linkDomains, linkDomains, w, CAPS.linkDomains),
    scriptDomains: decayAndAdd(p.scriptDomains, f.scripts.map((s) => s.domain).filter(Boolean), w, CAPS.scriptDomains),
    iframeDomains: decayAndAdd(p.iframeDomains, f.iframes.map((s) => s.domain).filter(Boolean), w, CAPS.iframeDomains),
    textSimhashes: pushCapped(p.textSimhashes, f.textSimhash, CAPS.simhashes),
    structureSimhashes: pushCapped(p.structureSimhashes, f.structureSimhash, CAPS.simhashes),
    textChars: pushCapped(p.textChars, f.counts.textChars, CAPS.sizes),
    extra: {
      vocab: decayAndAdd(x.vocab, wordKeys(f), w, CAPS.vocab),
      spamTerms: decayAndAdd(x.spamTerms, terms, w * 3, CAPS.spamTerms),
      zoneTerms: decayAndAdd(x.zoneTerms ?? {}, zoneTerms, w * 3, CAPS.spamTerms * 2),
      hiddenLinkDomains: decayAndAdd(x.hiddenLinkDomains, hiddenDomains, w, CAPS.small),
      redirectDomains: decayAndAdd(x.redirectDomains, redirectDomains, w, CAPS.small),
      scriptKeys: decayAndAdd(x.scriptKeys, [...f.suspiciousScripts, ...(f.obfuscatedScripts ?? []).map((o) => `obfuscated: ${o}`), ...f.redirects.map((r) => `redirect: ${r.snippet}`)].map(snippetKey), w, CAPS.small),
      linkCounts: pushCapped(x.linkCounts, f.links.length, CAPS.sizes),
      ownShares: pushCapped(x.ownShares, Math.round(ownLinkShare(f, own) * 100) / 100, CAPS.sizes),
      hiddenLinks: pushCapped(x.hiddenLinks, hiddenCount, CAPS.sizes),
      scriptChurn: newScriptHosts < 0 ? x.scriptChurn : pushCapped(x.scriptChurn, newScriptHosts, CAPS.sizes),
    },
  };
}
