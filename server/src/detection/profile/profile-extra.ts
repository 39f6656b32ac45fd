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
}

export function readExtra(p: PageProfile | null): ProfileExtra {
  const e = (p?.extra ?? {}) as Partial<ProfileExtra>;
  return {
    vocab: { ...(e.vocab ?? {}) },
    spamTerms: { ...(e.spamTerms ?? {}) },
    hiddenLinkDomains: { ...(e.hiddenLinkDomains ?? {}) },
    redirectDomains: { ...(e.redirectDomains ?? {}) },
    scriptKeys: { ...(e.scriptKeys ?? {}) },
    linkCounts: Array.isArray(e.linkCounts) ? [...e.linkCounts] : [],
    ownShares: Array.isArray(e.ownShares) ? [...e.ownShares] : [],
    hiddenLinks: Array.isArray(e.hiddenLinks) ? [...e.hiddenLinks] : [],
  };
}
