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
import { brandLabels, hostSuspicion, INFRASTRUCTURE, isKnownHost, isPlaceholderHost, ownDomainsFor } from './page-domains.ts';

const domainHost = (u: string) => /^[a-z]+:\/\/([^/?#:]+)/i.exec(u)?.[1] ?? '';
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
  const byDomain = new Map<string, { n: number; hidden: number; texts: string[]; spamTexts: string[] }>();
  for (const l of f.links) {
    if (!isNew(l.domain)) continue;
    const e = byDomain.get(l.domain) ?? { n: 0, hidden: 0, texts: [], spamTexts: [] };
    e.n++;
    if (l.hidden) e.hidden++;
    if (e.texts.length < 4) e.texts.push(`${l.text.slice(0, 60)} → ${l.href.slice(0, 100)}`);
    // A visible headline-long anchor is a news teaser (a story about viagra is not pharma spam); spam anchors are keyword-short.
    if (e.spamTexts.length < 4 && (l.hidden || l.text.split(' ').length <= 6)) e.spamTexts.push(`${l.text.slice(0, 60)} → ${l.href.slice(0, 100)}`);
    byDomain.set(l.domain, e);
  }
  const brands = brandLabels(own);
  const sister = (d: string) => brands.some((b) => d.includes(b));
  const hiddenAll = [...byDomain.entries()].filter(([d, e]) => e.hidden > 0 && !known(x.hiddenLinkDomains, d));
  const spam = hiddenAll.length > 0 && spammy(hiddenAll.flatMap(([d, e]) => [d, ...e.texts]).join('\n'));
  // Hidden teasers for the publisher's sister sites are routine; spam anchors are not, whoever hosts them.
  const hiddenNew = spam ? hiddenAll : hiddenAll.filter(([d]) => !sister(d));
  if (hiddenNew.length) {
    // Without history a hidden menu to sister sites looks the same as an injected block: only spam counts then.
    // Many hidden links to a domain the site never linked to is a link block, spam words or not.
    const hiddenCount = hiddenNew.reduce((s, [, e]) => s + e.hidden, 0);
    const mass = Math.min(0.3, 0.1 * Math.log2(1 + hiddenCount / 2));
    const susp = Math.max(0, ...hiddenNew.slice(0, 20).map(([d]) => hostSuspicion(d, d, spammy, own).score));
    // A young profile has not seen every hidden menu yet: only spam or a suspicious host count fully then.
    const young = profile && profile.samples < 4 ? 0.45 : 0.8;
    const w = spam ? Math.min(0.95, 0.6 + 0.1 * Math.min(3, hiddenNew.length)) : profile ? Math.min(susp > 0 ? 0.8 : young, 0.25 + 0.1 * Math.min(4, hiddenNew.length) + mass + 0.5 * susp) : Math.min(0.3, 0.1 + 0.05 * hiddenNew.length + 0.2 * susp);
    ev.push({ code: 'hidden-links', message: `${hiddenNew.reduce((s, [, e]) => s + e.hidden, 0)} hidden link(s) to ${hiddenNew.length} new domain(s)${spam ? ' with spam anchors' : ''}.`, samples: hiddenNew.slice(0, 6).flatMap(([, e]) => e.texts.slice(0, 2)), weight: Math.round(w * 100) / 100 });
  }
  const newDomains = [...byDomain.entries()];
  if (newDomains.length && profile) {
    const spamDomains = newDomains.filter(([d, e]) => spammy(`${d.replace(/[.-]/g, ' ')}\n${e.spamTexts.join('\n')}`));
    const cluster = newDomains.filter(([, e]) => e.n >= 4);
    let w = Math.min(0.2, 0.02 * newDomains.length);
    if (spamDomains.length) w = Math.max(w, Math.min(0.9, 0.45 + 0.12 * spamDomains.length));
    if (cluster.length && spamDomains.length) w = Math.min(0.95, w + 0.1);
    if (w >= 0.1) ev.push({ code: spamDomains.length ? 'new-domain-cluster' : 'new-outbound-domains', message: `${newDomains.length} new outbound domain(s)${spamDomains.length ? `, ${spamDomains.length} with spam terms` : ''}.`, samples: (spamDomains.length ? spamDomains : newDomains).slice(0, 6).map(([d, e]) => `${d} (${e.n} link(s))`), weight: w });
  } else if (newDomains.length && !profile) {
    const spamDomains = newDomains.filter(([d, e]) => spammy(`${d.replace(/[.-]/g, ' ')}\n${e.texts.join('\n')}`));
    if (spamDomains.length >= 2) ev.push({ code: 'new-domain-cluster', message: `${spamDomains.length} outbound domains with spam terms.`, samples: spamDomains.slice(0, 6).map(([d]) => d), weight: Math.min(0.85, 0.35 + 0.1 * spamDomains.length) });
  }

  // Links that inline scripts write into the page (document.write / innerHTML of markup).
  if (f.scriptLinks?.length) {
    const written = new Map<string, { n: number; texts: string[] }>();
    let hiddenWritten = 0;
    for (const l of f.scriptLinks) {
      if (!isNew(l.domain) || isKnownHost(l.domain)) continue;
      const e = written.get(l.domain) ?? { n: 0, texts: [] };
      e.n++;
      if (l.hidden) hiddenWritten++;
      if (e.texts.length < 3) e.texts.push(`${l.text.slice(0, 60)} → ${l.href.slice(0, 100)}`);
      written.set(l.domain, e);
    }
    if (written.size) {
      const all = [...written.entries()];
      const spam = spammy(all.flatMap(([d, e]) => [d.replace(/[.-]/g, ' '), ...e.texts]).join('\n'));
      const n = all.reduce((k, [, e]) => k + e.n, 0);
      const obf = (f.obfuscatedScripts?.length ?? 0) > 0;
      // Widgets write links too: spam anchors, hidden markup or obfuscated code make it an injection.
      let w = spam ? 0.8 : hiddenWritten ? 0.5 + Math.min(0.15, 0.03 * hiddenWritten) : n >= 3 ? 0.35 : 0.2;
      if (obf) w += 0.15;
      if (!profile) w *= spam ? 1 : 0.5;
      ev.push({ code: 'script-links', message: `A script writes ${n} link(s) to ${written.size} new domain(s)${hiddenWritten ? ` (${hiddenWritten} hidden)` : ''}${spam ? ' with spam anchors' : ''}${obf ? ' from obfuscated code' : ''}.`, samples: all.slice(0, 4).flatMap(([, e]) => e.texts.slice(0, 2)), weight: Math.min(0.95, w) });
    }
  }
  // Inline scripts that hide what they do, new to this page.
  const obf = (f.obfuscatedScripts ?? []).filter((s) => !known(x.scriptKeys, snippetKey(`obfuscated: ${s}`)));
  if (obf.length) ev.push({ code: 'obfuscated-script', message: `${obf.length} inline script(s) hide what they do (packed, eval of an assembled or decoded string, URL built from pieces).`, samples: obf.slice(0, 3), weight: profile ? 0.4 : 0.25 });

  // Frames and scripts from new domains.
  const newFrames: string[] = [];
  let spamFrame = false;
  for (const fr of f.iframes) {
    if (!fr.domain || own.has(fr.domain) || known(profile?.iframeDomains ?? {}, fr.domain) || INFRASTRUCTURE.has(fr.domain)) continue;
    if (fr.hidden) {
      if (ev.some((e) => e.code === 'hidden-iframe' && e.message.includes(fr.domain)) || ev.filter((e) => e.code === 'hidden-iframe').length >= 3) continue;
      // Sites park lazy embeds in display:none containers; a 0–1 px frame has no honest use.
      const spam = spammy(fr.src.replace(/[/.:_?=&-]+/g, ' '));
      // A hidden frame to a host that is neither an embed/ad service nor known here: no visitor sees what it loads.
      const host = /^[a-z]+:\/\/([^/?#:]+)/i.exec(fr.src)?.[1] ?? fr.domain;
      const susp = hostSuspicion(host, fr.domain, spammy, own).score;
      // Embeds (players, documents, maps, widgets) get parked in hidden tabs and lazy containers.
      const embed = /\/(?:embed|player|widget|video|maps?|iframe|consent|sync|ads?)\b/i.test(fr.src.replace(/^[a-z]+:\/\/[^/]+/i, ''));
      const w = fr.tiny || spam ? (profile ? 0.7 : 0.45) : isKnownHost(fr.domain) || embed ? (profile ? 0.15 : 0.1) : profile ? 0.55 + 0.3 * susp : 0.15 + 0.3 * susp;
      ev.push({ code: 'hidden-iframe', message: `Hidden ${fr.tiny ? 'zero-size ' : ''}iframe to ${fr.domain}.`, samples: [fr.src.slice(0, 160)], weight: w });
    }
    else if (profile) { newFrames.push(fr.src.slice(0, 160)); spamFrame ||= spammy(fr.src.replace(/[/.:_?=&-]+/g, ' ')); }
  }
  if (newFrames.length) ev.push({ code: 'new-iframe', message: `${newFrames.length} iframe(s) from new domains.`, samples: newFrames.slice(0, 4), weight: spamFrame ? 0.6 : 0.1 });
  if (profile) {
    const newScripts = f.scripts.filter((s) => s.domain && !own.has(s.domain) && !known(profile.scriptDomains, s.domain));
    if (newScripts.length) {
      // Script-host churn: a page whose script hosts never change makes any new host news.
      const churn = x.scriptChurn;
      const stable = churn.length >= 3 && churn.filter((n) => n > 0).length <= Math.floor(churn.length * 0.15);
      const newHosts = new Set(newScripts.map((s) => s.domain));
      let best = 0;
      let why = '';
      for (const sc of newScripts) {
        const host = /^[a-z]+:\/\/([^/?#:]+)/i.exec(sc.src)?.[1] ?? sc.domain;
        const spam = spammy(sc.src.replace(/[/.:_?=&-]+/g, ' '));
        const susp = spam ? { score: 0.6, why: 'spam words' } : hostSuspicion(host, sc.domain, spammy, own);
        let w: number;
        if (susp.score > 0) w = 0.3 + susp.score;
        else if (isKnownHost(sc.domain)) w = 0.04;
        else w = stable && newHosts.size === 1 ? 0.35 : 0.1;
        // Another WordPress site's own assets hot-linked: sites load their wp-includes from themselves.
        if (!isKnownHost(sc.domain) && /\/wp-(?:includes|content)\//.test(sc.src)) w += 0.15;
        if (sc.odd && w < 0.9) w += susp.score > 0 || !isKnownHost(sc.domain) ? 0.2 : 0.05;
        if (stable && susp.score > 0) w += 0.1;
        if (w > best) { best = w; why = [susp.why, sc.odd ? 'outside <html>' : '', stable ? 'script hosts normally stable' : ''].filter(Boolean).join(', '); }
      }
      const weight = Math.min(0.9, Math.max(best, Math.min(0.15, 0.04 * newScripts.length)));
      ev.push({ code: 'new-script', message: `${newScripts.length} script(s) from new domains${why ? ` (${why})` : ''}.`, samples: newScripts.slice(0, 5).map((s) => s.src.slice(0, 160)), weight });
    }
  }

  // Redirects the page performs.
  const cond = f.refererCheck || f.userAgentCheck;
  const phones = !!f.mobileCheck;
  for (const r of f.redirects) {
    if (r.method === 'meta-refresh' && !r.target) continue; // a reload, not a redirect
    const d = r.target ? domainOfUrl(r.target) : '';
    if (d && (own.has(d) || known(x.redirectDomains, d))) continue;
    // A computed navigation (search box, menu select) unless it sits behind a referer / bot / phone test.
    if (!d && r.method === 'script' && !cond && !phones) continue;
    // The same computed redirect in earlier snapshots: the site's own (mobile site switch and the like).
    if (!d && known(x.scriptKeys, snippetKey(`redirect: ${r.snippet}`))) continue;
    const code = r.method === 'meta-refresh' ? 'meta-refresh' : r.method === 'obfuscated-script' ? 'obfuscated-redirect' : 'js-redirect';
    let w = r.method === 'meta-refresh' ? 0.75 : r.method === 'obfuscated-script' ? 0.85 : r.indirect && !cond && !phones ? 0.4 : 0.55;
    if (!d) w -= 0.25;
    if (cond) w += 0.2;
    else if (phones) w += d ? 0.15 : 0.2;
    // An external target the site never redirected to: the profile knows its redirects.
    if (d && profile && !isKnownHost(d)) w += 0.05;
    if (d && spammy(d.replace(/[.-]/g, ' '))) w += 0.15;
    else if (d && r.method !== 'meta-refresh') w += 0.3 * hostSuspicion(domainHost(r.target!) || d, d, spammy, own).score;
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
    // A home page's canonical / AMP link does not move to a stranger's domain: with history that alone is strong.
    const susp = hostSuspicion(domainHost(String(u)) || d, d, spammy, own).score;
    const base = profile && profile.samples >= 3 ? 0.65 : 0.55;
    ev.push({ code: 'external-canonical', message: `The ${name} link points to another domain (${d}).`, samples: [String(u).slice(0, 160)], weight: spammy(d.replace(/[.-]/g, ' ')) ? 0.85 : Math.min(0.85, base + 0.3 * susp) });
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
