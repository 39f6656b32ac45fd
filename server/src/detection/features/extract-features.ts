/**
 * FetchedPage → PageFeatures: decode, sniff, parse, then derive what detectors compare
 * (domains, redirects, SimHashes, language). Bounded by the parse caps; never throws.
 */
import type { FetchedPage, PageFeatures } from '../types.ts';
import { decodeBody } from '../html/decode.ts';
import { LIMITS } from '../html/limits.ts';
import { parsePage } from '../html/parse-page.ts';
import { scanScript } from '../html/script-scan.ts';
import { sniffBody } from '../html/sniff.ts';
import { domainOfUrl, safeUrl } from '../html/url.ts';
import { SimHasher } from '../text/hash.ts';
import { tokenize } from '../text/normalize.ts';
import { guessLang, normaliseLangAttr } from './lang-guess.ts';
import { detectInterstitial } from './interstitial.ts';

export function emptyFeatures(kind: PageFeatures['kind'], bytes: number, charset = ''): PageFeatures {
  return {
    kind, charset, bytes, title: '', metaDescription: '', metaKeywords: '', canonical: null, amphtml: null, lang: '',
    blocks: [], text: '', links: [], scripts: [], iframes: [], redirects: [], suspiciousScripts: [],
    textSimhash: '0000000000000000', structureSimhash: '0000000000000000', counts: { elements: 0, maxDepth: 0, textChars: 0 }, limited: null,
  };
}

function absolute(href: string | null, base: string): string | null {
  if (href === null) return null;
  const u = safeUrl(href.trim(), base);
  return u ? u.href : href.trim().slice(0, 500);
}

