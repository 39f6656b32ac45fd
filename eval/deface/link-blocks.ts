/**
 * Blocks of spam links as SEO kits write them: a number of links (1 … 200) to one domain or a
 * network of domains, hidden in one of the many ways browsers honour and crawlers ignore.
 */
import { escapeHtml } from './html-splice.ts';
import type { Rand, SpamLang } from './spam-lexicon.ts';
import { anchorText, brandName, chance, int, pick, spamDomain, spamPath } from './spam-lexicon.ts';

export type HideMethod =
  | 'display-none' | 'offscreen' | 'font-size-0' | 'height-0' | 'css-class' | 'marquee' | 'visibility-hidden'
  | 'hidden-attr' | 'opacity-0' | 'text-indent' | 'clip' | 'noscript' | 'tiny-color';

export const HIDE_METHODS: HideMethod[] = [
  'display-none', 'offscreen', 'font-size-0', 'height-0', 'css-class', 'marquee', 'visibility-hidden', 'hidden-attr', 'opacity-0',
  'text-indent', 'clip', 'noscript', 'tiny-color',
];

export interface LinkSet {
  html: string;
  domains: string[];
  count: number;
  /** How the anchor texts were disguised from keyword filters ('plain' when not). */
  disguise: Disguise;
}

export type Disguise = 'plain' | 'entities' | 'zero-width' | 'upper';

/** Kits dodge keyword filters: numeric entities, zero-width spaces inside words, shouting. */
export function disguiseText(r: Rand, how: Disguise, escaped: string): string {
  if (how === 'plain') return escaped;
  // Existing entities (&amp; …) pass through untouched; only the text between them is disguised.
  return escaped
    .split(/(&[#a-zA-Z0-9]{1,10};)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      if (how === 'entities') return part.replace(/\S/gu, (c) => `&#${c.codePointAt(0)};`);
      if (how === 'upper') return part.toUpperCase();
      return part.replace(/(\S)(?=\S)/gu, (c) => (r() < 0.5 ? `${c}\u200b` : c));
    })
    .join('');
}

export function pickDisguise(r: Rand): Disguise {
  const x = r();
  return x < 0.7 ? 'plain' : x < 0.8 ? 'entities' : x < 0.9 ? 'zero-width' : 'upper';
}

/** How many links: mostly small blocks, sometimes the 100+ link farms. */
export function linkCount(r: Rand): number {
  const x = r();
  if (x < 0.15) return 1;
  if (x < 0.4) return int(r, 2, 5);
  if (x < 0.7) return int(r, 6, 20);
  if (x < 0.9) return int(r, 21, 60);
  return int(r, 61, 200);
}

export function countBucket(n: number): string {
  return n === 1 ? '1' : n <= 5 ? '2-5' : n <= 20 ? '6-20' : n <= 60 ? '21-60' : '61-200';
}

/** The links themselves, without any hiding. */
export function spamLinks(r: Rand, lang: SpamLang, n: number): LinkSet {
  const mode = pick(r, ['one-domain', 'one-domain', 'few-domains', 'network'] as const);
  const pool: { domain: string; brand: string }[] = [];
  const poolSize = mode === 'one-domain' ? 1 : mode === 'few-domains' ? int(r, 2, 4) : Math.max(1, Math.min(n, int(r, 5, 60)));
  for (let i = 0; i < poolSize; i++) {
    const brand = brandName(r);
    pool.push({ domain: spamDomain(r, brand), brand });
  }
  const scheme = pick(r, ['https://', 'https://', 'http://', '//']);
  const sep = pick(r, [' ', ' | ', '<br>', ', ', '\n', '', ' - ']);
  const asList = chance(r, 0.25);
  const extra = pick(r, ['', ' target="_blank"', ' rel="dofollow"', ' title="{a}"', ' rel="nofollow noopener"']);
  const disguise = pickDisguise(r);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = pool[mode === 'network' ? i % pool.length : int(r, 0, pool.length - 1)]!;
    const a = escapeHtml(anchorText(r, lang, t.brand));
    const link = `<a href="${scheme}${t.domain}${spamPath(r, lang)}"${extra.replace('{a}', a)}>${disguiseText(r, disguise, a)}</a>`;
    parts.push(asList ? `<li>${link}</li>` : link);
  }
  const html = asList ? `<ul>${parts.join('')}</ul>` : parts.join(sep);
  return { html, domains: [...new Set(pool.map((p) => p.domain))], count: n, disguise };
}

const CLASS_NAMES = ['footer-partner', 'sp-links', 'wp-block-links', 'textwidget', 'lnk-ft', 'partner-box', 'bottom-seo', 'tag-cloud-x', 'd-hide', 'ads-link'];

/** Wraps content so that a browser shows nothing of it. Returns the markup and any CSS rule it needs elsewhere. */
export function hideBlock(r: Rand, method: HideMethod, inner: string): { html: string; css: string | null } {
  const tag = pick(r, ['div', 'div', 'p', 'span', 'section']);
  const cls = `${pick(r, CLASS_NAMES)}${chance(r, 0.5) ? `-${int(r, 1, 99)}` : ''}`;
  const styled = (style: string) => ({ html: `<${tag} style="${style}">${inner}</${tag}>`, css: null });
  switch (method) {
    case 'display-none':
      return styled(pick(r, ['display:none', 'display: none;', 'DISPLAY:NONE', 'display:none !important']));
    case 'offscreen':
      return styled(pick(r, ['position:absolute;left:-9999px', 'position:absolute; top:-5000px; left:-5000px;', 'position:fixed;left:-10000px;top:0', 'position:absolute;margin-left:-99999px']));
    case 'font-size-0':
      return styled(pick(r, ['font-size:0', 'font-size:0px;line-height:0', 'font-size:1px;line-height:0;color:transparent']));
    case 'height-0':
      return styled(pick(r, ['height:0;overflow:hidden', 'height:0px;width:0px;overflow:hidden', 'max-height:0;overflow:hidden', 'height:1px;overflow:hidden']));
    case 'css-class':
      return { html: `<${tag} class="${cls}">${inner}</${tag}>`, css: `.${cls}{${pick(r, ['display:none', 'position:absolute;left:-9999px', 'visibility:hidden', 'height:0;overflow:hidden'])}}` };
    case 'marquee':
      return { html: `<marquee ${pick(r, ['style="width:1px;height:1px"', 'width="1" height="1"', 'style="position:absolute;width:0px;height:0px" scrollamount="1000"', 'height="0"'])}>${inner}</marquee>`, css: null };
    case 'visibility-hidden':
      return styled(pick(r, ['visibility:hidden', 'visibility: hidden; position: absolute']));
    case 'hidden-attr':
      return { html: `<${tag} hidden>${inner}</${tag}>`, css: null };
    case 'opacity-0':
      return styled(pick(r, ['opacity:0;position:absolute;z-index:-1', 'opacity:0.01;height:1px;overflow:hidden']));
    case 'text-indent':
      return styled('text-indent:-9999px;overflow:hidden;white-space:nowrap;width:1px');
    case 'clip':
      return styled(pick(r, ['position:absolute;clip:rect(0,0,0,0);width:1px;height:1px', 'position:absolute;clip-path:inset(50%);width:1px;height:1px;overflow:hidden']));
    case 'noscript':
      return { html: `<noscript>${inner}</noscript>`, css: null };
    case 'tiny-color':
      return styled(pick(r, ['font-size:2px;color:#ffffff', 'font-size:1px;color:#fefefe;line-height:1px']));
  }
}
