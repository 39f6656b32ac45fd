/**
 * Finds lexicon terms in a piece of page text: one pass over its tokens (folded and exact),
 * then substring search for scripts without word boundaries. Terms only match on whole words,
 * so "slot" never fires inside "Slotermeyer".
 */
import { foldAccents, hasCjk, lowerNfc, tokenize } from '../text/normalize.ts';
import { lexicons, type LexiconCategory, type Term } from './lexicons.ts';

export interface TermHit {
  term: string;
  lexicon: string;
  category: LexiconCategory;
  strong: boolean;
  count: number;
}

const MAX_TEXT = 400_000;

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
  if (hasNonAscii && (hasCjk(s) || /[\u0600-\u06ff\u0e00-\u0e7f]/.test(s.slice(0, 100_000)))) {
    const low = s.toLowerCase();
    for (const t of idx.substrings) {
      let n = 0;
      for (let at = low.indexOf(t.tokens[0]!); at >= 0 && n < 1000; at = low.indexOf(t.tokens[0]!, at + 1)) n++;
      if (n) hits.set(`${t.lexicon}:${t.term}`, { term: t.term, lexicon: t.lexicon, category: t.category, strong: t.strong, count: n });
    }
  }
  const out = [...hits.values()];
  return categories ? out.filter((h) => categories.includes(h.category)) : out;
}
