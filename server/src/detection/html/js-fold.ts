/**
 * Undoes the cheap string obfuscation of injected scripts without running them: a linear
 * tokenizer finds string literals (escapes decoded), then one pass folds what kits build at run
 * time — `'ht'+'tps:'+'//'+…` chains, `['h','t',…].join('')` arrays (also through a variable),
 * `'…'.split('').reverse().join('')` reversals, `x['loc'+'ation']` member access, string
 * variables used in later concatenations, and Dean Edwards `eval(function(p,a,c,k,e,d)…)`
 * packers. The result is source text again, so the ordinary script scan reads it.
 *
 * Bounded: the source is capped, the tokenizer never backtracks, every lookahead is a fixed
 * number of tokens, and variable tables and outputs are capped.
 */

const MAX_SRC = 120_000;
const MAX_TOKENS = 40_000;
const MAX_VARS = 400;
const MAX_VALUE = 20_000;
const MAX_EMIT = 400_000;

type Tok = { k: 's'; v: string; esc: boolean } | { k: 'i'; v: string } | { k: 'p'; v: string };

const REGEX_BEFORE = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'in', 'of', 'void', 'delete', 'throw', 'else', 'do']);

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c > 0x7f;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

/** Reads one quoted literal starting at src[i] (the quote); returns its value and the index after it. */
function readString(src: string, i: number, n: number): { v: string; end: number; esc: boolean } {
  const q = src.charCodeAt(i);
  let v = '';
  let escapes = 0;
  let j = i + 1;
  let chunk = j;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === q) break;
    if (c === 10 && q !== 96) break; // unterminated: stop at the line end
    if (c === 92) {
      if (src[j + 1] === 'x' || src[j + 1] === 'u') escapes++;
      if (v.length < MAX_VALUE) v += src.slice(chunk, j);
      const d = src[j + 1] ?? '';
      let add = d;
      let skip = 2;
      if (d === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(j + 2, j + 4))) { add = String.fromCharCode(parseInt(src.slice(j + 2, j + 4), 16)); skip = 4; }
      else if (d === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 2, j + 6))) { add = String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16)); skip = 6; }
      else if (d === 'u' && src[j + 2] === '{') {
        const close = src.indexOf('}', j + 3);
        const hex = close > 0 && close - j < 12 ? src.slice(j + 3, close) : '';
        const cp = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (cp <= 0x10ffff) { add = String.fromCodePoint(cp); skip = close - j + 1; }
      }
      else if (d === 'n') add = '\n';
      else if (d === 't') add = '\t';
      else if (d === 'r') add = '\r';
      else if (d === '0') add = '\0';
      else if (d === '\n') add = '';
      if (v.length < MAX_VALUE) v += add;
      j += skip;
      chunk = j;
      continue;
    }
    j++;
  }
  if (v.length < MAX_VALUE) v += src.slice(chunk, Math.min(j, chunk + MAX_VALUE));
  // Escapes count as obfuscation when they make up most of the literal (JSON's occasional \u002F does not).
  const esc = escapes >= 6 && escapes * 4 >= (j - i) * 0.5;
  return { v: v.slice(0, MAX_VALUE), end: Math.min(n, j + 1), esc };
}

export function tokenize(src: string): Tok[] {
  const n = Math.min(src.length, MAX_SRC);
  const out: Tok[] = [];
  let i = 0;
  while (i < n && out.length < MAX_TOKENS) {
    const c = src.charCodeAt(i);
    if (c <= 32) { i++; continue; }
    if (c === 47) { // '/'
      const d = src.charCodeAt(i + 1);
      if (d === 47) { const e = src.indexOf('\n', i); i = e < 0 ? n : e; continue; }
      if (d === 42) { const e = src.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
      const prev = out[out.length - 1];
      const regex = !prev || (prev.k === 'p' && REGEX_BEFORE.has(prev.v)) || (prev.k === 'i' && REGEX_AFTER_WORD.has(prev.v));
      if (regex) {
        let j = i + 1;
        let cls = false;
        while (j < n) {
          const e = src.charCodeAt(j);
          if (e === 10) break;
          if (e === 92) { j += 2; continue; }
          if (e === 91) cls = true;
          else if (e === 93) cls = false;
          else if (e === 47 && !cls) break;
          j++;
        }
        j++;
        while (j < n && isIdPart(src.charCodeAt(j))) j++;
        out.push({ k: 'i', v: src.slice(i, Math.min(j, i + 200)) });
        i = j;
        continue;
      }
      out.push({ k: 'p', v: '/' });
      i++;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) {
      const s = readString(src, i, n);
      out.push({ k: 's', v: s.v, esc: s.esc });
      i = s.end;
      continue;
    }
    if (isIdPart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(src.charCodeAt(j))) j++;
      out.push({ k: 'i', v: src.slice(i, Math.min(j, i + 200)) });
      i = j;
      continue;
    }
    out.push({ k: 'p', v: src[i]! });
    i++;
  }
  return out;
}

