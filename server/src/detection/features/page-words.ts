/** Distinct content words of a page (folded, 3+ letters, no digits-only), capped: the site's vocabulary. */
import { foldAccents, tokenize } from '../text/normalize.ts';

export function pageWords(text: string, max = 3000): string[] {
  const seen = new Set<string>();
  for (const t of tokenize(foldAccents(text.slice(0, 200_000)), 60_000)) {
    if (t.length < 3 || t.length > 30 || /^[0-9]+$/.test(t)) continue;
    seen.add(t);
    if (seen.size >= max) break;
  }
  return [...seen];
}
