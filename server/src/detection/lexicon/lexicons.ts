/**
 * Loads the lexicon data files (lexicons/*.json) once and indexes them by first token, so a
 * page is matched in one pass over its tokens whatever the number of terms.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { foldAccents, lowerNfc, tokenize } from '../text/normalize.ts';

export type LexiconCategory = 'defacer' | 'gambling' | 'spam';

export interface Term {
  term: string;
  tokens: string[];
  lexicon: string;
  category: LexiconCategory;
  strong: boolean;
}

export interface LexiconIndex {
  /** Terms on accent-folded tokens, by first token. */
  folded: Map<string, Term[]>;
  /** Terms on lower-case tokens with diacritics kept, by first token. */
  exact: Map<string, Term[]>;
  /** Substring terms (Chinese and other scripts without spaces). */
  substrings: Term[];
  /** Single-token patterns (operator brand shapes like "xx88"), on folded tokens. */
  patterns: { re: RegExp; lexicon: string; category: LexiconCategory }[];
}

interface LexiconFile {
  category: LexiconCategory;
  fold: boolean;
  strong?: string[];
  weak?: string[];
  cjk?: string[];
  cjkWeak?: string[];
  tokenPatterns?: string[];
}

let cached: LexiconIndex | null = null;

function add(map: Map<string, Term[]>, t: Term): void {
  const k = t.tokens[0]!;
  const list = map.get(k);
  if (list) { if (!list.some((x) => x.term === t.term)) list.push(t); } else map.set(k, [t]);
}

export function lexicons(): LexiconIndex {
  if (cached) return cached;
  const idx: LexiconIndex = { folded: new Map(), exact: new Map(), substrings: [], patterns: [] };
  const dir = new URL('../lexicons/', import.meta.url);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const lexicon = name.replace(/\.json$/, '');
    const data = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as LexiconFile;
    const norm = data.fold ? foldAccents : lowerNfc;
    const target = data.fold ? idx.folded : idx.exact;
    for (const [list, strong] of [[data.strong ?? [], true], [data.weak ?? [], false]] as const) {
      for (const term of list) {
        const tokens = tokenize(norm(term));
        if (tokens.length) add(target, { term, tokens, lexicon, category: data.category, strong });
      }
    }
    for (const [list, strong] of [[data.cjk ?? [], true], [data.cjkWeak ?? [], false]] as const) {
      for (const term of list) idx.substrings.push({ term, tokens: [term.toLowerCase()], lexicon, category: data.category, strong });
    }
    for (const p of data.tokenPatterns ?? []) idx.patterns.push({ re: new RegExp(p), lexicon, category: data.category });
  }
  cached = idx;
  return idx;
}