const isP = (t: Tok | undefined, v: string) => !!t && t.k === 'p' && t.v === v;
const isI = (t: Tok | undefined, v?: string) => !!t && t.k === 'i' && (v === undefined || t.v === v);
const IDENT = /^[A-Za-z_$][\w$]*$/;

export interface FoldResult {
  /** The source with literals folded (tokens re-joined), '' when nothing was folded. */
  text: string;
  /** String values that folding or escapes produced (what a plain grep of the source misses), capped. */
  recovered: string[];
  /** A Dean Edwards packer or an eval/Function of a built string was seen. */
  packer: boolean;
  evalOfBuilt: boolean;
  /** Markup handed to document.write / innerHTML / insertAdjacentHTML as (folded) strings, capped. */
  written: string[];
}

function fromBase64(lit: string): string | null {
  if (lit.length < 4 || lit.length > MAX_VALUE || !/^[A-Za-z0-9+/=_-]+$/.test(lit)) return null;
  const t = Buffer.from(lit, 'base64').toString('utf8');
  let bad = 0;
  for (let i = 0; i < t.length; i++) { const c = t.charCodeAt(i); if ((c < 0x20 && c !== 10 && c !== 13 && c !== 9) || c === 0xfffd) bad++; }
  return bad <= t.length * 0.1 ? t : null;
}

function fromPercent(lit: string): string {
  try { return decodeURIComponent(lit); } catch { return lit.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))); }
}

/** Base-N word decode as the packer's e() writes it (0-9, a-z, A-Z). */
function packerIndex(w: string, base: number): number {
  let n = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 29 : -1;
    if (d < 0 || d >= base) return -1;
    n = n * base + d;
  }
  return n;
}

function unpack(payload: string, base: number, words: string[]): string {
  return payload.slice(0, MAX_VALUE).replace(/\b\w+\b/g, (w) => {
    const k = packerIndex(w, base);
    return k >= 0 && k < words.length && words[k] ? words[k]! : w;
  });
}

