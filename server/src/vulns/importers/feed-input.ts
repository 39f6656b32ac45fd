/**
 * Shared, pure helpers for the feed importers: turning bytes or a string into text (BOMs,
 * UTF-16, Windows-1252 fallback, binary refusal, a size bound), safe JSON parsing, CVE id checks
 * and small value coercions. No I/O.
 */
import type { ImportResult, Severity } from '../advisory.ts';

export type FeedInput = string | Uint8Array;

export interface ImportOptions {
  /** Reject input larger than this many bytes (default 50 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const CVE_RE = /^CVE-\d{4}-\d{4,}$/;

export type Skipped = ImportResult['skipped'];

/** Thrown only inside importers and turned into a whole-file skip by `guard`. */
export class FeedError extends Error {}

export function fileFailure(reason: string, meta: Record<string, unknown> = {}): ImportResult {
  return { records: [], skipped: [{ index: 'file', reason }], meta };
}

/** Run an importer body; any exception (hostile input we did not foresee) becomes a file skip. */
export function guard(fn: () => ImportResult): ImportResult {
  try {
    return fn();
  } catch (e) {
    const msg = e instanceof FeedError ? e.message : `unreadable feed: ${(e as Error)?.message ?? String(e)}`;
    return fileFailure(msg.slice(0, 500));
  }
}

/**
 * Bytes or string → text. Size is checked before anything else (a 100 MB string is refused
 * without being scanned). UTF-8 BOM is stripped; UTF-16 LE/BE with BOM is decoded; bytes that
 * are not valid UTF-8 are read as Windows-1252; NUL bytes (binary) are refused.
 */
export function decodeFeed(input: FeedInput, opts: ImportOptions = {}): string {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (typeof input === 'string') {
    // a JS string of n UTF-16 units is at least n bytes of UTF-8
    if (input.length > max) throw new FeedError(`feed too large: more than ${max} bytes`);
    let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (hasNul(text)) throw new FeedError('binary content (NUL characters) refused');
    if (Buffer.byteLength(text, 'utf8') > max) throw new FeedError(`feed too large: more than ${max} bytes`);
    return text;
  }
  if (!(input instanceof Uint8Array)) throw new FeedError('feed must be a string or bytes');
  if (input.byteLength > max) throw new FeedError(`feed too large: ${input.byteLength} bytes > ${max}`);
  const b = input;
  let text: string;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) text = utf8OrCp1252(b.subarray(3));
  else if (b[0] === 0xff && b[1] === 0xfe) text = new TextDecoder('utf-16le').decode(b.subarray(2));
  else if (b[0] === 0xfe && b[1] === 0xff) text = new TextDecoder('utf-16be').decode(b.subarray(2));
  else {
    if (b.indexOf(0) !== -1) throw new FeedError('binary content (NUL bytes) refused; UTF-16 needs a BOM');
    text = utf8OrCp1252(b);
  }
  if (hasNul(text)) throw new FeedError('binary content (NUL characters) refused');
  return text;
}

function utf8OrCp1252(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return decodeCp1252(b);
  }
}

/** Windows-1252 0x80–0x9F (Node's TextDecoder treats 'windows-1252' as ISO-8859-1). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeCp1252(b: Uint8Array): string {
  const latin1 = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function hasNul(s: string): boolean {
  return s.indexOf('\u0000') !== -1;
}

/** Decode and JSON.parse; a syntax error (malformed, truncated) becomes a FeedError. */
export function parseJsonFeed(input: FeedInput, opts: ImportOptions = {}): unknown {
  const text = decodeFeed(input, opts);
  const t = text.trimStart();
  if (t[0] !== '{' && t[0] !== '[') throw new FeedError('not a JSON document');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FeedError(`malformed or truncated JSON: ${(e as Error).message}`);
  }
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t.length ? t : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Upper-cased, trimmed CVE id, or a reason why it is not one. */
export function checkCve(v: unknown): { cve: string } | { reason: string } {
  const s = str(v)?.toUpperCase();
  if (!s) return { reason: 'missing CVE id' };
  if (!CVE_RE.test(s)) return { reason: `invalid CVE id ${JSON.stringify(s.slice(0, 40))}` };
  return { cve: s };
}

export const SEVERITY_RANK: Record<Severity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function toSeverity(v: unknown): Severity | undefined {
  const s = str(v)?.toLowerCase();
  switch (s) {
    case 'none': return 'none';
    case 'low': return 'low';
    case 'medium': case 'moderate': return 'medium';
    case 'high': case 'important': return 'high';
    case 'critical': return 'critical';
    default: return undefined;
  }
}

export function severityFromScore(score: number): Severity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

export function maxSeverity(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a) return b;
  if (!b) return a;
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** Order-preserving de-duplication. */
export function uniq<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

const URL_RE = /https?:\/\/[^\s;,"'<>]+/g;
export function extractUrls(text: string | undefined): string[] {
  if (!text) return [];
  return uniq((text.match(URL_RE) ?? []).map((u) => u.replace(/[.)\]]+$/, '')));
}

export function cwesFrom(values: unknown[]): string[] {
  return uniq(values.map((v) => str(v)?.toUpperCase()).filter((v): v is string => !!v && /^CWE-\d+$/.test(v)));
}

/** Remove undefined-valued and empty-array keys so records compare cleanly. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) {
    const v = o[k];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete o[k];
  }
  return o;
}
