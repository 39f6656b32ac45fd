/**
 * Plants one realistic injection into a real page: deterministic for a seed, diverse across
 * seeds (technique, hiding method, language, amount, position, domain shape). The page keeps
 * everything it had; the plant is added or replaces only what kits replace (title, meta,
 * canonical).
 */
import { rng } from '../../bench/fleet/plan.ts';
import type { Position, SplicePage } from './html-splice.ts';
import { closePage, escapeHtml, inPageEncoding, insertAt, listItemEnds, openPage, replaceTitle, setLinkRel, setMeta } from './html-splice.ts';
import type { HideMethod } from './link-blocks.ts';
import { countBucket, HIDE_METHODS, hideBlock, linkCount, spamLinks } from './link-blocks.ts';
import type { Obfuscation } from './script-plants.ts';
import { documentWrite, hiddenUrlRedirect, mobileRedirect, obfuscate, OBFUSCATIONS, plainRedirect, refererRedirect, unescapeWrite } from './script-plants.ts';
import type { Rand, SpamLang } from './spam-lexicon.ts';
import { anchorText, brandName, cdnLikeDomain, chance, int, pick, pickLang, spamDomain, spamKeywords, spamPath, spamSentence, spamTitle } from './spam-lexicon.ts';

export type InjectionTechnique =
  | 'hidden-links' | 'visible-spam' | 'meta-hijack' | 'canonical-hijack' | 'external-script' | 'hidden-iframe'
  | 'js-redirect' | 'referer-redirect' | 'mobile-redirect' | 'obfuscated-script' | 'meta-refresh' | 'seo-kit' | 'blended-links';

export const INJECTION_TECHNIQUES: InjectionTechnique[] = [
  'hidden-links', 'visible-spam', 'meta-hijack', 'canonical-hijack', 'external-script', 'hidden-iframe',
  'js-redirect', 'referer-redirect', 'mobile-redirect', 'obfuscated-script', 'meta-refresh', 'seo-kit', 'blended-links',
];

/** Hidden links are what most kits do; the weights keep them frequent without drowning the rest. */
const WEIGHTED: InjectionTechnique[] = [...INJECTION_TECHNIQUES, 'hidden-links', 'hidden-links', 'visible-spam', 'obfuscated-script', 'seo-kit'];

export interface Planted {
  bytes: Uint8Array;
  /** Short labels (technique, hiding, language, position…) for the per-tag breakdown. */
  tags: string[];
}

interface Ctx {
  r: Rand;
  p: SplicePage;
  lang: SpamLang;
  tags: string[];
}

const BODY_POSITIONS: Position[] = ['body-start', 'inside-block', 'inside-block', 'footer', 'body-end', 'after-html'];
const SCRIPT_POSITIONS: Position[] = ['head-start', 'head-end', 'body-start', 'inside-block', 'body-end', 'after-html'];

function put(c: Ctx, positions: Position[], html: string): void {
  const pos = pick(c.r, positions);
  c.tags.push(`pos:${pos}`);
  insertAt(c.p, pos, html, c.r);
}

function scriptTag(r: Rand, js: string): string {
  return pick(r, ['<script>', '<script type="text/javascript">', '<script language="javascript">', '<script data-cfasync="false">']) + js + '</script>';
}

function spamUrl(c: Ctx): string {
  return `${pick(c.r, ['https://', 'http://'])}${spamDomain(c.r)}${spamPath(c.r, c.lang)}`;
}

function hiddenLinks(c: Ctx, method?: HideMethod): void {
  const m = method ?? pick(c.r, HIDE_METHODS);
  const links = spamLinks(c.r, c.lang, linkCount(c.r));
  const lead = chance(c.r, 0.3) ? `${escapeHtml(spamSentence(c.r, c.lang, brandName(c.r)))} ` : '';
  const block = hideBlock(c.r, m, lead + links.html);
  c.tags.push(`hide:${m}`, `links:${countBucket(links.count)}`, `anchor:${links.disguise}`);
  if (block.css) {
    const style = `<style${chance(c.r, 0.3) ? ' type="text/css"' : ''}>${block.css}</style>`;
    if (chance(c.r, 0.5)) insertAt(c.p, 'head-end', style, c.r);
    else block.html = style + block.html;
  }
  put(c, BODY_POSITIONS, block.html);
}

