/**
 * A complete spam landing page, what cloaking kits serve to Googlebot or to phones instead of
 * the real page. Generated from the lexicon in a few unrelated layouts.
 */
import { escapeHtml } from './html-splice.ts';
import { spamLinks } from './link-blocks.ts';
import type { Rand, SpamLang } from './spam-lexicon.ts';
import { brandName, chance, int, pick, spamDomain, spamKeywords, spamSentence, spamTitle } from './spam-lexicon.ts';

const HTML_LANG: Record<SpamLang, string> = { vi: 'vi', 'vi-ascii': 'vi', id: 'id', en: 'en', zh: 'zh-CN', th: 'th', ja: 'ja', ko: 'ko' };

export function doorwayPage(r: Rand, lang: SpamLang): string {
  const brand = brandName(r);
  const host = spamDomain(r, brand);
  const title = escapeHtml(spamTitle(r, lang, brand));
  const paras = Array.from({ length: int(r, 2, 8) }, () => `<p>${escapeHtml(spamSentence(r, lang, brand))}</p>`).join('\n');
  const links = spamLinks(r, lang, int(r, 3, 40)).html;
  const cta = `<a class="${pick(r, ['btn', 'button', 'cta', 'daftar'])}" href="https://${host}/${pick(r, ['register', 'daftar', 'dang-ky', 'login', ''])}">${escapeHtml(pick(r, ['ĐĂNG KÝ', 'DAFTAR', 'REGISTER', 'LOGIN', '注册', 'สมัคร']))}</a>`;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<meta name="description" content="${escapeHtml(spamSentence(r, lang, brand))}">`,
    chance(r, 0.6) ? `<meta name="keywords" content="${escapeHtml(spamKeywords(r, lang, brand))}">` : '',
    chance(r, 0.5) ? `<link rel="canonical" href="https://${host}/">` : '',
    chance(r, 0.4) ? `<link rel="amphtml" href="https://${spamDomain(r, brand)}/amp/">` : '',
  ].filter(Boolean).join('\n');
  const layouts = [
    `<header><h1>${title}</h1>${cta}</header>\n<main>${paras}</main>\n<footer>${links}</footer>`,
    `<div class="container"><div class="row"><div class="col-md-8"><h1>${title}</h1>${paras}</div><div class="col-md-4">${cta}<div class="links">${links}</div></div></div></div>`,
    `<table width="100%"><tr><td><h2>${title}</h2>${paras}<br>${links}<br>${cta}</td></tr></table>`,
    `<article><h1>${title}</h1><img src="https://${host}/banner.${pick(r, ['jpg', 'webp', 'gif'])}" alt="${escapeHtml(brand)}">${paras}${cta}</article><aside>${links}</aside>`,
  ];
  return `<!DOCTYPE html>\n<html lang="${HTML_LANG[lang]}">\n<head>\n${head}\n</head>\n<body>\n${pick(r, layouts)}\n</body>\n</html>\n`;
}

/** A near-empty page whose only job is to send the visitor on. */
export function redirectStub(r: Rand, url: string, js: string | null): string {
  const body = js ? `<script>${js}</script>` : '';
  const meta = js && chance(r, 0.6) ? '' : `<meta http-equiv="refresh" content="${pick(r, [0, 0, 1])};url=${url}">`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${meta}<title>${pick(r, ['', 'Loading...', 'Redirecting', 'Đang chuyển hướng...'])}</title></head><body>${body}</body></html>`;
}
