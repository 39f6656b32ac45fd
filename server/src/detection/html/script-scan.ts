/**
 * Reads inline scripts for what an attacker puts there: location changes (redirects), referer
 * and user-agent checks (cloaking done in the browser), and simple obfuscation (atob of base64,
 * String.fromCharCode lists, \x / \u / %-escapes) hiding either. Decoded payloads are scanned
 * once more and returned so the spam lexicons can read them too. All scanning is indexOf over
 * capped strings plus regexes on short slices.
 */

export interface ScriptFinding {
  redirects: { method: 'script' | 'obfuscated-script'; target: string | null; snippet: string }[];
  suspicious: string[];
  /** Text recovered from obfuscation (atob, fromCharCode, escapes), capped. */
  decoded: string[];
  refererCheck: boolean;
  userAgentCheck: boolean;
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
    const target = leadingLiteral(rest);
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

function decodeBase64(lit: string): string | null {
  if (lit.length < 16 || lit.length > MAX_DECODED || !/^[A-Za-z0-9+/=_-]+$/.test(lit)) return null;
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
const ENGINE_WORDS = ['google', 'bing', 'yahoo', 'coccoc', 'yandex', 'baidu', 'duckduckgo'];

function nearAny(src: string, i: number, words: string[], radius = 300): boolean {
  const win = src.slice(Math.max(0, i - radius), i + radius).toLowerCase();
  return words.some((w) => win.includes(w));
}

export function scanScript(src: string, depth = 0): ScriptFinding {
  const f: ScriptFinding = { redirects: [], suspicious: [], decoded: [], refererCheck: false, userAgentCheck: false };
  findLocationChanges(src, depth > 0 ? 'obfuscated-script' : 'script', f.redirects);
  const r = src.indexOf('document.referrer');
  if (r >= 0 && nearAny(src, r, ENGINE_WORDS)) {
    f.refererCheck = true;
    f.suspicious.push(`referrer check: ${snippetAround(src, r, 20, 140)}`);
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
    collectDecoded(src, decoded, f.suspicious);
    for (const d of decoded) {
      f.decoded.push(d);
      const inner = scanScript(d, depth + 1);
      for (const rd of inner.redirects) f.redirects.push({ ...rd, method: 'obfuscated-script' });
      f.refererCheck ||= inner.refererCheck;
      f.userAgentCheck ||= inner.userAgentCheck;
      f.suspicious.push(...inner.suspicious.slice(0, 5));
      f.decoded.push(...inner.decoded.slice(0, 5));
    }
  }
  f.redirects = f.redirects.slice(0, 20);
  f.suspicious = f.suspicious.slice(0, 20);
  return f;
}
