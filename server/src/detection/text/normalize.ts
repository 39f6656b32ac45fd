/**
 * Text normalisation shared by features, profile and lexicon matching. Everything here is a
 * linear pass over an already-capped string: page text is attacker-controlled.
 */

/** Lower case, NFC, whitespace collapsed; keeps diacritics (Vietnamese tones carry meaning). */
export function lowerNfc(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

/** Lower case without diacritics (đ → d): for accent-insensitive matching of Latin terms. */
export function foldAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
}

/** Collapses runs of whitespace and trims. */
export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

/** Word tokens (letters/digits runs), capped in count. */
export function tokenize(s: string, max = 50_000): string[] {
  const out: string[] = [];
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(s); m && out.length < max; m = WORD_RE.exec(s)) out.push(m[0]);
  return out;
}

/** Key for a text block: digits and case are volatile (dates, counters), the words are not. */
export function blockKey(s: string): string {
  return foldAccents(s).replace(/[0-9]+/g, '0').replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** True for CJK ideographs (spam lexicons in Chinese have no word boundaries). */
export function hasCjk(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) return true;
  }
  return false;
}
