/**
 * Finds lexicon terms in a piece of page text: one pass over its tokens (folded and exact),
 * then substring search for scripts without word boundaries. Terms only match on whole words,
 * so "slot" never fires inside "Slotermeyer".
 */
import { foldAccents, lowerNfc, tokenize } from '../text/normalize.ts';
import { lexicons, type LexiconCategory, type Term } from './lexicons.ts';

export interface TermHit {
  term: string;
  lexicon: string;
  category: LexiconCategory;
  strong: boolean;
  count: number;
}

const MAX_TEXT = 400_000;

const CJK = 1, ARABIC = 2, THAI = 4, HANGUL = 8, OTHER = 16;

function scriptOfCode(c: number): number {
  if (c >= 0x4e00 && c <= 0x9fff) return CJK;
  if (c >= 0x0600 && c <= 0x06ff) return ARABIC;
  if (c >= 0x0e00 && c <= 0x0e7f) return THAI;
  if (c >= 0xac00 && c <= 0xd7a3) return HANGUL;
  return 0;
}

/** The script of a substring term (by its first letter); OTHER when none of the four. */
function scriptOf(term: string): number {
  for (let i = 0; i < term.length; i++) { const k = scriptOfCode(term.charCodeAt(i)); if (k) return k; }
  return OTHER;
}

/** Which of the word-boundary-free scripts occur in the (first 100k chars of the) text, as bits. */
function scriptsIn(s: string): number {
  let bits = 0;
  const n = Math.min(s.length, 100_000);
  for (let i = 0; i < n && bits !== (CJK | ARABIC | THAI | HANGUL); i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x0600) bits |= scriptOfCode(c);
  }
  return bits;
}

function scan(tokens: string[], map: Map<string, Term[]>, hits: Map<string, TermHit>): void {
  for (let i = 0; i < tokens.length; i++) {
    const cands = map.get(tokens[i]!);
    if (!cands) continue;
    for (const t of cands) {
      let ok = true;
      for (let k = 1; k < t.tokens.length; k++) if (tokens[i + k] !== t.tokens[k]) { ok = false; break; }
      if (!ok) continue;
      const key = `${t.lexicon}:${t.term}`;
      const h = hits.get(key);
      if (h) h.count++;
      else hits.set(key, { term: t.term, lexicon: t.lexicon, category: t.category, strong: t.strong, count: 1 });
    }
  }
}

/** Every term of the given categories found in `text`, with counts. */
export function matchLexicons(text: string, categories?: LexiconCategory[]): TermHit[] {
  if (!text) return [];
  const s = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const idx = lexicons();
  const hits = new Map<string, TermHit>();
  const folded = tokenize(foldAccents(s), 80_000);
  scan(folded, idx.folded, hits);
  let hasNonAscii = false;
  for (let i = 0; i < s.length && !hasNonAscii; i++) if (s.charCodeAt(i) > 0x7f) hasNonAscii = true;
  // Without non-ASCII characters the folded tokens are the exact tokens: skip a second pass.
  scan(hasNonAscii ? tokenize(lowerNfc(s), 80_000) : folded, idx.exact, hits);
  for (const tok of folded) {
    if (tok.length < 3 || tok.length > 24) continue;
    for (const p of idx.patterns) {
      if (!p.re.test(tok)) continue;
      const key = `${p.lexicon}:${tok}`;
      const h = hits.get(key);
      if (h) h.count++;
      else hits.set(key, { term: tok, lexicon: p.lexicon, category: p.category, strong: false, count: 1 });
      break;
    }
  }
  const scripts = hasNonAscii ? scriptsIn(s) : 0;
  if (scripts) {
    const low = s.toLowerCase();
    for (const t of idx.substrings) {
      // Only terms in a script the text contains: a German page with one Chinese name does not pay for Thai and Korean.
      if (!(scriptOf(t.tokens[0]!) & scripts)) continue;
      let n = 0;
      for (let at = low.indexOf(t.tokens[0]!); at >= 0 && n < 1000; at = low.indexOf(t.tokens[0]!, at + 1)) n++;
      if (n) hits.set(`${t.lexicon}:${t.term}`, { term: t.term, lexicon: t.lexicon, category: t.category, strong: t.strong, count: n });
    }
  }
  const out = [...hits.values()];
  return categories ? out.filter((h) => categories.includes(h.category)) : out;
}
