/**
 * Reads inline scripts for what an attacker puts there: location changes (redirects), referer
 * and user-agent checks (cloaking done in the browser), and simple obfuscation (atob of base64,
 * String.fromCharCode lists, \x / \u / %-escapes) hiding either. Decoded payloads are scanned
 * once more and returned so the spam lexicons can read them too. All scanning is indexOf over
 * capped strings plus regexes on short slices.
 */

import { foldScript } from './js-fold.ts';

export interface ScriptFinding {
  redirects: { method: 'script' | 'obfuscated-script'; target: string | null; snippet: string; indirect?: boolean }[];
  suspicious: string[];
  /** Text recovered from obfuscation (atob, fromCharCode, escapes), capped. */
  decoded: string[];
  refererCheck: boolean;
  userAgentCheck: boolean;
  /** The script tests for a phone (userAgent against Android/iPhone, touch support, a narrow screen) and changes location. */
  mobileCheck: boolean;
  /** The script hides what it does: a packer, eval/Function of a built or decoded string, a URL assembled from pieces. */
  obfuscated: boolean;
  /** http(s) URLs (or //host paths) that only appear once the script's strings are decoded / assembled, capped. */
  hiddenUrls: string[];
  /** Markup the script writes (document.write, innerHTML…), capped. */
  written: string[];
  /** Script URLs the script loads itself (createElement('script') + .src = …), capped. */
  loads: string[];
  /** Frames the script creates (createElement('iframe') + .src = …), with whether it also hides them. */
  frames: { src: string; hidden: boolean }[];
}

const MAX_DECODED = 20_000;
const MAX_HITS = 40;

function snippetAround(s: string, i: number, before = 40, after = 120): string {
  return s.slice(Math.max(0, i - before), i + after).replace(/\s+/g, ' ');
}

