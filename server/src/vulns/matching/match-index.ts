/**
 * An index over advisories so that a full re-match (10,000 systems × their inventories against
 * KEV + ~50,000 NVD records) only compares an item with the advisories that could name it. Pure,
 * no I/O. The index is a candidate filter: every advisory that matchSystem could match for an item
 * is found under one of the item's keys (same normalisation functions on both sides); the final
 * decision is always matchSystem's. matchAll evaluates each distinct inventory row once and
 * reuses the result across systems (rematch-cache.ts); candidates are memoised per candidateKey.
 */
import type { Advisory } from '../advisory.ts';
import { nameTokens, prepareInventory, splitProductNames, vendorKey, type PreparedItem } from './inventory.ts';
import { criterionTri, prepareCriterion } from './match-cpe.ts';
import { hasUsableConfigurations, matchItem, productTokens, productVendorKey } from './match-advisory.ts';
import { parseCpe23 } from '../cpe.ts';
import { productKey } from './inventory.ts';
import { matchAllCached, type RematchOptions, type RematchSystem, type SystemMatch } from './rematch-cache.ts';

export type { RematchOptions, RematchStats, RematchSystem, SystemMatch } from './rematch-cache.ts';

export interface AdvisoryIndex {
  advisories: Advisory[];
  /** product / name / product-id key → advisory positions (whole-advisory candidates). */
  keys: Map<string, number[]>;
  /** CPE vendor|product key → the vulnerable criteria naming it, with their advisory position. */
  criteria: Map<string, { a: number; c: ReturnType<typeof prepareCriterion> }[]>;
}

