/**
 * Cloaking: the page a desktop visitor (and the site's admin) gets stays the real one; what
 * differs is what Googlebot, a visitor arriving from a search, or a phone gets. Also the benign
 * variants a healthy site produces (identical copies, a cached older version, a mobile layout,
 * rotated nonces) so that false alarms on variants are measured too.
 */
import { rng } from '../../bench/fleet/plan.ts';
import { doorwayPage, redirectStub } from './doorway-page.ts';
import type { Position } from './html-splice.ts';
import { closePage, escapeHtml, insertAt, openPage, replaceTitle, setMeta } from './html-splice.ts';
import { countBucket, linkCount, spamLinks } from './link-blocks.ts';
import { hiddenUrlRedirect, mobileRedirect, obfuscate, OBFUSCATIONS, plainRedirect } from './script-plants.ts';
import type { Rand, SpamLang } from './spam-lexicon.ts';
import { anchorText, brandName, chance, int, pick, pickLang, spamDomain, spamPath, spamSentence, spamTitle } from './spam-lexicon.ts';

export type CloakVariant = 'googlebot' | 'referer' | 'mobile';
export type Variants = Partial<Record<CloakVariant, Uint8Array>>;

export type CloakTechnique = 'bot-links' | 'bot-text' | 'bot-doorway' | 'referer-redirect' | 'referer-stub' | 'mobile-redirect' | 'mobile-doorway' | 'bot-and-referer';

export const CLOAK_TECHNIQUES: CloakTechnique[] = ['bot-links', 'bot-text', 'bot-doorway', 'referer-redirect', 'referer-stub', 'mobile-redirect', 'mobile-doorway', 'bot-and-referer'];

export interface CloakPlant {
  variants: Variants;
  tags: string[];
}

const enc = (s: string) => new TextEncoder().encode(s);
const BODY: Position[] = ['body-start', 'inside-block', 'inside-block', 'footer', 'body-end'];

function spamUrl(r: Rand, lang: SpamLang): string {
  return `https://${spamDomain(r)}${spamPath(r, lang)}`;
}

/** Bots get the page plus spam links in plain sight (no need to hide from a crawler). */
function botLinks(r: Rand, page: Uint8Array, lang: SpamLang, tags: string[]): Uint8Array {
  const p = openPage(page);
  const links = spamLinks(r, lang, linkCount(r));
  tags.push(`links:${countBucket(links.count)}`);
  const html = chance(r, 0.5) ? `<div class="${pick(r, ['partners', 'links', 'footer-links', 'tags'])}">${links.html}</div>` : `<p>${links.html}</p>`;
  insertAt(p, pick(r, BODY), html, r);
  return closePage(p);
}

/** Bots get a spam title/description and paragraphs woven into the real page. */
function botText(r: Rand, page: Uint8Array, lang: SpamLang): Uint8Array {
  const p = openPage(page);
  const brand = brandName(r);
  if (chance(r, 0.7)) replaceTitle(p, spamTitle(r, lang, brand), r);
  if (chance(r, 0.6)) setMeta(p, 'description', spamSentence(r, lang, brand), r);
  const n = int(r, 1, 5);
  for (let i = 0; i < n; i++) {
    const link = chance(r, 0.6) ? ` <a href="https://${spamDomain(r, brand)}/">${escapeHtml(anchorText(r, lang, brand))}</a>` : '';
    insertAt(p, pick(r, BODY), `<p>${escapeHtml(spamSentence(r, lang, brand))}${link}</p>`, r);
  }
  return closePage(p);
}

/** The real page with a redirect added: script (plain, conditional-free, obfuscated) or meta refresh. */
function withRedirect(r: Rand, page: Uint8Array, url: string, tags: string[], mobile: boolean): Uint8Array {
  const p = openPage(page);
  const how = pick(r, ['script', 'script', 'obfuscated', 'meta-refresh', 'hidden-url'] as const);
  tags.push(`redirect:${how}`);
  let html: string;
  if (how === 'meta-refresh') html = `<meta http-equiv="refresh" content="${pick(r, [0, 1, 2])};url=${url}">`;
  else {
    const js = how === 'hidden-url' ? hiddenUrlRedirect(r, url) : mobile && chance(r, 0.3) ? mobileRedirect(r, url) : plainRedirect(r, url);
    html = `<script>${how === 'obfuscated' ? obfuscate(r, pick(r, OBFUSCATIONS), js) : js}</script>`;
  }
  insertAt(p, pick(r, ['head-start', 'head-end', 'body-start', 'body-end'] as Position[]), html, r);
  return closePage(p);
}

function stub(r: Rand, url: string, tags: string[]): Uint8Array {
  const how = pick(r, ['meta', 'script', 'obfuscated'] as const);
  tags.push(`stub:${how}`);
  const js = how === 'meta' ? null : how === 'script' ? plainRedirect(r, url) : obfuscate(r, pick(r, OBFUSCATIONS), plainRedirect(r, url));
  return enc(redirectStub(r, url, js));
}

