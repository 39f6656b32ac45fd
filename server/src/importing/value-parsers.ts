import { foldText, quote } from './cell-text.ts';

/**
 * Cell parsers: forgiving about how people type things in Excel (Vietnamese or English words,
 * with or without diacritics, "Cấp 3" or "3"), strict about what they mean. Each returns a
 * value or a `CellProblem` whose message names the accepted forms.
 */

export class CellProblem {
  constructor(readonly message: string) {}
}

export type Parsed<T> = T | CellProblem;

export const isProblem = (v: unknown): v is CellProblem => v instanceof CellProblem;

/** An enum column: each value with the words that mean it; the first word is what exports write. */
export type Vocabulary<T extends string> = Record<T, readonly string[]>;

export function parseChoice<T extends string>(cell: string, vocab: Vocabulary<T>): Parsed<T> {
  const key = foldText(cell);
  for (const [value, words] of Object.entries(vocab) as [T, readonly string[]][]) {
    if (foldText(value) === key || words.some((w) => foldText(w) === key)) return value;
  }
  return new CellProblem(`${quote(cell)} is not an allowed value; use one of: ${choices(vocab)}`);
}

/** "Tỉnh, Bộ, Sở, …" — the canonical words, for messages and the guide sheet. */
export function choices<T extends string>(vocab: Vocabulary<T>): string {
  return (Object.values(vocab) as readonly string[][]).map((w) => w[0]).join(', ');
}

export function choiceLabel<T extends string>(value: T, vocab: Vocabulary<T>): string {
  return vocab[value]?.[0] ?? value;
}

const TRUE_WORDS = new Set(['co', 'x', 'yes', 'y', 'true', '1', 'dung', 'phai']);
const FALSE_WORDS = new Set(['khong', 'no', 'n', 'false', '0', 'sai', '-']);

/** Empty counts as "no": the column is a tick box. */
export function parseBoolean(cell: string): Parsed<boolean> {
  const key = foldText(cell);
  if (key === '' || FALSE_WORDS.has(key)) return false;
  if (TRUE_WORDS.has(key)) return true;
  return new CellProblem(`${quote(cell)} is not yes or no; write Có or Không (or x for yes)`);
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5 };

/** Security level (Decree 85/2016): "3", "Cấp 3", "cấp độ 3", "Level 3", "III". */
export function parseLevel(cell: string): Parsed<number> {
  const rest = foldText(cell).replace(/^(cap do|cap|level|muc)\s*/, '').trim();
  if (/^\d+(\.0+)?$/.test(rest)) return Number.parseInt(rest, 10);
  const roman = ROMAN[rest];
  if (roman !== undefined) return roman;
  return new CellProblem(`${quote(cell)} is not a security level; write a number from 1 to 5, e.g. "Cấp 3" or "3"`);
}

/** Splits a list cell and drops blanks and repeats (repeats are harmless typing slips). */
export function splitList(cell: string, separators: RegExp): string[] {
  return [...new Set(cell.split(separators).map((s) => s.trim()).filter((s) => s !== ''))];
}

/** Free-text lists (tags may contain spaces). */
export const LIST_SEPARATORS = /[;,\n\r]+/;
/** Lists of tokens that cannot contain spaces (domains, IP addresses). */
export const TOKEN_SEPARATORS = /[;,\s]+/;

/** URLs may contain commas and semicolons, but never whitespace: split on that, or on a separator before the next URL. */
export function splitUrls(cell: string): string[] {
  return splitList(cell, /\s+|[;,]\s*(?=https?:\/\/)/i).map((u) => u.replace(/[;,]+$/, '')).filter((u) => u !== '');
}

export interface SoftwareEntry {
  vendor: string;
  product: string;
  version?: string | null;
  cpe?: string | null;
}

/** Entries separated by ";" or new lines, each "vendor|product|version|cpe" with the last two optional. */
export function parseSoftware(cell: string): Parsed<SoftwareEntry[]> {
  const out: SoftwareEntry[] = [];
  for (const entry of splitList(cell, /[;\n\r]+/)) {
    const parts = entry.split('|').map((p) => p.trim());
    if (parts.length < 2 || parts.length > 4 || !parts[0] || !parts[1]) {
      return new CellProblem(`software entry ${quote(entry)} must be written vendor|product|version|cpe (version and cpe may be left out)`);
    }
    out.push({ vendor: parts[0], product: parts[1], version: parts[2] || null, cpe: parts[3] || null });
  }
  return out;
}

export function formatSoftware(list: readonly SoftwareEntry[]): string {
  return list
    .map((w) => [w.vendor, w.product, w.version ?? '', w.cpe ?? ''].join('|').replace(/\|+$/, ''))
    .join('\n');
}

/** The registry's local time: dates without a time are midnight in Việt Nam (UTC+7, no DST). */
const VN_OFFSET_MS = 7 * 3600_000;

export interface ParsedDate {
  iso: string;
  /** True when the cell held a date without a time: compare such values by calendar day. */
  dateOnly: boolean;
}

function build(y: number, m: number, d: number, hh = 0, mi = 0, ss = 0): number | null {
  const t = Date.UTC(y, m - 1, d, hh, mi, ss) - VN_OFFSET_MS;
  const back = new Date(t + VN_OFFSET_MS);
  const valid = back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d && hh < 24 && mi < 60 && ss < 60;
  return valid && y >= 1900 && y <= 2200 ? t : null;
}

/** dd/mm/yyyy (also with - or .), optionally with hh:mm; ISO dates; ISO date-times with or without zone. */
export function parseDate(cell: string): Parsed<ParsedDate> {
  const s = cell.trim();
  const bad = new CellProblem(`${quote(s)} is not a date; write it as dd/mm/yyyy, e.g. 29/08/2026`);
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const t = build(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    return t === null ? bad : { iso: new Date(t).toISOString(), dateOnly: m[4] === undefined };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?$/.exec(s);
  if (m) {
    const t = build(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    return t === null ? bad : { iso: new Date(t).toISOString(), dateOnly: m[4] === undefined };
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? bad : { iso: new Date(t).toISOString(), dateOnly: false };
  }
  return bad;
}

/** The calendar day of an instant in Việt Nam, as dd/mm/yyyy (what exports write). */
export function formatVnDate(d: Date): string {
  const local = new Date(d.getTime() + VN_OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, '0');
  const mm = String(local.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${local.getUTCFullYear()}`;
}
