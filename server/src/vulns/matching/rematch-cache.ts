/**
 * The full re-match with a cache per distinct inventory item. Pure, no I/O.
 *
 * Why: in a province the same rows repeat across thousands of systems (Windows Server 2019 at a
 * handful of builds, IIS 10.0, PHP 8.1.x…), and matching one item against one advisory depends on
 * that item's own fields, except in two cases that read the rest of the system's inventory:
 *  - platform criteria ("running on", `vulnerable: false`) are looked up among all its items;
 *  - an installed KB of the fix means "fixed" (MSRC / CSAF products with KB numbers).
 * So each distinct item (its raw vendor, product, version and CPE: reasons quote them) is matched
 * once against its candidate advisories with no other items and no KBs, and the result is reused
 * for every system holding it — except:
 *  - advisories with KBs, when the system has some of those KBs installed: cached per (item,
 *    advisory, which of its KBs are installed) — matchProducts reads nothing else of the KB set,
 *    so with none installed the result without KBs is exactly the result with them;
 *  - advisories with platform criteria: a platform criterion's outcome for a system is decided by
 *    the first inventory row that satisfies it (quoted in the reason), else the first for which it
 *    is unknown, else none. Those rows (distinct rows, by id; plus the installed KBs of the
 *    advisory) form a signature; the result is cached per (item, advisory, signature).
 * The output equals matching every system on its own (test/vulns/matching.test.ts checks it).
 */
import type { Advisory } from '../advisory.ts';
import { kbNumbers, prepareItem, type InventoryItem, type PreparedInventory, type PreparedItem } from './inventory.ts';
import { hasUsableConfigurations, matchItem, type Match } from './match-advisory.ts';
import type { CpeCriterion } from '../advisory.ts';
import { criterionTri, prepareCriterion } from './match-cpe.ts';

export interface SystemMatch {
  systemId: string;
  cve: string;
  match: Match;
}

export interface RematchSystem {
  id: string;
  inventory: InventoryItem[];
}

/** Candidate advisory positions for one prepared item, ascending. */
export type CandidateFn = (it: PreparedItem) => number[];

/** What an advisory's result may depend on besides the item itself. */
const Dep = {
  Unknown: 0,
  None: 1,
  /** Has platform criteria: cached per platform signature of the system. */
  Platform: 2,
  /** Names KBs of a fix: cached, unless the system has one of them installed. */
  Kb: 3,
} as const;
type Dep = (typeof Dep)[keyof typeof Dep];

/** One candidate of a distinct item: the match without its item (null = no match), or "per system". */
interface Hit {
  a: number;
  status?: Match['status'];
  reason?: string;
  method?: Match['method'];
  /** Set for Dep.Platform: results by platform signature. */
  bySignature?: Map<string, Omit<Hit, 'a'>>;
  /** Set for Dep.Kb: the cached result only holds when none of these KBs is installed. */
  kbs?: readonly string[];
  /** For Dep.Kb: results by the set of these KBs that is installed. */
  byKbs?: Map<string, Omit<Hit, 'a'>>;
}

interface Classified {
  dep: Dep;
  /** Normalised KB numbers of the advisory's products (any dep). */
  kbs?: string[];
  /** Platform criteria (not `vulnerable`, parseable), for Dep.Platform. */
  platforms?: CpeCriterion[];
}

interface Distinct {
  /** Position in the cache: names the row in platform signatures (shorter than its key). */
  id: number;
  /** Prepared once; its `item` is the first system's row, replaced per system before use. */
  prepared: PreparedItem;
  /** KB numbers this row contributes to its system's installed set. */
  kbs: string[];
  hits: Hit[] | null;
}

/** Longer fields are rare and hostile-looking: they are matched directly, not kept as cache keys. */
const MAX_KEY_FIELD = 1024;

function field(v: unknown): string | null {
  if (typeof v === 'string') return v.length > MAX_KEY_FIELD ? null : `s${v.length}:${v}`;
  if (v === null) return 'n';
  if (v === undefined) return 'u';
  return null; // a number or object would print differently in a reason; not worth a key form
}

