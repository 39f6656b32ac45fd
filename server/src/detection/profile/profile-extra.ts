/**
 * The implementation's own part of the profile (`profile.extra`), typed, with defaults, so a
 * profile stored by an older version still reads.
 */
import type { PageProfile } from '../types.ts';

export interface ProfileExtra {
  /** 16-bit hashes (4 hex) of the site's usual words with decayed counts: survives redesigns better than blocks. */
  vocab: Record<string, number>;
  /** Lexicon terms already seen on the site (legit news may mention "casino"), decayed counts. */
  spamTerms: Record<string, number>;
  /** The same per page zone ("hiddenAnchors:slot"), absent in profiles learnt before zones were kept. */
  zoneTerms?: Record<string, number>;
  /** Domains of hidden links and redirect targets already seen. */
  hiddenLinkDomains: Record<string, number>;
  redirectDomains: Record<string, number>;
  /** Keys of suspicious inline-script snippets already seen (analytics reading document.referrer). */
  scriptKeys: Record<string, number>;
  /** Recent link counts and own-site link shares. */
  linkCounts: number[];
  ownShares: number[];
  /** Recent counts of hidden links. */
  hiddenLinks: number[];
  /** Per learnt snapshot (from the third on): how many script domains it added that the profile did not know. */
  scriptChurn: number[];
}

/** Read-only view: the maps are the profile's own (callers never mutate them; learning builds new ones). */
export function readExtra(p: PageProfile | null): ProfileExtra {
  const e = (p?.extra ?? {}) as Partial<ProfileExtra>;
  return {
    vocab: (e.vocab ?? {}),
    spamTerms: (e.spamTerms ?? {}),
    ...(e.zoneTerms && typeof e.zoneTerms === 'object' ? { zoneTerms: e.zoneTerms } : {}),
    hiddenLinkDomains: (e.hiddenLinkDomains ?? {}),
    redirectDomains: (e.redirectDomains ?? {}),
    scriptKeys: (e.scriptKeys ?? {}),
    linkCounts: Array.isArray(e.linkCounts) ? e.linkCounts : [],
    ownShares: Array.isArray(e.ownShares) ? e.ownShares : [],
    hiddenLinks: Array.isArray(e.hiddenLinks) ? e.hiddenLinks : [],
    scriptChurn: Array.isArray(e.scriptChurn) ? e.scriptChurn : [],
  };
}
