/**
 * Bytes → text. Order of authority: BOM, Content-Type charset, <meta charset> / http-equiv in
 * the first bytes, then heuristics (valid UTF-8, Windows-1258 tone marks, TCVN3 mojibake).
 * Never throws: an unknown label falls back to UTF-8.
 */
import { looksLikeTcvn3, tcvn3ToUnicode } from './tcvn3.ts';

export interface Decoded {
  text: string;
  charset: string;
}

const TCVN_LABELS = new Set(['tcvn', 'tcvn3', 'tcvn-3', 'tcvn5712', 'tcvn-5712', 'vn3', 'abc', 'x-viet-tcvn', 'x-viet-tcvn5712']);

export function charsetFromContentType(ct: string | undefined): string | null {
  if (!ct) return null;
  const i = ct.toLowerCase().indexOf('charset=');
  if (i < 0) return null;
  const v = ct.slice(i + 8, i + 48).replace(/^["'\s]+/, '');
  const m = /^[a-z0-9_.:-]+/i.exec(v);
  return m ? m[0].toLowerCase() : null;
}

/** Looks for a charset declaration in the first 4 KB, read as Latin-1 (ASCII-compatible). */
export function charsetFromMeta(head: string): string | null {
  const low = head.toLowerCase();
  let from = 0;
  for (let n = 0; n < 20; n++) {
    const i = low.indexOf('charset', from);
    if (i < 0) return null;
    from = i + 7;
    // Must be inside a <meta ...> tag: the nearest '<' before must open a meta.
    const lt = low.lastIndexOf('<', i);
    if (lt < 0 || !low.startsWith('<meta', lt) || low.indexOf('>', lt) < i) continue;
    let j = i + 7;
    while (j < low.length && (low[j] === ' ' || low[j] === '=' || low[j] === '"' || low[j] === "'")) j++;
    const m = /^[a-z0-9_.:-]+/.exec(low.slice(j, j + 40));
    if (m) return m[0];
  }
  return null;
}

function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase();
  if (TCVN_LABELS.has(l)) return 'tcvn3';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (l === 'cp1258' || l === 'x-cp1258') return 'windows-1258';
  return l;
}

function tryDecoder(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: false }).decode(bytes);
  } catch {
    return null;
  }
}

function latin1(bytes: Uint8Array): string {
  // Chunks keep String.fromCharCode's argument count bounded.
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** Share of invalid sequences among non-ASCII bytes, on a bounded sample. */
function invalidUtf8Share(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 262_144);
  let bad = 0;
  let multi = 0;
  for (let i = 0; i < n; ) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let need = 0;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else { bad++; i++; continue; }
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) { ok = false; break; }
    }
    if (ok) { multi++; i += need + 1; } else { bad++; i++; }
  }
  return bad + multi === 0 ? 0 : bad / (bad + multi);
}

/** Windows-1258 writes tones as combining bytes after a vowel; count that pattern. */
function looksLikeCp1258(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 262_144);
  let hits = 0;
  const vowels = 'aeiouyAEIOUY';
  for (let i = 1; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0xcc || b === 0xd2 || b === 0xde || b === 0xec || b === 0xf2) {
      const p = bytes[i - 1]!;
      if (vowels.includes(String.fromCharCode(p)) || p === 0xe2 || p === 0xea || p === 0xf4 || p === 0xf5 || p === 0xfd || p === 0xe3) hits++;
    }
  }
  return hits >= 5;
}

export function decodeBody(bytes: Uint8Array, contentType?: string): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: tryDecoder('utf-8', bytes.subarray(3)) ?? '', charset: 'utf-8' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: tryDecoder('utf-16le', bytes.subarray(2)) ?? '', charset: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: tryDecoder('utf-16be', bytes.subarray(2)) ?? '', charset: 'utf-16be' };

  const declared = charsetFromContentType(contentType) ?? charsetFromMeta(latin1(bytes.subarray(0, 4096)));
  let label = declared ? normaliseLabel(declared) : '';
  let text0: string | null = null;
  if (label === 'tcvn3') return { text: tcvn3ToUnicode(latin1(bytes)), charset: 'tcvn3' };
  // A page that declares UTF-8 (or nothing) but is not valid UTF-8 is legacy Vietnamese or Western.
  if (!label || label === 'utf-8') {
    let valid = true;
    try { text0 = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { valid = false; }
    if (!valid && invalidUtf8Share(bytes) > 0.2) label = looksLikeCp1258(bytes) ? 'windows-1258' : 'latin-legacy';
    else label = label || 'utf-8';
  }
  let text: string;
  let charset = label;
  if (label === 'latin-legacy') {
    text = tryDecoder('windows-1252', bytes) ?? latin1(bytes);
    charset = 'windows-1252';
  } else {
    const t = label === 'utf-8' && text0 !== null ? text0 : tryDecoder(label, bytes);
    if (t === null) { text = tryDecoder('utf-8', bytes) ?? ''; charset = 'utf-8'; } else text = t;
  }
  // Text written in the .VnTime fonts shows up as Latin-1 mojibake whatever the declared charset.
  if (charset !== 'windows-1258' && looksLikeTcvn3(text)) return { text: tcvn3ToUnicode(text), charset: 'tcvn3' };
  return { text, charset };
}
