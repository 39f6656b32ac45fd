/**
 * Injected links, scripts, frames and redirects, judged against what the profile knows: new
 * outbound domains (weak alone: news links everywhere), hidden links to new domains, many links
 * to one new domain in one place, hidden iframes, redirects to other domains (also obfuscated
 * and referer/user-agent conditional ones), canonical/amphtml pointing elsewhere.
 */
import type { Detector, DetectorResult, Evidence, PageFeatures, PageProfile } from '../types.ts';
import { domainOfUrl } from '../html/url.ts';
import { matchLexicons } from '../lexicon/match-lexicon.ts';
import { readExtra } from '../profile/profile-extra.ts';
import { snippetKey } from '../profile/page-facts.ts';
import { INFRASTRUCTURE, isPlaceholderHost, ownDomainsFor } from './page-domains.ts';

const noisyOr = (xs: number[]) => 1 - xs.reduce((k, x) => k * (1 - Math.max(0, Math.min(0.99, x))), 1);

function spammy(text: string): boolean {
  return matchLexicons(text, ['gambling', 'spam']).some((h) => h.strong);
}

export function injectionFindings(f: PageFeatures, profile: PageProfile | null, own: Set<string>): Evidence[] {
  const ev: Evidence[] = [];
  const x = readExtra(profile);
  const known = (m: Record<string, number>, d: string) => (m[d] ?? 0) >= 0.3;
  const isNew = (d: string) => !!d && !own.has(d) && !known(profile?.linkDomains ?? {}, d);

  // Links: hidden ones to new domains, and clusters of links to one new domain.
  const byDomain = new Map<string, { n: number; hidden: number; texts: string[] }>();
  for (const l of f.links) {
    if (!isNew(l.domain)) continue;
    const e = byDomain.get(l.domain) ?? { n: 0, hidden: 0, texts: [] };
    e.n++;
    if (l.hidden) e.hidden++;
    if (e.texts.length < 4) e.texts.push(`${l.text.slice(0, 60)} → ${l.href.slice(0, 100)}`);
    byDomain.set(l.domain, e);
  }
  const hiddenNew = [...byDomain.entries()].filter(([d, e]) => e.hidden > 0 && !known(x.hiddenLinkDomains, d));
  if (hiddenNew.length) {
    const spam = spammy(hiddenNew.flatMap(([d, e]) => [d, ...e.texts]).join('\n'));
    // Without history a hidden menu to sister sites looks the same as an injected block: only spam counts then.
    const w = spam ? Math.min(0.95, 0.6 + 0.1 * Math.min(3, hiddenNew.length)) : profile ? Math.min(0.7, 0.25 + 0.1 * Math.min(4, hiddenNew.length)) : Math.min(0.3, 0.1 + 0.05 * hiddenNew.length);
    ev.push({ code: 'hidden-links', message: `${hiddenNew.reduce((s, [, e]) => s + e.hidden, 0)} hidden link(s) to ${hiddenNew.length} new domain(s)${spam ? ' with spam anchors' : ''}.`, samples: hiddenNew.slice(0, 6).flatMap(([, e]) => e.texts.slice(0, 2)), weight: w });
  }
  const newDomains = [...byDomain.entries()];
  if (newDomains.length && profile) {
    const spamDomains = newDomains.filter(([d, e]) => spammy(`${d.replace(/[.-]/g, ' ')}\n${e.texts.join('\n')}`));
    const cluster = newDomains.filter(([, e]) => e.n >= 4);
    let w = Math.min(0.2, 0.02 * newDomains.length);
    if (spamDomains.length) w = Math.max(w, Math.min(0.9, 0.45 + 0.12 * spamDomains.length));
    if (cluster.length && spamDomains.length) w = Math.min(0.95, w + 0.1);
    if (w >= 0.1) ev.push({ code: spamDomains.length ? 'new-domain-cluster' : 'new-outbound-domains', message: `${newDomains.length} new outbound domain(s)${spamDomains.length ? `, ${spamDomains.length} with spam terms` : ''}.`, samples: (spamDomains.length ? spamDomains : newDomains).slice(0, 6).map(([d, e]) => `${d} (${e.n} link(s))`), weight: w });
  } else if (newDomains.length && !profile) {
    const spamDomains = newDomains.filter(([d, e]) => spammy(`${d.replace(/[.-]/g, ' ')}\n${e.texts.join('\n')}`));
    if (spamDomains.length >= 2) ev.push({ code: 'new-domain-cluster', message: `${spamDomains.length} outbound domains with spam terms.`, samples: spamDomains.slice(0, 6).map(([d]) => d), weight: Math.min(0.85, 0.35 + 0.1 * spamDomains.length) });
  }

  // Frames and scripts from new domains.
  const newFrames: string[] = [];
  let spamFrame = false;
  for (const fr of f.iframes) {
    if (!fr.domain || own.has(fr.domain) || known(profile?.iframeDomains ?? {}, fr.domain) || INFRASTRUCTURE.has(fr.domain)) continue;
    if (fr.hidden) {
      if (ev.some((e) => e.code === 'hidden-iframe' && e.message.includes(fr.domain)) || ev.filter((e) => e.code === 'hidden-iframe').length >= 3) continue;
      // Sites park lazy embeds in display:none containers; a 0–1 px frame has no honest use.
      const spam = spammy(fr.src.replace(/[/.:_?=&-]+/g, ' '));
      const w = fr.tiny || spam ? (profile ? 0.7 : 0.45) : profile ? 0.3 : 0.15;
      ev.push({ code: 'hidden-iframe', message: `Hidden ${fr.tiny ? 'zero-size ' : ''}iframe to ${fr.domain}.`, samples: [fr.src.slice(0, 160)], weight: w });
    }
    else if (profile) { newFrames.push(fr.src.slice(0, 160)); spamFrame ||= spammy(fr.src.replace(/[/.:_?=&-]+/g, ' ')); }
  }
  if (newFrames.length) ev.push({ code: 'new-iframe', message: `${newFrames.length} iframe(s) from new domains.`, samples: newFrames.slice(0, 4), weight: spamFrame ? 0.6 : 0.1 });
  if (profile) {
    const newScripts = f.scripts.filter((s) => s.domain && !own.has(s.domain) && !known(profile.scriptDomains, s.domain));
    if (newScripts.length) {
      const spam = newScripts.some((s) => spammy(s.src.replace(/[/.:_?=&-]+/g, ' ')));
      ev.push({ code: 'new-script', message: `${newScripts.length} script(s) from new domains.`, samples: newScripts.slice(0, 5).map((s) => s.src.slice(0, 160)), weight: spam ? 0.65 : Math.min(0.15, 0.04 * newScripts.length) });
    }
  }

  // Redirects the page performs.
  const cond = f.refererCheck || f.userAgentCheck;
  for (const r of f.redirects) {
    if (r.method === 'meta-refresh' && !r.target) continue; // a reload, not a redirect
    const d = r.target ? domainOfUrl(r.target) : '';
    if (d && (own.has(d) || known(x.redirectDomains, d))) continue;
    if (!d && r.method === 'script' && !cond) continue; // a computed same-site navigation
    const code = r.method === 'meta-refresh' ? 'meta-refresh' : r.method === 'obfuscated-script' ? 'obfuscated-redirect' : 'js-redirect';
    let w = r.method === 'meta-refresh' ? 0.75 : r.method === 'obfuscated-script' ? 0.85 : 0.55;
    if (!d) w -= 0.25;
    if (cond) w += 0.2;
    if (d && spammy(d.replace(/[.-]/g, ' '))) w += 0.15;
    ev.push({ code, message: `${code === 'meta-refresh' ? 'Meta refresh' : code === 'obfuscated-redirect' ? 'Obfuscated script redirect' : 'Script redirect'} to ${d || 'a computed target'}${cond ? ' behind a referer / user-agent check' : ''}.`, samples: [r.snippet.slice(0, 200)], weight: Math.min(0.97, w) });
  }
  const newSnippets = f.suspiciousScripts.filter((s) => !known(x.scriptKeys, snippetKey(s)));
  if (cond && newSnippets.length && !ev.some((e) => e.code.endsWith('redirect'))) {
    ev.push({ code: f.refererCheck ? 'referer-check' : 'ua-check', message: 'A script checks the visitor\'s referer (search engine) or user agent (bots): the classic cloaking trigger.', samples: newSnippets.slice(0, 3), weight: 0.35 });
  }

  // Canonical / AMP pointing to another site hands the page's ranking to it.
  for (const [name, u] of [['canonical', f.canonical], ['amphtml', f.amphtml]] as const) {
    const d = u ? domainOfUrl(u) : '';
    if (!d || own.has(d)) continue;
    if (!profile && [...own].every(isPlaceholderHost)) continue;
    ev.push({ code: 'external-canonical', message: `The ${name} link points to another domain (${d}).`, samples: [String(u).slice(0, 160)], weight: spammy(d.replace(/[.-]/g, ' ')) ? 0.85 : 0.55 });
  }
  return ev;
}

export const injectionDetector: Detector = {
  name: 'injection',
  detect(ctx): DetectorResult | null {
    const t0 = performance.now();
    const f = ctx.page.features;
    if (f.kind !== 'html' && f.kind !== 'text') return null;
    const ev = injectionFindings(f, ctx.profile, ownDomainsFor(ctx.profile, ctx.page.fetched, f));
    ev.sort((a, b) => b.weight - a.weight);
    // The three strongest findings decide: many weak ones (ads, new teasers) must not add up to an alarm.
    const score = noisyOr(ev.slice(0, 3).map((e) => e.weight));
    return { detector: 'injection', score: Math.min(1, score), kind: 'injection', evidence: ev.slice(0, 12), ms: performance.now() - t0 };
  },
};
