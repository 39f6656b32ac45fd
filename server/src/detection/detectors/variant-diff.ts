/**
 * What one fetch shows that the reference fetch (the browser page) does not: new lexicon terms,
 * new outbound domains, redirects elsewhere. Shared by the cloaking and rendered detectors.
 */
import type { Evidence, FetchedPage, PageFeatures, PageProfile, VariantName } from '../types.ts';
import { domainOfUrl } from '../html/url.ts';
import { hostSuspicion, isKnownHost } from './page-domains.ts';
import { allTerms, zoneHits } from '../profile/page-facts.ts';
import { scoreTerms, termEvidence, ZONE_WEIGHT } from '../lexicon/score-terms.ts';
import { knownTerms } from '../lexicon/score-terms.ts';

/** Differences only a crawler or a search visitor gets are intentional: visible text weighs more here. */
const VARIANT_ZONES = { ...ZONE_WEIGHT, visible: 0.45, anchors: 0.5 };

export function variantFindings(
  name: VariantName | 'rendered',
  v: { fetched: FetchedPage | null; features: PageFeatures },
  base: { fetched: FetchedPage; features: PageFeatures },
  profile: PageProfile | null,
  own: Set<string>,
): Evidence[] {
  const ev: Evidence[] = [];
  const variant = name === 'rendered' ? undefined : name;
  const url = v.fetched?.finalUrl;
  const tag = (e: Evidence): Evidence => ({ ...e, ...(variant ? { variant } : {}), ...(url && url !== base.fetched.finalUrl ? { url } : {}) });

  // Redirected to another site by HTTP.
  if (v.fetched) {
    const vd = domainOfUrl(v.fetched.finalUrl || v.fetched.url);
    const bd = domainOfUrl(base.fetched.finalUrl || base.fetched.url);
    if (vd && bd && vd !== bd && !own.has(vd)) {
      ev.push(tag({ code: 'variant-redirect', message: `The ${name} request ends on another domain (${vd}) while the browser stays on ${bd}.`, samples: v.fetched.redirects.slice(0, 3), weight: 0.85 }));
    }
    if (v.fetched.status !== base.fetched.status && v.fetched.status !== 0 && base.fetched.status !== 0) {
      ev.push(tag({ code: 'variant-status', message: `The ${name} request got HTTP ${v.fetched.status}, the browser ${base.fetched.status}.`, weight: 0.05 }));
    }
  }
  // Redirects inside the variant's HTML that the browser page does not have.
  const baseTargets = new Set(base.features.redirects.map((r) => (r.target ? domainOfUrl(r.target) : '')));
  for (const r of v.features.redirects) {
    const d = r.target ? domainOfUrl(r.target) : '';
    if (!d || own.has(d) || baseTargets.has(d)) continue;
    ev.push(tag({ code: 'variant-redirect', message: `The ${name} page redirects (${r.method}) to ${d}; the browser page does not.`, samples: [r.snippet.slice(0, 200)], weight: r.method === 'script' ? 0.75 : 0.85 }));
  }
  // Spam only this variant carries.
  const baseTerms = new Set(allTerms(zoneHits(base.features)).map((h) => h.term));
  const known = knownTerms(profile);
  for (const t of baseTerms) known.add(`any:${t}`);
  const spam = scoreTerms(zoneHits(v.features), ['gambling', 'spam', 'defacer'], known, VARIANT_ZONES);
  if (spam.strongDistinct > 0 && spam.score >= 0.15) ev.push(tag(termEvidence('variant-spam', `Spam only the ${name} fetch gets`, { ...spam, score: Math.min(0.97, spam.score + 0.25) })));
  // Outbound domains only this variant links to.
  const baseDomains = new Set(base.features.links.map((l) => l.domain));
  const known2 = (d: string) => (profile?.linkDomains[d] ?? 0) >= 0.3;
  const extra = new Map<string, number>();
  let hidden = 0;
  for (const l of v.features.links) {
    if (!l.domain || own.has(l.domain) || baseDomains.has(l.domain) || known2(l.domain)) continue;
    extra.set(l.domain, (extra.get(l.domain) ?? 0) + 1);
    if (l.hidden) hidden++;
  }
  if (extra.size) {
    let w = Math.min(0.6, 0.05 * extra.size + (hidden ? 0.25 : 0) + (spam.strongDistinct ? 0.2 : 0));
    // Domains only this fetch links to that the site never linked to at all (a stale or mobile copy links to old or
    // app-store domains the profile knows): content for crawlers only. Stronger when the hosts look thrown away.
    if (profile && profile.samples >= 2) {
      const strangers = [...extra.keys()].filter((d) => (profile.linkDomains[d] ?? 0) === 0 && !isKnownHost(d));
      if (strangers.length) {
        const susp = Math.max(0, ...strangers.slice(0, 20).map((d) => hostSuspicion(d, d, () => false, own).score));
        w = Math.max(w, Math.min(0.8, 0.3 + 0.05 * Math.min(4, strangers.length) + 0.5 * susp + (hidden ? 0.1 : 0)));
      }
    }
    ev.push(tag({ code: 'variant-links', message: `The ${name} fetch links to ${extra.size} domain(s) the browser page does not${hidden ? ` (${hidden} hidden)` : ''}.`, samples: [...extra.keys()].slice(0, 6), weight: w }));
  }
  return ev;
}
