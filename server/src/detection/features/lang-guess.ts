/**
 * A cheap language guess from stop words, for pages without <html lang>. Good enough to notice
 * a German portal turned Indonesian gambling page; not a language identifier.
 */

const STOP: Record<string, string[]> = {
  vi: ['và', 'của', 'các', 'là', 'có', 'được', 'trong', 'cho', 'những', 'với', 'không', 'này', 'người', 'một', 'đã'],
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'for', 'that', 'with', 'on', 'are', 'this', 'by', 'from', 'you'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'den', 'von', 'sich', 'auf', 'für', 'ein', 'eine', 'zu'],
  id: ['dan', 'yang', 'di', 'untuk', 'dengan', 'ini', 'dari', 'tidak', 'akan', 'pada', 'juga', 'ke', 'ada', 'kami', 'bisa'],
  tr: ['ve', 'bir', 'bu', 'için', 'ile', 'da', 'de', 'çok', 'olarak', 'daha', 'gibi', 'olan', 'ama', 'ne', 'kadar'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'une', 'du', 'pour', 'dans', 'que', 'pas', 'sur', 'qui', 'au'],
  es: ['el', 'la', 'los', 'y', 'que', 'en', 'del', 'las', 'por', 'una', 'con', 'para', 'es', 'se', 'su'],
  pt: ['o', 'a', 'os', 'e', 'que', 'do', 'da', 'em', 'para', 'com', 'não', 'uma', 'dos', 'no', 'na'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'niet', 'op', 'met', 'voor', 'zijn', 'er', 'te', 'ook'],
  it: ['il', 'di', 'che', 'e', 'la', 'per', 'un', 'non', 'del', 'una', 'con', 'sono', 'della', 'le', 'gli'],
};

const INDEX = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOP)) {
  for (const w of words) INDEX.set(w, [...(INDEX.get(w) ?? []), lang]);
}

function scriptLang(text: string): string {
  let cjk = 0, arabic = 0, thai = 0, cyr = 0, letters = 0;
  const n = Math.min(text.length, 20_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) { if ((c | 32) >= 97 && (c | 32) <= 122) letters++; continue; }
    letters++;
    if (c >= 0x4e00 && c <= 0x9fff) cjk++;
    else if (c >= 0x0600 && c <= 0x06ff) arabic++;
    else if (c >= 0x0e00 && c <= 0x0e7f) thai++;
    else if (c >= 0x0400 && c <= 0x04ff) cyr++;
  }
  if (letters === 0) return '';
  if (cjk > letters * 0.2) return 'zh';
  if (arabic > letters * 0.2) return 'ar';
  if (thai > letters * 0.2) return 'th';
  if (cyr > letters * 0.2) return 'ru';
  return '';
}

export function guessLang(text: string, tokensLower: string[]): string {
  const s = scriptLang(text);
  if (s) return s;
  const score: Record<string, number> = {};
  let n = 0;
  for (const t of tokensLower) {
    if (++n > 5000) break;
    const langs = INDEX.get(t);
    if (langs) for (const l of langs) score[l] = (score[l] ?? 0) + 1;
  }
  let best = '';
  let bestScore = 0;
  for (const [l, v] of Object.entries(score)) if (v > bestScore) { best = l; bestScore = v; }
  return bestScore >= 3 ? best : '';
}

/** The primary subtag of a lang attribute ("vi-VN" → "vi"). */
export function normaliseLangAttr(v: string): string {
  const m = /^[a-zA-Z]{2,3}/.exec(v.trim());
  return m ? m[0].toLowerCase() : '';
}