/** meta refresh content "5; url=http://x" → target. */
function refreshTarget(content: string): string | null {
  const i = content.toLowerCase().indexOf('url');
  if (i < 0) return null;
  return content.slice(i + 3).replace(/^\s*=\s*/, '').replace(/^['"]|['"]$/g, '').trim().slice(0, 500) || null;
}

export function extractFeaturesImpl(page: FetchedPage): PageFeatures {
  const body = page.body ?? new Uint8Array();
  const bytes = body.length;
  const capped = body.length > LIMITS.maxBytes ? body.subarray(0, LIMITS.maxBytes) : body;
  const { text: html, charset } = decodeBody(capped, page.headers?.['content-type']);
  const kind = sniffBody(capped, html);
  if (kind === 'empty' || kind === 'binary') return emptyFeatures(kind, bytes, charset);

  const raw = parsePage(html);
  const base0 = page.finalUrl || page.url || 'https://site.invalid/';
  const base = (raw.baseHref && safeUrl(raw.baseHref, base0)?.href) || base0;

  const links = raw.links.map((l) => {
    const u = safeUrl(l.href.trim(), base);
    const abs = u ? u.href : l.href.slice(0, 500);
    const domain = u && (u.protocol === 'http:' || u.protocol === 'https:') ? domainOfUrl(u.href) : '';
    return { href: abs.slice(0, 500), domain, text: l.text, hidden: l.hidden, ...(l.rel ? { rel: l.rel.slice(0, 60) } : {}) };
  });
  const odd = new Set(raw.oddScripts);
  const scripts: PageFeatures['scripts'] = raw.scripts.map((s, i) => ({ src: (absolute(s, base) ?? s).slice(0, 500), domain: domainOfUrl(s, base), ...(odd.has(i) ? { odd: true } : {}) }));
  const iframes = raw.iframes.map((f) => ({ src: (absolute(f.src, base) ?? f.src).slice(0, 500), domain: domainOfUrl(f.src, base), hidden: f.hidden, ...(f.tiny ? { tiny: true } : {}) }));

  const redirects: PageFeatures['redirects'] = [];
  for (const c of raw.metaRefresh) {
    const t = refreshTarget(c);
    redirects.push({ method: 'meta-refresh', target: t === null ? null : absolute(t, base), snippet: c.slice(0, 200) });
  }
  const suspicious: string[] = [];
  const decoded: string[] = [];
  let refererCheck = false;
  let userAgentCheck = false;
  let mobileCheck = false;
  const obfuscated: string[] = [];
  for (const src of [...raw.inlineScripts, ...raw.handlerScripts]) {
    const f = scanScript(src);
    if (f.obfuscated && obfuscated.length < 10) obfuscated.push(src.slice(0, 160).replace(/\s+/g, ' '));
    for (const l of f.loads) if (scripts.length < LIMITS.maxScripts + 20) scripts.push({ src: (absolute(l, base) ?? l).slice(0, 500), domain: domainOfUrl(l, base), dynamic: true });
    for (const fr of f.frames) if (iframes.length < LIMITS.maxIframes + 10) iframes.push({ src: (absolute(fr.src, base) ?? fr.src).slice(0, 500), domain: domainOfUrl(fr.src, base), hidden: fr.hidden });
    for (const r of f.redirects) if (redirects.length < 20) redirects.push({ ...r, target: r.target === null ? null : absolute(r.target, base) });
    for (const s of f.suspicious) if (suspicious.length < 20) suspicious.push(s.slice(0, 300));
    for (const d of f.decoded) if (decoded.length < 20) decoded.push(d.slice(0, 5000));
    refererCheck ||= f.refererCheck;
    userAgentCheck ||= f.userAgentCheck;
    mobileCheck ||= f.mobileCheck;
  }

  const text = raw.blocks.join('\n').slice(0, LIMITS.maxTextChars);
  const lower = text.toLowerCase();
  const tokens = tokenize(lower, 60_000);
  const th = new SimHasher();
  for (let i = 0; i + 2 < tokens.length; i++) th.add(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  if (tokens.length > 0 && tokens.length < 3) th.add(tokens.join(' '));
  const sh = new SimHasher();
  for (let i = 0; i + 1 < raw.structure.length; i++) sh.add(`${raw.structure[i]}|${raw.structure[i + 1]}`);

  const lang = normaliseLangAttr(raw.htmlLang) || guessLang(text, tokens);
  // Obfuscated document.write payloads are often whole pages: read their text as well.
  // Markup in text/template blocks is inserted at run time: read it like script-written markup.
  for (const t of raw.templates) if (decoded.length < 25) decoded.push(t);
  const decodedText: string[] = [];
  const scriptLinks: NonNullable<PageFeatures['scriptLinks']> = [];
  let parsed = 0;
  for (const d of decoded) {
    if (d.includes('<') && d.includes('>') && parsed < 25) {
      parsed++;
      const inner = parsePage(d.slice(0, 200_000));
      // Scripts in inserted markup load too (jQuery's .html() runs them).
      for (const src of inner.scripts.slice(0, 10)) if (scripts.length < LIMITS.maxScripts + 40) scripts.push({ src: (absolute(src, base) ?? src).slice(0, 500), domain: domainOfUrl(src, base), dynamic: true });
      decodedText.push(inner.title, inner.blocks.join('\n'), inner.hiddenText, inner.links.map((l) => `${l.text} ${l.href}`).join('\n'));
      // Links the script writes into the page (plain document.write or decoded markup).
      for (const l of inner.links) {
        if (scriptLinks.length >= 300) break;
        const u = safeUrl(l.href.trim(), base);
        if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) continue;
        scriptLinks.push({ href: u.href.slice(0, 500), domain: domainOfUrl(u.href), text: l.text.slice(0, 200), ...(l.hidden ? { hidden: true } : {}) });
      }
    } else decodedText.push(d);
  }
  const features: PageFeatures = {
    kind: kind === 'text' ? 'text' : 'html',
    charset,
    bytes,
    title: raw.title.slice(0, 500),
    metaDescription: raw.metaDescription.replace(/\s+/g, ' ').trim().slice(0, 1000),
    metaKeywords: raw.metaKeywords.replace(/\s+/g, ' ').trim().slice(0, 1000),
    canonical: absolute(raw.canonical, base),
    amphtml: absolute(raw.amphtml, base),
    lang,
    blocks: raw.blocks,
    text,
    links,
    scripts,
    iframes,
    redirects,
    suspiciousScripts: suspicious,
    textSimhash: th.hex(),
    structureSimhash: sh.hex(),
    counts: { elements: raw.elements, maxDepth: raw.maxDepth, textChars: raw.textChars },
    limited: raw.limited,
    hiddenText: raw.hiddenText.slice(0, LIMITS.maxHiddenTextChars),
    scriptText: decodedText.join('\n').slice(0, 50_000),
    refererCheck,
    userAgentCheck,
    ...(mobileCheck ? { mobileCheck } : {}),
    ...(obfuscated.length ? { obfuscatedScripts: obfuscated } : {}),
    ...(scriptLinks.length ? { scriptLinks } : {}),
    ogUrl: raw.ogUrl ? absolute(raw.ogUrl, base) ?? '' : '',
    interstitial: null,
  };
  features.interstitial = detectInterstitial(features, raw.inlineScripts, html.slice(0, 8192));
  return features;
}