function add(keys: Map<string, number[]>, key: string, i: number): void {
  const list = keys.get(key);
  if (!list) keys.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

/** Registers a name (tokens) under its full form and each proper prefix. */
function addName(keys: Map<string, number[]>, ns: string, vk: string, tokens: string[], i: number): void {
  if (tokens.length === 0) return;
  add(keys, `${ns}f:${vk}|${tokens.join(' ')}`, i);
  for (let n = 1; n < tokens.length; n++) add(keys, `${ns}p:${vk}|${tokens.slice(0, n).join(' ')}`, i);
}

export function buildAdvisoryIndex(advisories: readonly Advisory[]): AdvisoryIndex {
  const keys = new Map<string, number[]>();
  const criteria: AdvisoryIndex['criteria'] = new Map();
  const list = [...advisories];
  list.forEach((a, i) => {
    const usable = hasUsableConfigurations(a);
    if (usable) {
      for (const conf of a.configurations ?? []) for (const node of conf ?? []) for (const c of node?.cpeMatch ?? []) {
        if (!c?.vulnerable) continue;
        const pc = prepareCriterion(c);
        if (!pc.cpe) continue;
        const k = `${pc.vendorKey}|${pc.productKey}`;
        const l = criteria.get(k);
        if (l) l.push({ a: i, c: pc });
        else criteria.set(k, [{ a: i, c: pc }]);
      }
    }
    const products = Array.isArray(a.products) ? a.products : [];
    for (const p of products) {
      if (!p || typeof p.name !== 'string') continue;
      addName(keys, 'p', productVendorKey(p, a), productTokens(p, a), i);
      if (p.productId) add(keys, `id:${p.productId}`, i);
      const pc = p.cpe ? parseCpe23(p.cpe) : null;
      if (pc) add(keys, `c:${vendorKey(pc.vendor)}|${productKey(pc.product)}`, i);
    }
    if (!usable && products.length === 0 && a.vendor && a.product) {
      const vk = vendorKey(a.vendor);
      for (const name of splitProductNames(a.product)) {
        addName(keys, 'n', vk, nameTokens(name, a.vendor), i);
        // Aliases ("Log4j2" = "Log4j") meet the item under its CPE-style key.
        add(keys, `c:${vk}|${productKey(name, a.vendor)}`, i);
      }
    }
  });
  return { advisories: list, keys, criteria };
}

/** The keys under which an item looks for candidates. */
export function itemKeys(it: PreparedItem): string[] {
  if (it.kbOnly) return [];
  const out = [`c:${it.vendorKey}|${it.productKey}`];
  const t = it.tokens;
  if (t.length) {
    for (const ns of ['p', 'n']) {
      for (let n = 1; n <= t.length; n++) out.push(`${ns}f:${it.vendorKey}|${t.slice(0, n).join(' ')}`);
      out.push(`${ns}p:${it.vendorKey}|${t.join(' ')}`);
    }
  }
  const id = it.item.product?.trim();
  if (id && /^\d{1,10}$/.test(id)) out.push(`id:${id}`);
  return out;
}

/**
 * Candidate advisory positions for one item: advisories naming it by product or name, and those
 * with a vulnerable criterion for its CPE key that is not a definite "no" for this item (an item
 * whose every criterion says "outside the range" cannot match through CPE).
 */
export function itemCandidates(index: AdvisoryIndex, it: PreparedItem): Set<number> {
  const out = new Set<number>();
  if (it.kbOnly) return out;
  for (const k of itemKeys(it)) {
    const list = index.keys.get(k);
    if (list) for (const i of list) out.add(i);
  }
  const crit = index.criteria.get(`${it.vendorKey}|${it.productKey}`);
  if (crit) for (const { a, c } of crit) if (!out.has(a) && criterionTri(c, it) !== 'no') out.add(a);
  return out;
}

/** Candidate advisory positions for one item, ascending (the order matches are reported in). */
export function sortedCandidates(index: AdvisoryIndex, it: PreparedItem): number[] {
  return [...itemCandidates(index, it)].sort((a, b) => a - b);
}

/**
 * Everything itemCandidates reads from an item (itemKeys, criterionTri), as one string: rows that
 * differ only in what reasons quote (vendor spelling, an uninformative CPE) share candidates.
 */
export function candidateKey(it: PreparedItem): string {
  if (it.kbOnly) return 'kb';
  const c = it.cpe;
  const id = it.item.product?.trim();
  return JSON.stringify([
    it.vendorKey, it.productKey, it.tokens, it.version,
    c ? [c.part, c.update, c.edition, c.language, c.swEdition, c.targetSw, c.targetHw, c.other] : null,
    id && /^\d{1,10}$/.test(id) ? id : '',
  ]);
}

/** sortedCandidates, memoised by candidateKey for the duration of one re-match. */
function memoCandidates(index: AdvisoryIndex): (it: PreparedItem) => number[] {
  const memo = new Map<string, number[]>();
  return (it) => {
    const k = candidateKey(it);
    let c = memo.get(k);
    if (!c) memo.set(k, (c = sortedCandidates(index, it)));
    return c;
  };
}

export interface MatchAllOptions extends RematchOptions {
  /**
   * false: prepare and match every system on its own (the reference the cache is tested against).
   * Default true: one evaluation per distinct inventory row, see rematch-cache.ts.
   */
  cache?: boolean;
}

/**
 * Every (system, CVE, item) match, comparing each system only with its candidate advisories.
 * Order: systems in input order; per system, items in inventory order; per item, advisories in
 * index order. With `onSystem`, matches are handed over per system and the result is empty.
 */
export function matchAll(systems: readonly RematchSystem[], index: AdvisoryIndex, opts: MatchAllOptions = {}): SystemMatch[] {
  if (opts.cache === false) return matchAllDirect(systems, index, opts);
  return matchAllCached(systems, index.advisories, memoCandidates(index), opts).matches;
}

/** As matchAll, with counts of what the cache saved (for the benchmark). */
export function matchAllWithStats(systems: readonly RematchSystem[], index: AdvisoryIndex, opts: RematchOptions = {}) {
  return matchAllCached(systems, index.advisories, memoCandidates(index), opts);
}

function matchAllDirect(systems: readonly RematchSystem[], index: AdvisoryIndex, opts: RematchOptions): SystemMatch[] {
  const all: SystemMatch[] = [];
  for (const sys of systems) {
    const out: SystemMatch[] = opts.onSystem ? [] : all;
    const inv = prepareInventory(sys.inventory ?? []);
    for (const it of inv.items) {
      for (const i of sortedCandidates(index, it)) {
        const a = index.advisories[i]!;
        const match = matchItem(inv, it, a);
        if (match) out.push({ systemId: sys.id, cve: a.cve, match });
      }
    }
    if (opts.onSystem) opts.onSystem(sys.id, out);
  }
  return all;
}