/** The cache key of a row: every field exactly (null, undefined and "null" differ in reasons), or null. */
export function itemCacheKey(item: InventoryItem): string | null {
  if (!item || typeof item !== 'object') return null;
  const parts = [field(item.vendor), field(item.product), field(item.version), field(item.cpe)];
  return parts.includes(null) ? null : parts.join('|');
}

export interface RematchOptions {
  /** Called per system, in order, with that system's matches (when given, nothing is collected). */
  onSystem?: (systemId: string, matches: SystemMatch[]) => void;
}

export interface RematchStats {
  distinctItems: number;
  /** Item × advisory evaluations done for the cache, and those done per system. */
  cachedEvaluations: number;
  perSystemEvaluations: number;
}

export function matchAllCached(
  systems: readonly RematchSystem[],
  advisories: readonly Advisory[],
  candidates: CandidateFn,
  opts: RematchOptions = {},
): { matches: SystemMatch[]; stats: RematchStats } {
  const deps = new Uint8Array(advisories.length);
  const classified: (Classified | undefined)[] = [];
  const depOf = (i: number): Dep => {
    if (deps[i] === Dep.Unknown) {
      const r = classify(advisories[i]!);
      deps[i] = r.dep;
      if (r.dep !== Dep.None) classified[i] = r;
    }
    return deps[i] as Dep;
  };
  const cache = new Map<string, Distinct>();
  const noKbs = new Set<string>();
  const stats: RematchStats = { distinctItems: 0, cachedEvaluations: 0, perSystemEvaluations: 0 };

  /** The item matched on its own: no other items (no platform advisories reach here), no KBs. */
  const hitsFor = (d: Distinct): Hit[] => {
    const it = d.prepared;
    const alone: PreparedInventory = { items: [it], kbs: noKbs };
    const out: Hit[] = [];
    for (const a of candidates(it)) {
      const dep = depOf(a);
      if (dep === Dep.Platform) {
        out.push({ a, bySignature: new Map() });
        continue;
      }
      stats.cachedEvaluations++;
      const m = matchItem(alone, it, advisories[a]!);
      const kbs = classified[a]?.kbs;
      if (dep === Dep.Kb) out.push(m ? { a, status: m.status, reason: m.reason, method: m.method, kbs } : { a, kbs });
      else if (m) out.push({ a, status: m.status, reason: m.reason, method: m.method });
    }
    return out;
  };

  const all: SystemMatch[] = [];
  for (const sys of systems) {
    const inventory = sys.inventory ?? [];
    // Prepare the system's items (shared preparation, the system's own row objects and positions).
    const distinct: (Distinct | null)[] = [];
    const items: PreparedItem[] = [];
    const kbs = new Set<string>();
    inventory.forEach((item, index) => {
      const key = itemCacheKey(item);
      let d = key === null ? undefined : cache.get(key);
      if (!d && key !== null) {
        d = { id: cache.size, prepared: prepareItem(item, 0), kbs: [...kbNumbers(item.product), ...kbNumbers(item.version)], hits: null };
        cache.set(key, d);
        stats.distinctItems++;
      }
      if (d) {
        distinct.push(d);
        items.push(d.prepared.item === item && d.prepared.index === index ? d.prepared : { ...d.prepared, item, index });
        for (const kb of d.kbs) kbs.add(kb);
      } else {
        distinct.push(null);
        const p = prepareItem(item, index);
        items.push(p);
        for (const kb of [...kbNumbers(item.product), ...kbNumbers(item.version)]) kbs.add(kb);
      }
    });
    const inv: PreparedInventory = { items, kbs };
    const out: SystemMatch[] = opts.onSystem ? [] : all;
    const direct = (it: PreparedItem, a: number): Match | null => {
      stats.perSystemEvaluations++;
      const adv = advisories[a]!;
      const m = matchItem(inv, it, adv);
      if (m) out.push({ systemId: sys.id, cve: adv.cve, match: m });
      return m;
    };
    const emit = (it: PreparedItem, a: number, h: Omit<Hit, 'a'>) => {
      if (h.status) out.push({ systemId: sys.id, cve: advisories[a]!.cve, match: { status: h.status, item: it.item, reason: h.reason!, method: h.method! } });
    };
    // Platform outcomes of this system, per criterion: "y"/"u" + the deciding row's id, or "n".
    const outcomes = new Map<CpeCriterion, string | null>();
    const outcome = (c: CpeCriterion): string | null => {
      let o = outcomes.get(c);
      if (o === undefined) {
        o = platformOutcome(c, items, distinct);
        outcomes.set(c, o);
      }
      return o;
    };
    const signature = (a: number): string | null => {
      const cl = classified[a]!;
      const parts: string[] = [];
      for (const c of cl.platforms!) {
        const o = outcome(c);
        if (o === null) return null;
        parts.push(o);
      }
      if (cl.kbs && kbs.size) parts.push(`kb:${cl.kbs.filter((k) => kbs.has(k)).join(',')}`);
      return parts.join('\u0000');
    };
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (it.kbOnly) continue; // matches nothing, as in matchItem
      const d = distinct[i];
      if (!d) {
        for (const a of candidates(it)) direct(it, a);
        continue;
      }
      d.hits ??= hitsFor(d);
      for (const h of d.hits) {
        if (h.bySignature) {
          const sig = signature(h.a);
          const hit = sig === null ? undefined : h.bySignature.get(sig);
          if (hit) emit(it, h.a, hit);
          else {
            const m = direct(it, h.a);
            if (sig !== null) h.bySignature.set(sig, m ? { status: m.status, reason: m.reason, method: m.method } : {});
          }
        } else if (h.kbs && kbs.size && h.kbs.some((k) => kbs.has(k))) {
          // Some KB of the fix is installed: only which ones can change the result.
          const sig = h.kbs.filter((k) => kbs.has(k)).join(',');
          const hit = h.byKbs?.get(sig);
          if (hit) emit(it, h.a, hit);
          else {
            const m = direct(it, h.a);
            (h.byKbs ??= new Map()).set(sig, m ? { status: m.status, reason: m.reason, method: m.method } : {});
          }
        } else emit(it, h.a, h);
      }
    }
    if (opts.onSystem) opts.onSystem(sys.id, out);
  }
  return { matches: all, stats };
}

