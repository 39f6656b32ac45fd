/**
 * Comparing vendor version strings (issue 7, matching). Pure, no I/O.
 *
 * Handles dotted numerics ("10.0.17763.4645"), Citrix builds ("13.1-49.15"), leading zeros
 * ("15.02.1118.037"), pre-releases ("2.14.1-rc1" < "2.14.1"), patch letters ("1.0.2k" > "1.0.2"),
 * Microsoft wording ("Cumulative Update 13" → cu13, "Service Pack 1" → sp1). `*`, `-` and empty
 * mean ANY / NA and are not comparable (null). Hostile input is bounded: over MAX_VERSION_LEN
 * characters or MAX_TOKENS tokens is "not comparable", never a slow path.
 */
import type { CpeCriterion } from '../advisory.ts';
import { parseCpe23 } from '../cpe.ts';

export type Cmp = -1 | 0 | 1;
export const MAX_VERSION_LEN = 128;
const MAX_TOKENS = 32;

/** Words that mark a pre-release: they sort before the release they precede. */
const PRE = new Map<string, number>([
  ['dev', -6], ['snapshot', -6], ['alpha', -5], ['beta', -4],
  ['preview', -3], ['pre', -3], ['milestone', -3], ['rc', -2], ['cr', -2],
]);
/** Words that are pure decoration and carry no ordering ("final", "release", "ga"). */
const NOISE = new Set(['final', 'release', 'ga', 'version', 'build']);

type Tok = { n: string } | { w: string; rank: number };

/** True for the values that mean "any version" / "not applicable" / "not known". */
export function isAnyVersion(v: string | null | undefined): boolean {
  if (v == null) return true;
  const t = v.trim();
  return t === '' || t === '*' || t === '-' || t === '?' || t.toLowerCase() === 'n/a';
}

/** Turns Microsoft wording into compact tokens: "Cumulative Update 13" → "cu13". */
export function normaliseVersionWords(v: string): string {
  return v
    .toLowerCase()
    .replace(/cumulative\s*update\s*/g, 'cu')
    .replace(/service\s*pack\s*/g, 'sp')
    .replace(/security\s*update\s*/g, 'su')
    .replace(/update\s*rollup\s*/g, 'ur');
}

const cache = new Map<string, Tok[] | null>();

export function tokenizeVersion(v: string): Tok[] | null {
  if (v.length > MAX_VERSION_LEN) return null;
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  let s = normaliseVersionWords(v.trim());
  if (/^v\d/.test(s)) s = s.slice(1);
  const out: Tok[] = [];
  const re = /(\d+)|([a-z]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m[1] !== undefined) out.push({ n: m[1].replace(/^0+(?=\d)/, '') });
    else {
      const w = m[2]!;
      if (NOISE.has(w)) continue;
      out.push({ w, rank: PRE.get(w) ?? 1 });
    }
    if (out.length > MAX_TOKENS) {
      out.length = 0;
      break;
    }
  }
  const res = out.length === 0 ? null : out;
  if (cache.size > 50_000) cache.clear();
  cache.set(v, res);
  return res;
}

function cmpNum(a: string, b: string): Cmp {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * -1 / 0 / 1, or null when the two cannot be compared (ANY/NA, no version-like content, a word
 * facing a number at the first position, too long).
 */
export function compareVersions(a: string | null | undefined, b: string | null | undefined): Cmp | null {
  if (isAnyVersion(a) || isAnyVersion(b)) return null;
  const ta = tokenizeVersion(a!);
  const tb = tokenizeVersion(b!);
  if (!ta || !tb) return null;
  const n = Math.max(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === undefined || y === undefined) {
      // One side ran out: trailing zeros do not count; a pre-release tail sorts before the release.
      const rest = (x ?? y)!;
      const sign: Cmp = x === undefined ? -1 : 1;
      if ('n' in rest) {
        const tail = (x === undefined ? tb : ta).slice(i);
        if (tail.every((t) => 'n' in t && t.n === '0')) return 0;
        return sign;
      }
      return rest.rank < 0 ? (-sign as Cmp) : sign;
    }
    if ('n' in x && 'n' in y) {
      const c = cmpNum(x.n, y.n);
      if (c !== 0) return c;
      continue;
    }
    if ('w' in x && 'w' in y) {
      if (x.w === y.w) continue;
      if (x.rank !== y.rank) return x.rank < y.rank ? -1 : 1;
      if (i === 0) return null; // "r2" vs "sp1": different schemes
      return x.w < y.w ? -1 : 1;
    }
    // A number facing a word.
    if (i === 0) return null;
    // Pre-release word < number; a patch letter ("1.0.2k") also sorts before a further number.
    return 'w' in x ? -1 : 1;
  }
  return 0;
}