/** Folds string building in `src`. Linear in the (capped) source length. */
export function foldScript(src: string): FoldResult {
  const toks = tokenize(src);
  const res: FoldResult = { text: '', recovered: [], packer: false, evalOfBuilt: false, written: [] };
  const strVars = new Map<string, string>();
  const arrVars = new Map<string, string[]>();
  const out: string[] = [];
  let changed = false;
  let lastWasWord = false;
  // Substituted variables and joins can multiply the text: a budget on what is emitted keeps it linear.
  let spent = 0;
  const emit = (s: string, word: boolean) => {
    if (word && lastWasWord) out.push(' ');
    out.push(s);
    spent += s.length;
    lastWasWord = word;
  };
  const emitStr = (v: string) => emit(JSON.stringify(v.slice(0, MAX_VALUE)), false);
  const recover = (v: string) => { if (v.length >= 6 && res.recovered.length < 40) res.recovered.push(v.slice(0, MAX_VALUE)); };

  /** A string-valued operand at toks[j]: a literal, a known string variable, or a decoding call on a literal. */
  const operand = (j: number): { v: string; end: number; call: boolean } | null => {
    const t = toks[j];
    if (!t) return null;
    if (t.k === 's') return { v: t.v, end: j + 1, call: false };
    if (t.k !== 'i') return null;
    let k = j;
    if ((t.v === 'window' || t.v === 'self' || t.v === 'globalThis') && isP(toks[k + 1], '.')) k += 2;
    const name = toks[k]?.k === 'i' ? toks[k]!.v : '';
    if (name === 'String' && isP(toks[k + 1], '.') && isI(toks[k + 2], 'fromCharCode') && isP(toks[k + 3], '(')) {
      let m = k + 4;
      let v = '';
      while (m < toks.length && v.length < MAX_VALUE) {
        const n = toks[m];
        if (n?.k !== 'i' || !/^(?:0x[0-9a-f]+|[0-9]+)$/i.test(n.v)) return null;
        const c = Number(n.v);
        if (c > 0xffff) return null;
        v += String.fromCharCode(c);
        m++;
        if (isP(toks[m], ',')) { m++; continue; }
        if (isP(toks[m], ')')) return { v, end: m + 1, call: true };
        return null;
      }
      return null;
    }
    const arg = toks[k + 2];
    const argValue = arg?.k === 's' ? arg.v : arg?.k === 'i' ? strVars.get(arg.v) : undefined;
    if ((name === 'atob' || name === 'unescape' || name === 'decodeURIComponent' || name === 'decodeURI') && isP(toks[k + 1], '(') && argValue !== undefined && isP(toks[k + 3], ')')) {
      const lit = argValue;
      const v = name === 'atob' ? fromBase64(lit) : fromPercent(lit);
      return v === null ? null : { v, end: k + 4, call: true };
    }
    if (k === j && strVars.has(t.v) && !isP(toks[j + 1], '(') && !isP(toks[j + 1], '[')) return { v: strVars.get(t.v)!, end: j + 1, call: false };
    return null;
  };
  /** `[ 's' , 's' … ]` at toks[j] → values and the index after ']'. */
  const arrayAt = (j: number): { vals: string[]; end: number } | null => {
    if (!isP(toks[j], '[')) return null;
    const vals: string[] = [];
    let k = j + 1;
    while (k < toks.length && vals.length < 5000) {
      const t = toks[k];
      if (!t || t.k !== 's') return null;
      vals.push(t.v);
      k++;
      if (isP(toks[k], ',')) { k++; continue; }
      if (isP(toks[k], ']')) return { vals, end: k + 1 };
      return null;
    }
    return null;
  };
  /** `.join( 's'? )` at toks[j] → separator and index after, else null. */
  const joinAt = (j: number): { sep: string; end: number } | null => {
    if (!isP(toks[j], '.') || !isI(toks[j + 1], 'join') || !isP(toks[j + 2], '(')) return null;
    if (isP(toks[j + 3], ')')) return { sep: ',', end: j + 4 };
    const t = toks[j + 3];
    if (t?.k === 's' && isP(toks[j + 4], ')')) return { sep: t.v, end: j + 5 };
    return null;
  };
  /** `.split('').reverse().join('')` (or `.reverse().join('')` on an array) at toks[j]. */
  const reverseAt = (j: number, isArray: boolean): number => {
    let k = j;
    if (!isArray) {
      if (!isP(toks[k], '.') || !isI(toks[k + 1], 'split') || !isP(toks[k + 2], '(') || toks[k + 3]?.k !== 's' || !isP(toks[k + 4], ')')) return -1;
      k += 5;
    }
    if (!isP(toks[k], '.') || !isI(toks[k + 1], 'reverse') || !isP(toks[k + 2], '(') || !isP(toks[k + 3], ')')) return -1;
    const jn = joinAt(k + 4);
    return jn ? jn.end : -1;
  };

  for (let i = 0; i < toks.length && spent < MAX_EMIT; i++) {
    const t = toks[i]!;
    // Packer: function(p,a,c,k,e,…){…}('payload',base,count,'w1|w2'.split('|'),…)
    if (t.k === 's' && isP(toks[i - 1], '(') && isP(toks[i - 2], '}') && isP(toks[i + 1], ',') && isI(toks[i + 2]) && isP(toks[i + 3], ',') && isI(toks[i + 4]) && isP(toks[i + 5], ',') && toks[i + 6]?.k === 's' && isP(toks[i + 7], '.') && isI(toks[i + 8], 'split')) {
      const base = Number((toks[i + 2] as { v: string }).v);
      if (base >= 2 && base <= 62) {
        res.packer = true;
        const words = (toks[i + 6] as { v: string }).v.split('|').slice(0, 20_000);
        const plain = unpack(t.v, base, words);
        recover(plain);
        emitStr(plain);
        changed = true;
        continue;
      }
    }
    // `name = …`: forget what the name held (re-learnt below when the new value is a string).
    if (t.k === 'i' && isP(toks[i + 1], '=') && !isP(toks[i + 2], '=')) { strVars.delete(t.v); arrVars.delete(t.v); }
    // A string expression: literal / string-variable chains joined by '+', or a reversed literal.
    const lhs = t.k === 'i' && (isP(toks[i + 1], '=') || isI(toks[i - 1], 'var') || isI(toks[i - 1], 'let') || isI(toks[i - 1], 'const'));
    const first = isP(toks[i - 1], '.') || lhs ? null : operand(i);
    if (first !== null) {
      let v = first.v;
      let parts = 1;
      let calls = first.call ? 1 : 0;
      let j = first.end;
      while (isP(toks[j], '+') && parts < 5000) {
        const o = operand(j + 1);
        // 'a' + s.slice(1): the next operand is not a plain string — stop there.
        if (o === null || isP(toks[o.end], '.') || isP(toks[o.end], '(') || isP(toks[o.end], '[')) break;
        if (v.length < MAX_VALUE) v += o.v;
        parts++;
        if (o.call) calls++;
        j = o.end;
      }
      let reversed = false;
      if (parts === 1) {
        const r = reverseAt(j, false);
        if (r > 0) { v = [...v].reverse().join(''); j = r; reversed = true; }
      }
      if (parts > 1 || reversed || calls > 0 || (t.k === 's' && t.esc)) recover(v);
      if (parts > 1 || reversed || t.k === 'i') changed = true;
      if ((parts > 1 || reversed || t.k === 'i' || (t.k === 's' && t.esc)) && (isI(toks[i - 2], 'eval') || isI(toks[i - 2], 'Function'))) res.evalOfBuilt = true;
      // x['loc'+'ation'] → x.location
      if (isP(toks[i - 1], '[') && isP(toks[j], ']') && IDENT.test(v) && out[out.length - 1] === '[' && (isI(toks[i - 2]) || isP(toks[i - 2], ')') || isP(toks[i - 2], ']'))) {
        out.pop();
        lastWasWord = false;
        emit('.', false);
        emit(v, true);
        changed = true;
        i = j;
        continue;
      }
      const sink = (isP(toks[i - 1], '(') && (isI(toks[i - 2], 'write') || isI(toks[i - 2], 'writeln'))) || (isP(toks[i - 1], '=') && (isI(toks[i - 2], 'innerHTML') || isI(toks[i - 2], 'outerHTML'))) || (isP(toks[i - 1], ',') && isI(toks[i - 4], 'insertAdjacentHTML'));
      if (sink && v.includes('<') && res.written.length < 20) res.written.push(v.slice(0, MAX_VALUE));
      if (isP(toks[i - 1], '=') && isI(toks[i - 2]) && !isP(toks[i - 3], '.') && !isP(toks[j], '.') && !isP(toks[j], '(') && !isP(toks[j], '[') && strVars.size < MAX_VARS) strVars.set((toks[i - 2] as { v: string }).v, v);
      emitStr(v);
      i = j - 1;
      continue;
    }
    // Arrays of literals: joined at once, reversed, or kept in a variable for a later .join().
    if (isP(t, '[')) {
      const a = arrayAt(i);
      if (a) {
        const jn = joinAt(a.end);
        const rv = reverseAt(a.end, true);
        if (jn || rv > 0) {
          const v = rv > 0 ? a.vals.reverse().join(joinAt(a.end + 4)?.sep ?? '') : a.vals.join(jn!.sep);
          recover(v);
          if (isI(toks[i - 2], 'eval') || isI(toks[i - 2], 'Function')) res.evalOfBuilt = true;
          emitStr(v);
          changed = true;
          i = (rv > 0 ? rv : jn!.end) - 1;
          continue;
        }
        if (isP(toks[i - 1], '=') && isI(toks[i - 2]) && arrVars.size < MAX_VARS) arrVars.set((toks[i - 2] as { v: string }).v, a.vals);
      }
    }
    if (t.k === 'i') {
      const arr = arrVars.get(t.v);
      const jn = arr && arr.length <= MAX_VALUE ? joinAt(i + 1) : null;
      if (arr && jn) {
        const v = arr.join(jn.sep).slice(0, MAX_VALUE);
        recover(v);
        if (isI(toks[i - 2], 'eval') || isI(toks[i - 2], 'Function')) res.evalOfBuilt = true;
        emitStr(v);
        changed = true;
        i = jn.end - 1;
        continue;
      }
      emit(t.v, true);
      continue;
    }
    emit(t.v, false);
  }
  if (changed) res.text = out.join('').slice(0, MAX_SRC);
  return res;
}