function visibleSpam(c: Ctx): void {
  const brand = brandName(c.r);
  const n = int(c.r, 1, 4);
  const paras: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = escapeHtml(spamSentence(c.r, c.lang, brand));
    if (chance(c.r, 0.7)) {
      const em = pick(c.r, ['strong', 'b', '']);
      const a = escapeHtml(anchorText(c.r, c.lang, brand));
      s += ` <a href="https://${spamDomain(c.r, brand)}${spamPath(c.r, c.lang)}">${em ? `<${em}>${a}</${em}>` : a}</a>`;
    }
    paras.push(s);
  }
  const wrap = pick(c.r, ['p', 'div', 'article']);
  const html = chance(c.r, 0.5) ? paras.map((s) => `<${wrap}>${s}</${wrap}>`).join('\n') : `<${wrap} class="${pick(c.r, ['entry', 'news-item', 'widget', 'content'])}"><h3>${escapeHtml(spamTitle(c.r, c.lang, brand))}</h3>${paras.join(' ')}</${wrap}>`;
  c.tags.push(`paras:${n}`);
  put(c, ['body-start', 'inside-block', 'inside-block', 'footer', 'body-end'], html);
}

function metaHijack(c: Ctx): void {
  const brand = brandName(c.r);
  const what = int(c.r, 0, 3);
  if (what !== 1) {
    // Kits often keep the real title next to theirs so the search snippet still looks official.
    const old = /<title\b[^>]*>([\s\S]{0,300}?)<\/title\s*>/i.exec(c.p.html)?.[1]?.trim();
    const spam = spamTitle(c.r, c.lang, brand);
    const mode = old && chance(c.r, 0.35) ? pick(c.r, ['prepend', 'append'] as const) : 'replace';
    c.tags.push(`title:${mode}`);
    replaceTitle(c.p, mode === 'prepend' ? `${spam} | ${decodeBasic(old!)}` : mode === 'append' ? `${decodeBasic(old!)} - ${spam}` : spam, c.r);
  }
  if (what !== 0) setMeta(c.p, 'description', `${spamSentence(c.r, c.lang, brand)}`, c.r);
  if (what >= 2) setMeta(c.p, 'keywords', spamKeywords(c.r, c.lang, brand), c.r);
  c.tags.push(`meta:${['title', 'description', 'title+desc', 'all'][what]}`);
}

function canonicalHijack(c: Ctx): void {
  const host = spamDomain(c.r);
  const which = pick(c.r, ['canonical', 'amphtml', 'both'] as const);
  if (which !== 'amphtml') setLinkRel(c.p, 'canonical', `https://${host}${spamPath(c.r, c.lang)}`, c.r);
  if (which !== 'canonical') setLinkRel(c.p, 'amphtml', `https://${chance(c.r, 0.5) ? host : spamDomain(c.r)}/amp/`, c.r);
  c.tags.push(`rel:${which}`);
}

function externalScript(c: Ctx): void {
  const host = chance(c.r, 0.6) ? cdnLikeDomain(c.r) : spamDomain(c.r);
  const file = pick(c.r, ['jquery.min.js', 'js/main.js', 'analytics.js', 'wp-includes/js/jquery/jquery-migrate.min.js', `${int(c.r, 1000, 9999)}.js`, 'static/app.js?ver=3.2']);
  const src = `${pick(c.r, ['https://', '//', 'http://'])}${host}/${file}`;
  const html = chance(c.r, 0.7)
    ? `<script ${pick(c.r, ['', 'async ', 'defer ', 'type="text/javascript" '])}src="${src}"></script>`
    : scriptTag(c.r, `var s=document.createElement("script");s.src="${src}";s.async=true;document.getElementsByTagName("head")[0].appendChild(s);`);
  c.tags.push(`script-host:${host.includes('cdn') || host.includes('jquery') || host.includes('analytics') ? 'cdn-like' : 'spam'}`);
  put(c, SCRIPT_POSITIONS, html);
}

function hiddenIframe(c: Ctx): void {
  const src = spamUrl(c);
  const attrs = pick(c.r, [
    'width="0" height="0" frameborder="0"',
    'style="display:none"',
    'width="1" height="1" style="border:0;visibility:hidden"',
    'style="position:absolute;left:-2000px;top:-2000px;width:10px;height:10px"',
    'width="0" height="0" style="display:none;visibility:hidden"',
  ]);
  put(c, BODY_POSITIONS, `<iframe src="${src}" ${attrs}></iframe>`);
}

function jsRedirect(c: Ctx): void {
  put(c, SCRIPT_POSITIONS, scriptTag(c.r, chance(c.r, 0.8) ? plainRedirect(c.r, spamUrl(c)) : hiddenUrlRedirect(c.r, spamUrl(c))));
}