/** The version part of a range: the criterion's own version attribute and the four NVD bounds. */
export interface VersionRange {
  criteria?: string;
  version?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

export interface RangeVerdict {
  /** true = inside, false = outside, null = cannot tell (unknown or incomparable version). */
  inside: boolean | null;
  /** True when the decision rested on an actual bound or exact version (not "all versions"). */
  constrained: boolean;
  /** "10.0.17763.4252 < 10.0.17763.4645 (versionEndExcluding)". */
  reason: string;
}

export function hasBounds(r: VersionRange): boolean {
  return !!(r.versionStartIncluding || r.versionStartExcluding || r.versionEndIncluding || r.versionEndExcluding);
}

function rangeVersionAttr(r: VersionRange): string {
  if (r.version !== undefined) return r.version;
  if (r.criteria) return parseCpe23(r.criteria)?.version ?? '*';
  return '*';
}

const sv = (s: string) => (s.length > 60 ? s.slice(0, 60) + '…' : s);
const SYM: Record<Cmp, string> = { [-1]: '<', 0: '=', 1: '>' } as Record<Cmp, string>;

/** Explains whether `version` lies in the range; see RangeVerdict. */
export function checkRange(version: string | null | undefined, r: VersionRange, versionAttr?: string): RangeVerdict {
  const attr = versionAttr ?? rangeVersionAttr(r);
  const bounded = hasBounds(r);
  const exact = !isAnyVersion(attr) && !bounded;
  if (!bounded && !exact) return { inside: true, constrained: false, reason: 'all versions' };
  const v = isAnyVersion(version) ? null : version!.trim();
  if (v === null) return { inside: null, constrained: true, reason: 'version unknown' };
  if (v.length > MAX_VERSION_LEN) return { inside: null, constrained: true, reason: 'version too long to compare' };
  if (exact) {
    const c = compareVersions(v, attr);
    if (c === null) return { inside: null, constrained: true, reason: `version ${v} not comparable with ${sv(attr)}` };
    return { inside: c === 0, constrained: true, reason: c === 0 ? `version ${v} = ${sv(attr)}` : `version ${v} ≠ ${sv(attr)}` };
  }
  const checks: [keyof VersionRange, (c: Cmp) => boolean][] = [
    ['versionStartIncluding', (c) => c >= 0],
    ['versionStartExcluding', (c) => c > 0],
    ['versionEndIncluding', (c) => c <= 0],
    ['versionEndExcluding', (c) => c < 0],
  ];
  const parts: string[] = [];
  for (const [key, ok] of checks) {
    const bound = r[key];
    if (!bound) continue;
    const c = compareVersions(v, bound);
    if (c === null) return { inside: null, constrained: true, reason: `version ${v} not comparable with ${sv(bound)} (${key})` };
    const text = `${v} ${SYM[c]} ${sv(bound)} (${key})`;
    if (!ok(c)) return { inside: false, constrained: true, reason: `version ${text}` };
    parts.push(text);
  }
  return { inside: true, constrained: true, reason: `version ${parts.join(', ')}` };
}

/**
 * checkRange(...).inside without building the reason: the index asks this for thousands of
 * criteria per item and keeps only the few that are not a definite "no". Same steps, same order
 * (the first incomparable bound gives null even when a later bound would say "outside").
 */
export function rangeInside(version: string | null | undefined, r: VersionRange, versionAttr?: string): boolean | null {
  const attr = versionAttr ?? rangeVersionAttr(r);
  const bounded = hasBounds(r);
  const exact = !isAnyVersion(attr) && !bounded;
  if (!bounded && !exact) return true;
  if (isAnyVersion(version)) return null;
  const v = version!.trim();
  if (v.length > MAX_VERSION_LEN) return null;
  if (exact) {
    const c = compareVersions(v, attr);
    return c === null ? null : c === 0;
  }
  let c: Cmp | null;
  if (r.versionStartIncluding) {
    if ((c = compareVersions(v, r.versionStartIncluding)) === null) return null;
    if (!(c >= 0)) return false;
  }
  if (r.versionStartExcluding) {
    if ((c = compareVersions(v, r.versionStartExcluding)) === null) return null;
    if (!(c > 0)) return false;
  }
  if (r.versionEndIncluding) {
    if ((c = compareVersions(v, r.versionEndIncluding)) === null) return null;
    if (!(c <= 0)) return false;
  }
  if (r.versionEndExcluding) {
    if ((c = compareVersions(v, r.versionEndExcluding)) === null) return null;
    if (!(c < 0)) return false;
  }
  return true;
}

/** true / false, or null when the version is unknown or not comparable with the bounds. */
export function inRange(version: string | null | undefined, criterion: VersionRange | CpeCriterion): boolean | null {
  return checkRange(version, criterion).inside;
}
