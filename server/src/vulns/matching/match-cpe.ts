/**
 * Does an inventory item satisfy an NVD configuration? Pure, no I/O.
 *
 * An advisory's `configurations` is a list of configurations; each is a list of nodes that must
 * all hold (NVD's configuration-level AND; a single node is just itself). A node is OR/AND over
 * its criteria, optionally negated. Criteria flagged `vulnerable: true` are tested against the
 * item; `vulnerable: false` criteria are the platform ("running on" / "installed on") and are
 * tested against the system's whole inventory. Three-valued: yes / no / unknown (an unknown
 * version, or a platform the inventory does not list) — unknown becomes "possibly affected".
 */
import type { CpeCriterion, CpeNode } from '../advisory.ts';
import { parseCpe23, type Cpe23 } from '../cpe.ts';
import { clipText as q, productKey, vendorKey, type PreparedInventory, type PreparedItem } from './inventory.ts';
import { checkRange, rangeInside } from './version-compare.ts';

export type Tri = 'yes' | 'no' | 'unknown';

export interface CpeMatchResult {
  /** affected: matched with a definite version decision; possibly: matched but the version or platform is unknown. */
  verdict: 'affected' | 'possibly' | 'none';
  /** True when the item was identified by its own CPE, false when by its vendor/product names. */
  byCpe: boolean;
  /** True when the vendor/product of the item appears among the vulnerable criteria at all. */
  productListed: boolean;
  /** True when an actual version bound or exact version decided it (not "all versions"). */
  versionChecked: boolean;
  reason: string;
  /** Criteria that did not parse, and other things skipped on the way. */
  skipped: string[];
}

export interface ParsedCriterion {
  raw: CpeCriterion;
  cpe: Cpe23 | null;
  vendorKey: string;
  productKey: string;
}

const parsedCache = new Map<string, Cpe23 | null>();
function parseCached(s: string): Cpe23 | null {
  let hit = parsedCache.get(s);
  if (hit === undefined) {
    hit = typeof s === 'string' ? parseCpe23(s) : null;
    if (parsedCache.size > 200_000) parsedCache.clear();
    parsedCache.set(s, hit);
  }
  return hit;
}

const criterionCache = new WeakMap<CpeCriterion, ParsedCriterion>();
export function prepareCriterion(c: CpeCriterion): ParsedCriterion {
  let p = criterionCache.get(c);
  if (!p) {
    const cpe = parseCached(c.criteria);
    p = { raw: c, cpe, vendorKey: cpe ? vendorKey(cpe.vendor) : '', productKey: cpe ? productKey(cpe.product) : '' };
    criterionCache.set(c, p);
  }
  return p;
}

const short = (s: string) => (typeof s === 'string' ? (s.length > 120 ? s.slice(0, 120) + '…' : s) : String(s));

/** Attribute comparison: `*` in either matches; `-` (NA) only matches `-` or `*`; else equal (case-insensitive). */
function attrOk(criterion: string, item: string | undefined): boolean {
  if (criterion === '*' || item === undefined || item === '*') return true;
  return criterion.toLowerCase() === item.toLowerCase();
}

const CPE_ATTRS = ['update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;

interface CritResult {
  r: Tri;
  reason: string;
  constrained: boolean;
}

/** One criterion against one prepared item. Only the identity and version are decisive. */
export function matchCriterion(pc: ParsedCriterion, it: PreparedItem): CritResult {
  const c = pc.cpe;
  if (!c) return { r: 'no', reason: 'criterion does not parse', constrained: false };
  if (it.kbOnly) return { r: 'no', reason: 'KB row', constrained: false };
  if (pc.vendorKey !== it.vendorKey || pc.productKey !== it.productKey) return { r: 'no', reason: 'other product', constrained: false };
  const ic = it.cpe;
  if (ic) {
    if (!attrOk(c.part, ic.part)) return { r: 'no', reason: `part ${ic.part} ≠ ${c.part}`, constrained: false };
    for (const k of CPE_ATTRS) {
      if (!attrOk(c[k], ic[k])) return { r: 'no', reason: `${k} ${ic[k]} ≠ ${c[k]}`, constrained: false };
    }
  }
  const v = checkRange(it.version, pc.raw, c.version);
  const label = `CPE ${short(pc.raw.criteria)}`;
  if (v.inside === true) return { r: 'yes', reason: `${label} matches, ${v.reason}`, constrained: v.constrained };
  if (v.inside === false) return { r: 'no', reason: `${label}: ${v.reason}, outside the vulnerable range`, constrained: true };
  return { r: 'unknown', reason: `${label} names this product but ${v.reason}`, constrained: true };
}

/**
 * matchCriterion(pc, it).r without the reason strings (see rangeInside): the index's candidate
 * filter. Must decide exactly as matchCriterion does; the tests compare the two.
 */
export function criterionTri(pc: ParsedCriterion, it: PreparedItem): Tri {
  const c = pc.cpe;
  if (!c || it.kbOnly) return 'no';
  if (pc.vendorKey !== it.vendorKey || pc.productKey !== it.productKey) return 'no';
  const ic = it.cpe;
  if (ic) {
    if (!attrOk(c.part, ic.part)) return 'no';
    for (const k of CPE_ATTRS) if (!attrOk(c[k], ic[k])) return 'no';
  }
  const inside = rangeInside(it.version, pc.raw, c.version);
  return inside === true ? 'yes' : inside === false ? 'no' : 'unknown';
}

function combine(op: 'OR' | 'AND', rs: Tri[]): Tri {
  if (op === 'AND') {
    if (rs.includes('no')) return 'no';
    return rs.includes('unknown') ? 'unknown' : 'yes';
  }
  if (rs.includes('yes')) return 'yes';
  return rs.includes('unknown') ? 'unknown' : 'no';
}
const negateTri = (t: Tri): Tri => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'unknown');