function obfuscatedScript(c: Ctx): void {
  const how: Obfuscation | 'unescape-write' = chance(c.r, 0.2) ? 'unescape-write' : pick(c.r, OBFUSCATIONS);
  c.tags.push(`obf:${how}`);
  const payloadKind = pick(c.r, ['redirect', 'referer-redirect', 'links'] as const);
  c.tags.push(`payload:${payloadKind}`);
  const links = () => hideBlock(c.r, pick(c.r, ['display-none', 'offscreen', 'font-size-0', 'height-0'] as HideMethod[]), spamLinks(c.r, c.lang, linkCount(c.r)).html).html;
  let js: string;
  if (how === 'unescape-write') {
    js = payloadKind === 'links' ? unescapeWrite(links()) : unescapeWrite(scriptTag(c.r, payloadKind === 'redirect' ? plainRedirect(c.r, spamUrl(c)) : refererRedirect(c.r, spamUrl(c))));
  } else {
    const inner = payloadKind === 'redirect' ? plainRedirect(c.r, spamUrl(c)) : payloadKind === 'referer-redirect' ? refererRedirect(c.r, spamUrl(c)) : documentWrite(c.r, links());
    js = obfuscate(c.r, how, inner);
  }
  put(c, SCRIPT_POSITIONS, scriptTag(c.r, js));
}

function metaRefresh(c: Ctx): void {
  const delay = pick(c.r, [0, 0, 1, 3, 5]);
  const url = spamUrl(c);
  const content = pick(c.r, [`${delay};url=${url}`, `${delay}; URL=${url}`, `${delay};URL='${url}'`]);
  const tag = pick(c.r, [`<meta http-equiv="refresh" content="${content}">`, `<meta http-equiv="Refresh" content="${content}" />`, `<META HTTP-EQUIV="REFRESH" CONTENT="${content}">`]);
  put(c, ['head-start', 'head-end', 'head-end', 'body-start'], tag);
}

/** The page's own title text back from markup, so it can be re-escaped with the spam. */
function decodeBasic(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Visible links slipped into an existing list or run of links (a "partner sites" box, the footer). */
function blendedLinks(c: Ctx): void {
  const n = int(c.r, 1, 8);
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const brand = brandName(c.r);
    items.push(`<a href="https://${spamDomain(c.r, brand)}${spamPath(c.r, c.lang)}">${escapeHtml(anchorText(c.r, c.lang, brand))}</a>`);
  }
  const lis = listItemEnds(c.p.html);
  if (lis.length) {
    const at = pick(c.r, lis);
    c.tags.push('pos:in-list');
    c.p.html = c.p.html.slice(0, at) + inPageEncoding(c.p, items.map((a) => `<li>${a}</li>`).join('')) + c.p.html.slice(at);
  } else put(c, ['inside-block', 'footer'], items.join(' | '));
  c.tags.push(`links:${countBucket(n)}`);
}

function apply(c: Ctx, t: InjectionTechnique): void {
  switch (t) {
    case 'hidden-links': return hiddenLinks(c);
    case 'visible-spam': return visibleSpam(c);
    case 'meta-hijack': return metaHijack(c);
    case 'canonical-hijack': return canonicalHijack(c);
    case 'external-script': return externalScript(c);
    case 'hidden-iframe': return hiddenIframe(c);
    case 'js-redirect': return jsRedirect(c);
    case 'referer-redirect': return put(c, SCRIPT_POSITIONS, scriptTag(c.r, refererRedirect(c.r, spamUrl(c))));
    case 'mobile-redirect': return put(c, SCRIPT_POSITIONS, scriptTag(c.r, mobileRedirect(c.r, spamUrl(c))));
    case 'obfuscated-script': return obfuscatedScript(c);
    case 'meta-refresh': return metaRefresh(c);
    case 'blended-links': return blendedLinks(c);
    case 'seo-kit':
      // The common full kit: spam title/meta for the search snippet plus a hidden link farm.
      metaHijack(c);
      hiddenLinks(c);
      if (chance(c.r, 0.4)) canonicalHijack(c);
      return;
  }
}

export function plantInjection(page: Uint8Array, seed: number, technique?: InjectionTechnique): Planted {
  const r = rng(seed);
  const t = technique ?? pick(r, WEIGHTED);
  const c: Ctx = { r, p: openPage(page), lang: pickLang(r), tags: [`tech:${t}`] };
  c.tags.push(`lang:${c.lang}`);
  apply(c, t);
  return { bytes: closePage(c.p), tags: [...new Set(c.tags)] };
}