/**
 * How a platform criterion fares on a system, as evalNode decides it: the first row for which it
 * holds, else the first for which it is unknown, else none. Null when a deciding row has no key.
 */
function platformOutcome(c: CpeCriterion, items: readonly PreparedItem[], distinct: readonly (Distinct | null)[]): string | null {
  const pc = prepareCriterion(c);
  let unknown: string | null | undefined;
  for (let i = 0; i < items.length; i++) {
    const t = criterionTri(pc, items[i]!);
    if (t === 'no') continue;
    const d = distinct[i];
    if (t === 'yes') return d ? `y${d.id}` : null;
    if (unknown === undefined) unknown = d ? `u${d.id}` : null;
  }
  return unknown === undefined ? 'n' : unknown;
}

/** Whether an advisory's result reads the rest of the inventory (platforms) or the installed KBs. */
function classify(a: Advisory): Classified {
  let kbs: string[] | undefined;
  if (Array.isArray(a.products) && a.products.length) {
    // Every product's KBs (matchProducts looks at a subset), iterated and normalised as it does.
    const set = new Set<string>();
    for (const p of a.products) for (const kb of p?.kbs ?? []) set.add(String(kb).replace(/^KB/i, ''));
    if (set.size) kbs = [...set].sort();
  }
  const platforms: CpeCriterion[] = [];
  if (hasUsableConfigurations(a)) {
    for (const conf of a.configurations ?? []) for (const node of conf ?? []) {
      for (const c of node?.cpeMatch ?? []) {
        // evalNode treats every criterion that is not `vulnerable` as a platform, if it parses.
        if (c && !c.vulnerable && prepareCriterion(c).cpe && !platforms.includes(c)) platforms.push(c);
      }
    }
  }
  if (platforms.length) return { dep: Dep.Platform, kbs, platforms };
  if (kbs) return { dep: Dep.Kb, kbs };
  return { dep: Dep.None };
}