interface NodeEval {
  r: Tri;
  /** Some vulnerable criterion of this node is about the item (matched or unknown). */
  hitsItem: boolean;
  reasons: string[];
  constrained: boolean;
}

function evalNode(node: CpeNode, item: PreparedItem, inv: PreparedInventory, skipped: string[]): NodeEval {
  const results: Tri[] = [];
  const reasons: string[] = [];
  let hitsItem = false;
  let constrained = false;
  const list = Array.isArray(node.cpeMatch) ? node.cpeMatch : [];
  for (const crit of list) {
    const pc = prepareCriterion(crit);
    if (!pc.cpe) {
      skipped.push(`criterion "${short(String(crit.criteria))}" does not parse; skipped`);
      results.push('no');
      continue;
    }
    if (crit.vulnerable) {
      const m = matchCriterion(pc, item);
      results.push(m.r);
      if (m.r !== 'no') {
        hitsItem = true;
        reasons.push(m.reason);
        constrained ||= m.constrained;
      } else if (m.constrained) reasons.push(m.reason);
    } else {
      // Platform: any item of the system (other than KB rows) may satisfy it.
      let best: CritResult = { r: 'no', reason: '', constrained: false };
      for (const other of inv.items) {
        const m = matchCriterion(pc, other);
        if (m.r === 'yes') {
          best = { ...m, reason: `running on ${q(other.item.vendor)} ${q(other.item.product)}${other.version ? ' ' + q(other.version, 40) : ''} (${short(crit.criteria)})` };
          break;
        }
        if (m.r === 'unknown' && best.r === 'no') best = m;
      }
      if (best.r === 'no') best = { r: 'unknown', reason: `platform ${short(crit.criteria)} not listed in the system's inventory`, constrained: false };
      results.push(best.r);
      reasons.push(best.reason);
    }
  }
  let r = combine(node.operator === 'AND' ? 'AND' : 'OR', results);
  if (node.negate) r = negateTri(r);
  return { r, hitsItem, reasons, constrained };
}

/** The item against one configuration (its nodes ANDed). */
function evalConfiguration(nodes: CpeNode[], item: PreparedItem, inv: PreparedInventory, skipped: string[]): NodeEval {
  const evals = nodes.map((n) => evalNode(n, item, inv, skipped));
  const r = combine('AND', evals.map((e) => e.r));
  const hitsItem = evals.some((e) => e.hitsItem);
  const reasons: string[] = [];
  for (const e of evals) {
    // For a platform-only node that failed, say so; otherwise keep the interesting reasons.
    if (e.r === 'yes') reasons.push(...e.reasons.filter((x) => !/outside the vulnerable range/.test(x)).slice(0, 1));
    else reasons.push(...e.reasons.slice(0, 2));
  }
  return { r, hitsItem, reasons, constrained: evals.some((e) => e.constrained) };
}

/** True when some vulnerable criterion of the configurations names the item's vendor/product. */
export function productListed(configurations: CpeNode[][], item: PreparedItem): boolean {
  for (const conf of configurations) {
    for (const node of conf) {
      for (const c of node.cpeMatch ?? []) {
        if (!c.vulnerable) continue;
        const pc = prepareCriterion(c);
        if (pc.cpe && pc.vendorKey === item.vendorKey && pc.productKey === item.productKey) return true;
      }
    }
  }
  return false;
}

/**
 * The item against all configurations of an advisory. `affected` needs every node to hold and a
 * vulnerable criterion about the item; `possibly` when that is only unknown (version, platform).
 */
export function matchConfigurations(configurations: CpeNode[][] | undefined, item: PreparedItem, inv: PreparedInventory): CpeMatchResult {
  const skipped: string[] = [];
  const byCpe = item.cpe !== null;
  if (item.cpeProblem) skipped.push(item.cpeProblem);
  const none = (reason: string, listed = false): CpeMatchResult => ({ verdict: 'none', byCpe, productListed: listed, versionChecked: false, reason, skipped });
  if (!Array.isArray(configurations) || configurations.length === 0) return none('no CPE configurations');
  if (item.kbOnly) return none('KB row');
  const listed = productListed(configurations, item);
  if (!listed) {
    // Still report unparseable criteria once, so the caller can say what was skipped.
    for (const conf of configurations) for (const n of conf) for (const c of n.cpeMatch ?? []) if (!prepareCriterion(c).cpe) skipped.push(`criterion "${short(String(c.criteria))}" does not parse; skipped`);
    return none('product not in the CPE configurations');
  }
  let possibly: NodeEval | null = null;
  const outside: string[] = [];
  for (const conf of configurations) {
    if (!Array.isArray(conf) || conf.length === 0) continue;
    const e = evalConfiguration(conf, item, inv, skipped);
    if (!e.hitsItem) {
      outside.push(...e.reasons.filter((x) => /outside the vulnerable range/.test(x)));
      continue;
    }
    if (e.r === 'yes') {
      const via = byCpe ? '' : ` (identified by name ${q(item.item.vendor)} / ${q(item.item.product)})`;
      return { verdict: 'affected', byCpe, productListed: true, versionChecked: e.constrained, reason: e.reasons.join('; ') + via, skipped };
    }
    if (e.r === 'unknown' && !possibly) possibly = e;
  }
  if (possibly) {
    return { verdict: 'possibly', byCpe, productListed: true, versionChecked: false, reason: possibly.reasons.join('; '), skipped };
  }
  return none(outside.length ? outside.slice(0, 3).join('; ') : 'no configuration holds', true);
}

