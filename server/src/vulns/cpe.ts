/**
 * CPE 2.3 formatted-string parser (NISTIR 7695 §6.2): `cpe:2.3:` followed by exactly eleven
 * colon-separated components; a backslash escapes the next character (`\:` `\\` `\(` `\!` …).
 * Pure, no I/O. Returns null for anything that is not a well-formed formatted string.
 *
 * Component values are returned **unescaped** (`log4j\-core` → `log4j-core`, `a\:b` → `a:b`),
 * except that the escapes which would otherwise change meaning are kept: `\*` and `\?` (literal,
 * not wildcards) and a lone `\-` (literal hyphen, not "NA"). A bare `*` means ANY and a bare `-`
 * means NA, exactly as in the formatted string.
 */
export interface Cpe23 {
  part: string;
  vendor: string;
  product: string;
  version: string;
  update: string;
  edition: string;
  language: string;
  swEdition: string;
  targetSw: string;
  targetHw: string;
  other: string;
}

const FIELDS = [
  'part', 'vendor', 'product', 'version', 'update', 'edition',
  'language', 'swEdition', 'targetSw', 'targetHw', 'other',
] as const;

/** Characters allowed unescaped inside a component (besides the wildcards handled below). */
const PLAIN = /[A-Za-z0-9._\-]/;
/** Longest string we accept (NVD's longest criteria are well under 300 characters). */
const MAX_LEN = 1024;

export function parseCpe23(s: string): Cpe23 | null {
  if (typeof s !== 'string' || s.length > MAX_LEN) return null;
  if (s.slice(0, 8).toLowerCase() !== 'cpe:2.3:') return null;
  const parts: string[] = [];
  let cur = '';
  let raw = 0; // length of the current component as written
  for (let i = 8; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) return null; // dangling escape
      const code = n.charCodeAt(0);
      if (code < 0x21 || code > 0x7e) return null; // only printable ASCII may be escaped
      cur += n === '*' || n === '?' ? '\\' + n : n;
      raw += 2;
      i++;
      continue;
    }
    if (c === ':') {
      if (raw === 0) return null; // empty component
      parts.push(finish(cur, raw));
      cur = '';
      raw = 0;
      continue;
    }
    if (c === '*' || c === '?') {
      // wildcards: '*' alone, or '*' / '?'s at the start or end of a value
      cur += c;
      raw++;
      continue;
    }
    if (!PLAIN.test(c)) return null;
    cur += c;
    raw++;
  }
  if (raw === 0) return null;
  parts.push(finish(cur, raw));
  if (parts.length !== 11) return null;
  for (const p of parts) if (!validWildcards(p)) return null;
  const part = parts[0]!;
  if (!['a', 'o', 'h', '*', '-'].includes(part.toLowerCase())) return null;
  const out = {} as Cpe23;
  FIELDS.forEach((f, i) => {
    out[f] = parts[i]!;
  });
  return out;
}

function finish(v: string, raw: number): string {
  // a lone escaped hyphen stays escaped so that it is not read as NA
  if (v === '-' && raw === 2) return '\\-';
  return v;
}

/** `*` alone is ANY; otherwise unescaped `*` / `?` may only appear at the start or end. */
function validWildcards(v: string): boolean {
  if (v === '*' || v === '-') return true;
  // strip escaped wildcards, then look at the unescaped ones
  const plain = v.replace(/\\[*?]/g, 'x');
  const inner = plain.replace(/^[*?]+|[*?]+$/g, '');
  if (plain.length > 0 && inner.length === 0 && plain !== '*') {
    // only wildcards, e.g. "??" — allowed by the spec for '?' runs, reject "**"
    return !plain.includes('**');
  }
  return !/[*?]/.test(inner);
}

/** Re-escape a component value for a formatted string (inverse of the unescaping above). */
export function escapeCpeComponent(v: string): string {
  if (v === '*' || v === '-' || v === '\\-') return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && (v[i + 1] === '*' || v[i + 1] === '?')) {
      out += c + v[i + 1];
      i++;
    } else if (PLAIN.test(c) || c === '*' || c === '?') out += c;
    else out += '\\' + c;
  }
  return out;
}