export function plantCloaking(page: Uint8Array, seed: number, technique?: CloakTechnique): CloakPlant {
  const r = rng(seed);
  const t = technique ?? pick(r, CLOAK_TECHNIQUES);
  const lang = pickLang(r);
  const tags = [`tech:${t}`, `lang:${lang}`];
  const v: Variants = {};
  switch (t) {
    case 'bot-links': v.googlebot = botLinks(r, page, lang, tags); break;
    case 'bot-text': v.googlebot = botText(r, page, lang); break;
    case 'bot-doorway': v.googlebot = enc(doorwayPage(r, lang)); break;
    case 'referer-redirect': v.referer = withRedirect(r, page, spamUrl(r, lang), tags, false); break;
    case 'referer-stub': v.referer = stub(r, spamUrl(r, lang), tags); break;
    case 'mobile-redirect': v.mobile = chance(r, 0.7) ? withRedirect(r, page, spamUrl(r, lang), tags, true) : stub(r, spamUrl(r, lang), tags); break;
    case 'mobile-doorway': v.mobile = enc(doorwayPage(r, lang)); break;
    case 'bot-and-referer':
      v.googlebot = chance(r, 0.5) ? botLinks(r, page, lang, tags) : enc(doorwayPage(r, lang));
      v.referer = chance(r, 0.5) ? withRedirect(r, page, spamUrl(r, lang), tags, false) : stub(r, spamUrl(r, lang), tags);
      break;
  }
  // A monitor usually fetches every variant: the untouched ones come back as the real page.
  for (const name of ['googlebot', 'referer', 'mobile'] as const) if (!v[name] && chance(r, 0.6)) v[name] = page;
  return { variants: v, tags };
}

/** A plausible mobile template of the same content: other classes, no sidebar, fewer teasers, a menu button. */
export function mobileLayout(r: Rand, page: Uint8Array): Uint8Array {
  const p = openPage(page);
  let html = p.html;
  if (!/<meta[^>]{0,200}name=["']?viewport/i.test(html)) html = html.replace(/<head\b[^>]*>/i, (m) => `${m}<meta name="viewport" content="width=device-width, initial-scale=1">`);
  html = html.replace(/\bclass="([^"]{0,300})"/g, (_m, c: string) => `class="${c.split(/\s+/).filter(Boolean).map((x) => `m-${x}`).join(' ')}"`);
  html = html.replace(/<aside\b[^>]*>[\s\S]{0,60000}?<\/aside>/gi, '');
  const dropShare = 0.1 + r() * 0.25;
  html = html.replace(/<li\b[^>]*>(?:(?!<\/?li\b)[\s\S]){0,3000}<\/li>/gi, (m) => (r() < dropShare ? '' : m));
  html = html.replace(/<body\b[^>]*>/i, (m) => `${m}<button class="m-menu" aria-label="menu">&#9776;</button>`);
  p.html = html;
  return closePage(p);
}

/** Cache busters and nonces rotate on every response of a healthy dynamic site. */
function rotateNonces(r: Rand, page: Uint8Array): Uint8Array {
  const p = openPage(page);
  p.html = p.html
    .replace(/([?&](?:v|ver|t|ts|cb|_)=)(\d{1,16})/g, (_m, k: string, n: string) => `${k}${(BigInt(n) + BigInt(int(r, 1, 999))).toString()}`)
    .replace(/\bnonce="([A-Za-z0-9+/=_-]{4,100})"/g, (_m, n: string) => `nonce="${[...n].reverse().join('')}"`);
  return closePage(p);
}

export type BenignKind = 'identical' | 'stale' | 'mobile-layout' | 'nonce';

/** Variants of a healthy page: what a monitor sees when nothing is cloaked. */
export function benignVariants(page: Uint8Array, previous: Uint8Array | null, seed: number): CloakPlant {
  const r = rng(seed);
  const v: Variants = {};
  const tags: string[] = [];
  const kinds: BenignKind[] = previous ? ['identical', 'stale', 'mobile-layout', 'nonce'] : ['identical', 'mobile-layout', 'nonce'];
  for (const name of ['googlebot', 'referer', 'mobile'] as const) {
    if (!chance(r, 0.75)) continue;
    const k = name === 'mobile' && chance(r, 0.6) ? 'mobile-layout' : pick(r, kinds);
    v[name] = k === 'identical' ? page : k === 'stale' ? previous! : k === 'mobile-layout' ? mobileLayout(r, page) : rotateNonces(r, page);
    tags.push(`benign:${name}-${k}`);
  }
  if (tags.length === 0) {
    v.mobile = mobileLayout(r, page);
    tags.push('benign:mobile-mobile-layout');
  }
  return { variants: v, tags };
}