/** First quoted literal at the start of `s` (after spaces/parens), unescaped simply. */
function leadingLiteral(s: string): string | null {
  const m = /^[\s(]*(?:[\w.$]+\s*\+\s*)?(["'`])([^"'`\n]{1,400})\1/.exec(s.slice(0, 500));
  return m ? m[2]! : null;
}

/** Decodes the simple call forms a redirect target hides behind: atob("…"), unescape("…"), String.fromCharCode(…). */
function callTarget(s: string): string | null {
  const m = /^[\s(]*(?:window\.)?(atob|unescape|decodeURIComponent|decodeURI|String\.fromCharCode)\s*\(\s*/.exec(s.slice(0, 80));
  if (!m) return null;
  const rest = s.slice(m[0].length, m[0].length + 8000);
  if (m[1] === 'String.fromCharCode') {
    const close = rest.indexOf(')');
    const inner = close > 0 ? rest.slice(0, close) : '';
    return /^[\s0-9a-fA-Fx,]+$/.test(inner) ? decodeCharCodes(inner) : null;
  }
  const lit = /^(["'`])([^"'`\n]{1,6000})\1/.exec(rest)?.[2];
  if (!lit) return null;
  return m[1] === 'atob' ? decodeBase64(lit, 4) : unescapePercent(lit);
}

/** `location = "…"`, `location.href = "…"`, `location.replace("…")`, `.assign(`, `window.open(`. */
function findLocationChanges(src: string, method: 'script' | 'obfuscated-script', out: ScriptFinding['redirects']): void {
  let from = 0;
  for (let n = 0; n < MAX_HITS; n++) {
    const i = src.indexOf('location', from);
    if (i < 0) break;
    from = i + 8;
    const after = src.slice(i + 8, i + 600);
    let m = /^\s*(?:\.href\s*)?=(?!=)/.exec(after);
    let rest: string | null = null;
    if (m) rest = after.slice(m[0].length);
    else if ((m = /^\s*\.(?:replace|assign)\s*\(/.exec(after))) rest = after.slice(m[0].length);
    else if ((m = /^\s*\[\s*["'](?:href|replace|assign)["']\s*\]\s*(?:=(?!=)|\()/.exec(after))) rest = after.slice(m[0].length);
    if (rest === null) continue;
    // Reading location.href into a variable is not a change; "x = location.href" is excluded by requiring the '=' after.
    const target = leadingLiteral(rest) ?? callTarget(rest);
    out.push({ method, target, snippet: snippetAround(src, i) });
  }
  from = 0;
  for (let n = 0; n < 10; n++) {
    const i = src.indexOf('window.open(', from);
    if (i < 0) break;
    from = i + 12;
    const target = leadingLiteral(src.slice(i + 12, i + 500));
    if (target && /^https?:\/\//i.test(target)) out.push({ method, target, snippet: snippetAround(src, i) });
  }
}

function decodeBase64(lit: string, min = 16): string | null {
  if (lit.length < min || lit.length > MAX_DECODED || !/^[A-Za-z0-9+/=_-]+$/.test(lit)) return null;
  try {
    const t = Buffer.from(lit, 'base64').toString('utf8');
    let printable = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if ((c >= 0x20 && c < 0x7f) || c === 10 || c === 13 || c === 9 || c > 0xa0) printable++;
    }
    return printable >= t.length * 0.9 ? t : null;
  } catch {
    return null;
  }
}

function decodeCharCodes(list: string): string | null {
  const nums = list.split(',');
  if (nums.length < 4) return null;
  let s = '';
  for (const x of nums.slice(0, 4000)) {
    const v = x.trim().startsWith('0x') ? parseInt(x.trim(), 16) : parseInt(x.trim(), 10);
    if (!Number.isFinite(v) || v < 0 || v > 0xffff) return null;
    s += String.fromCharCode(v);
  }
  return s;
}

function unescapeJs(s: string): string {
  return s
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function unescapePercent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

function collectDecoded(src: string, decoded: string[], suspicious: string[]): void {
  const push = (kind: string, text: string | null, at: number) => {
    if (!text || decoded.length >= 20) return;
    decoded.push(text.slice(0, MAX_DECODED));
    if (suspicious.length < 20) suspicious.push(`${kind}: ${snippetAround(src, at, 20, 100)}`);
  };
  let from = 0;
  for (let n = 0; n < MAX_HITS; n++) {
    const i = src.indexOf('atob(', from);
    if (i < 0) break;
    from = i + 5;
    const lit = leadingLiteral(src.slice(i + 5, i + 5 + MAX_DECODED + 10)) ?? /^\s*["'`]([A-Za-z0-9+/=]{16,20000})["'`]/.exec(src.slice(i + 5, i + 5 + MAX_DECODED + 10))?.[1] ?? null;
    if (lit) push('atob', decodeBase64(lit), i);
  }
  from = 0;
  for (let n = 0; n < MAX_HITS; n++) {
    const i = src.indexOf('fromCharCode(', from);
    if (i < 0) break;
    from = i + 13;
    const close = src.indexOf(')', i + 13);
    if (close < 0 || close - i > 40_000) continue;
    const inner = src.slice(i + 13, close);
    if (/^[\s0-9a-fA-Fx,]+$/.test(inner)) push('fromCharCode', decodeCharCodes(inner), i);
  }
  from = 0;
  for (let n = 0; n < MAX_HITS; n++) {
    const i = src.indexOf('unescape(', from);
    if (i < 0) break;
    from = i + 9;
    // Whole pages hide in one %-escaped literal: take its first part when it is longer than the cap.
    const m = /^\s*["'`]([^"'`]{6,60000})/.exec(src.slice(i + 9, i + 9 + 60_010));
    const lit = m?.[1];
    if (lit && lit.includes('%')) push('unescape', unescapePercent(lit).slice(0, MAX_DECODED), i);
  }
  // String literals made of \x escapes hide URLs and keywords from a naive grep.
  from = 0;
  for (let n = 0; n < MAX_HITS; n++) {
    const i = src.indexOf('\\x', from);
    if (i < 0) break;
    const end = Math.min(src.length, i + 4000);
    let j = i;
    while (j < end && src.startsWith('\\x', j)) j += 4;
    from = Math.max(j, i + 2);
    if (j - i >= 24) push('hex-escape', unescapeJs(src.slice(i, j)), i);
  }
}

const BOT_WORDS = ['googlebot', 'bingbot', 'spider', 'crawler', 'bot|', '/bot/', 'slurp', 'yandex', 'baidu', 'coccoc'];
const MOBILE_WORDS = ['android', 'iphone', 'ipad', 'ipod', 'mobile', 'mobi', 'blackberry', 'opera mini', 'iemobile'];
const ENGINE_WORDS = ['google', 'bing', 'yahoo', 'coccoc', 'yandex', 'baidu', 'duckduckgo'];

function nearAny(src: string, i: number, words: string[], radius = 300): boolean {
  const win = src.slice(Math.max(0, i - radius), i + radius).toLowerCase();
  return words.some((w) => win.includes(w));
}

const URL_RE = /(?:https?:)?\/\/[a-z0-9][a-z0-9.-]{0,200}\.[a-z]{2,24}(?::[0-9]{1,5})?(?:[/?#][^\s"'<>()]{0,300})?/gi;

/** URLs in decoded / assembled text whose host the script source does not spell out: hidden ones. */
function urlsIn(s: string, into: string[], src: string): void {
  URL_RE.lastIndex = 0;
  const t = s.slice(0, 20_000);
  for (let m = URL_RE.exec(t); m && into.length < 10; m = URL_RE.exec(t)) {
    const u = m[0].startsWith('//') ? `https:${m[0]}` : m[0];
    const host = /^(?:https?:)?\/\/([^/?#:]+)/i.exec(m[0])?.[1] ?? '';
    if (!host || src.includes(host)) continue;
    if (!into.includes(u)) into.push(u);
  }
}

/** How a script hides a frame it creates (checked on lower-cased code without spaces). */
const FRAME_HIDING = ["display='none'", 'display="none"', 'display:none', "visibility='hidden'", 'visibility="hidden"', 'visibility:hidden', ".width='0'", '.width="0"', '.width=0', ".height='0'", '.height="0"', '.height=0', ".width='1'", '.width="1"', '.width=1;', ".height='1'", '.height="1"', '.height=1;', 'width:0', 'height:0', "'width','0'", '"width","0"', "'height','0'", '"height","0"'];

/** Scripts without any of these cannot build a redirect, a write or an eval worth folding. */
const FOLD_MARKERS = ['location', 'write', 'eval', 'Function', 'HTML', 'reverse', 'join', 'open(', '\\x', '\\u0', 'atob', 'fromCharCode', 'unescape'];

export function scanScript(src: string, depth = 0): ScriptFinding {
  const f: ScriptFinding = { redirects: [], suspicious: [], decoded: [], refererCheck: false, userAgentCheck: false, mobileCheck: false, obfuscated: false, hiddenUrls: [], written: [], loads: [], frames: [] };
  const fold = depth < 3 && FOLD_MARKERS.some((m) => src.includes(m)) ? foldScript(src) : null;
  const text = fold?.text || src;
  for (const v of fold?.recovered ?? []) urlsIn(v, f.hiddenUrls, src);
  const found: ScriptFinding['redirects'] = [];
  findLocationChanges(text, depth > 0 ? 'obfuscated-script' : 'script', found);
  // Targets written right after the location change in the source itself (not through a variable).
  const direct = new Set<string>();
  if (fold?.text && depth === 0) {
    const raw: ScriptFinding['redirects'] = [];
    findLocationChanges(src, 'script', raw);
    for (const r of raw) if (r.target) direct.add(r.target);
  }
  for (const r of found) {
    // A target that is not in the source as written was assembled or decoded: obfuscated.
    if (r.target && !src.includes(r.target) && !src.replace(/\\\//g, '/').includes(r.target)) r.method = 'obfuscated-script';
    // A plain URL reached through a variable ("location.href = loginUrl"): a site's own button code as often as not.
    else if (r.target && fold?.text && depth === 0 && !direct.has(r.target)) r.indirect = true;
    // location.href = <something computed> while the script assembles a URL from pieces: that URL.
    if (!r.target && f.hiddenUrls.length) { r.target = f.hiddenUrls[0]!; r.method = 'obfuscated-script'; }
    f.redirects.push(r);
  }
  if (fold) {
    if (fold.packer) f.suspicious.push(`packer: ${snippetAround(src, Math.max(0, src.indexOf('function(p,a,c,k')), 0, 120)}`);
    if (fold.evalOfBuilt) f.suspicious.push(`eval of a built string: ${snippetAround(src, Math.max(0, src.indexOf('eval')), 0, 120)}`);
    f.obfuscated = fold.packer || fold.evalOfBuilt || f.hiddenUrls.length > 0;
    for (const w of fold.written) f.written.push(w);
  }
  if (text.includes('createElement') && text.includes('src')) {
    let at = 0;
    for (let n = 0; n < 10; n++) {
      const i = text.indexOf('.src', at);
      if (i < 0) break;
      at = i + 4;
      const m = /^\s*=\s*(["'`])([^"'`\s]{4,500})\1/.exec(text.slice(i + 4, i + 520));
      if (!m || !/^(?:https?:)?\/\//i.test(m[2]!)) continue;
      const u = m[2]!.startsWith('//') ? `https:${m[2]}` : m[2]!;
      // Which element this .src belongs to: the nearest createElement before it.
      const ce = text.lastIndexOf('createElement', i);
      const what = ce >= 0 ? text.slice(ce + 13, ce + 30).toLowerCase() : '';
      if (what.includes('iframe')) {
        const around = text.slice(Math.max(0, i - 400), i + 600).toLowerCase().replace(/\s+/g, '');
        const hidden = FRAME_HIDING.some((h) => around.includes(h));
        if (f.frames.length < 10) f.frames.push({ src: u, hidden });
      } else if (f.loads.length < 10) f.loads.push(u);
    }
  }
  const r = src.indexOf('document.referrer');
  if (r >= 0 && nearAny(src, r, ENGINE_WORDS)) {
    f.refererCheck = true;
    f.suspicious.push(`referrer check: ${snippetAround(src, r, 20, 140)}`);
  }
  if (f.redirects.length) {
    const low = text.slice(0, 20_000).toLowerCase();
    const ua = low.indexOf('useragent');
    f.mobileCheck = (ua >= 0 && nearAny(low, ua, MOBILE_WORDS)) || low.includes('ontouchstart') || low.includes('matchmedia(') && low.includes('max-width') || /innerwidth\s*<=?\s*[0-9]{3}/.test(low);
  }
  const u = src.indexOf('navigator.userAgent');
  if (u >= 0 && nearAny(src, u, BOT_WORDS)) {
    f.userAgentCheck = true;
    f.suspicious.push(`user-agent check: ${snippetAround(src, u, 20, 140)}`);
  }
  let from = 0;
  for (let n = 0; n < 10; n++) {
    const i = src.indexOf('document.write', from);
    if (i < 0) break;
    from = i + 14;
    const win = src.slice(i, i + 400).toLowerCase();
    if (win.includes('<script') || win.includes('<a ') || win.includes('<iframe') || win.includes('href=')) {
      f.suspicious.push(`document.write: ${snippetAround(src, i, 0, 160)}`);
      const lit = /^document\.write(?:ln)?\s*\(\s*(["'])([^"'\n]{1,2000})\1/.exec(src.slice(i, i + 2100))?.[2];
      if (lit && f.decoded.length < 20) f.decoded.push(lit);
    }
  }
  if (depth < 2) {
    const decoded: string[] = [];
    collectDecoded(text, decoded, f.suspicious);
    if (decoded.length && /\b(?:eval|Function)\s*\(/.test(text)) f.obfuscated = true;
    for (const v of fold?.recovered ?? []) if (decoded.length < 20 && v.length >= 12 && !decoded.includes(v)) decoded.push(v);
    for (const d of decoded) {
      f.decoded.push(d);
      urlsIn(d, f.hiddenUrls, src);
      const inner = scanScript(d, depth + 1);
      for (const rd of inner.redirects) f.redirects.push({ ...rd, method: 'obfuscated-script' });
      f.refererCheck ||= inner.refererCheck;
      f.userAgentCheck ||= inner.userAgentCheck;
      f.mobileCheck ||= inner.mobileCheck;
      f.obfuscated ||= inner.obfuscated || inner.redirects.length > 0 || inner.written.length > 0;
      f.suspicious.push(...inner.suspicious.slice(0, 5));
      f.decoded.push(...inner.decoded.slice(0, 5));
      for (const w of inner.written) if (f.written.length < 20) f.written.push(w);
      for (const l of inner.loads) if (f.loads.length < 10) f.loads.push(l);
      for (const fr of inner.frames) if (f.frames.length < 10) f.frames.push(fr);
      for (const h of inner.hiddenUrls) if (f.hiddenUrls.length < 10 && !f.hiddenUrls.includes(h)) f.hiddenUrls.push(h);
    }
  }
  // A string table of an obfuscator holding "location" and a hidden URL: a redirect whose code never spells either.
  if (depth === 0 && f.obfuscated && !f.redirects.length && f.hiddenUrls.length && fold?.recovered.some((v) => /^(?:location|href|replace|assign)$/.test(v.trim()) || /\blocation\b/.test(v))) {
    f.redirects.push({ method: 'obfuscated-script', target: f.hiddenUrls[0]!, snippet: snippetAround(src, 0, 0, 160) });
  }
  // location.replace(x) with x decoded from a literal the fold could not follow: the decoded URL.
  if (f.hiddenUrls.length) for (const r of f.redirects) if (!r.target) { r.target = f.hiddenUrls[0]!; r.method = 'obfuscated-script'; }
  // Markup written by the script with its links counts as decoded text too.
  for (const w of f.written) if (f.decoded.length < 20 && !f.decoded.includes(w)) f.decoded.push(w);
  f.redirects = f.redirects.slice(0, 20);
  f.suspicious = f.suspicious.slice(0, 20);
  f.decoded = f.decoded.slice(0, 30);
  return f;
}
