/**
 * One system's inventory against one advisory (issue 7, matching). Pure, no I/O.
 *
 * Strategies, per inventory item:
 *  (a) NVD CPE configurations with version ranges (the item's CPE, else a CPE-style key derived
 *      from its vendor/product names);
 *  (b) Microsoft / CSAF products: names ("Exchange Server 2019 CU13" = "Microsoft Exchange Server
 *      2019 Cumulative Update 13"), product ids, fixed builds and KB numbers — an installed KB of
 *      the fix, or a version at or above the fixed build, means fixed;
 *  (c) vendor/product names (KEV) when the advisory has neither: always "possibly affected".
 * An unknown version is "possibly_affected", never skipped. Every match carries its reason.
 */
import type { Advisory, AffectedProduct } from '../advisory.ts';
import { parseCpe23 } from '../cpe.ts';
import {
  clipText as q, nameTokens, prepareInventory, productKey, splitProductNames, vendorKey,
  type InventoryItem, type PreparedInventory, type PreparedItem,
} from './inventory.ts';
import { matchConfigurations } from './match-cpe.ts';
import { compareVersions, tokenizeVersion } from './version-compare.ts';

export type { InventoryItem } from './inventory.ts';

export interface Match {
  status: 'affected' | 'possibly_affected';
  item: InventoryItem;
  reason: string;
  method: 'cpe' | 'name' | 'msrc-product';
}

/** Why an item was not matched, or what was skipped on the way (for the "not affected" reason). */
export interface MatchNote {
  item: InventoryItem;
  note: string;
}

type Relation = 'exact' | 'item-more-specific' | 'item-less-specific' | null;

/** How two token lists relate: equal, one a prefix of the other, or unrelated. */
export function tokenRelation(product: readonly string[], item: readonly string[]): Relation {
  if (product.length === 0 || item.length === 0) return null;
  const n = Math.min(product.length, item.length);
  for (let i = 0; i < n; i++) if (product[i] !== item[i]) return null;
  if (product.length === item.length) return 'exact';
  return product.length < item.length ? 'item-more-specific' : 'item-less-specific';
}

/** The vendor key for an advisory's products: their own vendor, the advisory's, or Microsoft for MSRC. */
export function productVendorKey(p: AffectedProduct, a: Advisory): string {
  if (p.vendor) return vendorKey(p.vendor);
  if (a.sources?.includes('msrc')) return 'microsoft';
  return vendorKey(a.vendor ?? '');
}

const productTokenCache = new WeakMap<AffectedProduct, string[]>();
export function productTokens(p: AffectedProduct, a: Advisory): string[] {
  let t = productTokenCache.get(p);
  if (!t) {
    t = nameTokens(p.name, p.vendor ?? (a.sources?.includes('msrc') ? 'Microsoft' : a.vendor));
    productTokenCache.set(p, t);
  }
  return t;
}

function firstNumber(v: string): string | null {
  const t = tokenizeVersion(v);
  const f = t?.[0];
  return f && 'n' in f ? f.n : null;
}

interface MsrcVerdict {
  verdict: 'affected' | 'possibly' | 'fixed' | 'none';
  reason: string;
}

/** Strategy (b): the item against the advisory's named products. */
export function matchProducts(a: Advisory, it: PreparedItem, kbs: ReadonlySet<string>): MsrcVerdict {
  const products = Array.isArray(a.products) ? a.products : [];
  const precise: AffectedProduct[] = [];
  const loose: AffectedProduct[] = [];
  for (const p of products) {
    if (!p || typeof p.name !== 'string') continue;
    if (productVendorKey(p, a) !== it.vendorKey && !(p.productId && p.productId === it.item.product?.trim())) {
      // A CSAF product may still be identified by its CPE.
      const pc = p.cpe ? parseCpe23(p.cpe) : null;
      if (!(pc && vendorKey(pc.vendor) === it.vendorKey && productKey(pc.product) === it.productKey)) continue;
      precise.push(p);
      continue;
    }
    if (p.productId && p.productId === it.item.product?.trim()) {
      precise.push(p);
      continue;
    }
    const rel = tokenRelation(productTokens(p, a), it.tokens);
    if (rel === 'exact' || rel === 'item-more-specific') precise.push(p);
    else if (rel === 'item-less-specific') loose.push(p);
  }
  const chosen = precise.length ? precise : loose;
  if (chosen.length === 0) return { verdict: 'none', reason: 'no listed product matches' };
  const names = [...new Set(chosen.map((p) => q(p.name)))].slice(0, 3).join(', ');
  // Installed KB of the fix → fixed.
  for (const p of chosen) {
    for (const kb of p.kbs ?? []) {
      const k = String(kb).replace(/^KB/i, '');
      if (kbs.has(k)) return { verdict: 'fixed', reason: `KB${q(k, 12)} (fix for ${q(p.name)}) is installed` };
    }
  }
  const kbText = [...new Set(chosen.flatMap((p) => p.kbs ?? []))].slice(0, 4).map((k) => `KB${q(String(k).replace(/^KB/i, ''), 12)}`).join(', ');
  const fixHint = kbText ? `; fix: ${kbText}` : '';
  const builds = chosen.filter((p) => typeof p.fixedBuild === 'string' && p.fixedBuild.trim() !== '');
  const v = it.version;
  if (v !== null && builds.length) {
    // Only builds of the same family are comparable ("1.001" of an IE cumulative is not a Windows build).
    const vf = firstNumber(v);
    const comparable = builds.filter((p) => vf !== null && firstNumber(p.fixedBuild!) === vf && compareVersions(v, p.fixedBuild!) !== null);
    if (comparable.length) {
      const lowest = comparable.reduce((m, p) => (compareVersions(p.fixedBuild!, m.fixedBuild!) === -1 ? p : m));
      if (compareVersions(v, lowest.fixedBuild!)! >= 0) {
        return { verdict: 'fixed', reason: `version ${q(v, 40)} ≥ fixed build ${q(lowest.fixedBuild, 40)} (${q(lowest.name)})` };
      }
      if (precise.length) return { verdict: 'affected', reason: `${q(lowest.name)} listed; version ${q(v, 40)} < fixed build ${q(lowest.fixedBuild, 40)}${fixHint}` };
      return { verdict: 'possibly', reason: `inventory name is less specific than ${names}; version ${q(v, 40)} < fixed build ${q(lowest.fixedBuild, 40)}${fixHint}` };
    }
  }
  if (!precise.length) return { verdict: 'possibly', reason: `inventory name is less specific than the listed ${names}${fixHint}` };
  if (builds.length === 0) return { verdict: 'affected', reason: `${names} listed as affected, no fixed build given${fixHint}` };
  const why = v === null ? 'version unknown' : `version ${q(v, 40)} not comparable with fixed build ${q(builds[0]!.fixedBuild, 40)}`;
  return { verdict: 'possibly', reason: `${names} listed; ${why}${fixHint}` };
}

/** Strategy (c): vendor/product names only (KEV); never certain. */
export function matchNames(a: Advisory, it: PreparedItem): string | null {
  if (!a.vendor || !a.product) return null;
  if (vendorKey(a.vendor) !== it.vendorKey) return null;
  for (const name of splitProductNames(a.product)) {
    const rel = tokenRelation(nameTokens(name, a.vendor), it.tokens) ?? (productKey(name, a.vendor) === it.productKey ? 'exact' : null);
    if (rel) return `vendor/product name "${q(a.vendor)} / ${q(name)}" matches "${q(it.item.vendor)} / ${q(it.item.product)}"; the advisory gives no versions`;
  }
  return null;
}

/** True when the configurations contain at least one criterion that parses (else names are used). */
const usableCache = new WeakMap<Advisory, boolean>();
export function hasUsableConfigurations(a: Advisory): boolean {
  let hit = usableCache.get(a);
  if (hit === undefined) {
    hit = false;
    if (Array.isArray(a.configurations)) {
      outer: for (const conf of a.configurations) for (const n of conf ?? []) for (const c of n?.cpeMatch ?? []) {
        if (c && typeof c.criteria === 'string' && parseCpe23(c.criteria)) {
          hit = true;
          break outer;
        }
      }
    }
    usableCache.set(a, hit);
  }
  return hit;
}

function one(it: PreparedItem, a: Advisory, inv: PreparedInventory, notes: MatchNote[], usableConf: boolean): Match | null {
  const item = it.item;
  if (it.kbOnly) return null;
  const note = (n: string) => notes.push({ item, note: n });
  const cpe = usableConf ? matchConfigurations(a.configurations, it, inv) : null;
  for (const s of cpe?.skipped ?? []) note(s);
  if (!usableConf && a.configurations?.length) {
    if (it.cpeProblem) note(it.cpeProblem);
    let shown = 0;
    for (const conf of a.configurations) for (const n of conf ?? []) for (const c of n?.cpeMatch ?? []) {
      if (shown++ < 5) note(`criterion "${q(String(c?.criteria))}" does not parse; skipped`);
    }
    note('no CPE criterion of the advisory parses; CPE matching skipped, names used');
  }
  const cpeMethod = cpe?.byCpe ? 'cpe' : 'name';
  const ms = a.products?.length ? matchProducts(a, it, inv.kbs) : null;
  if (ms?.verdict === 'fixed') {
    note(`not affected: ${ms.reason}`);
    return null;
  }
  if (cpe?.verdict === 'affected' && (cpe.versionChecked || !ms || ms.verdict !== 'affected')) {
    return { status: 'affected', item, reason: cpe.reason, method: cpeMethod };
  }
  if (ms?.verdict === 'affected') return { status: 'affected', item, reason: `MSRC: ${ms.reason}`, method: 'msrc-product' };
  if (cpe?.verdict === 'possibly') return { status: 'possibly_affected', item, reason: cpe.reason, method: cpeMethod };
  if (ms?.verdict === 'possibly') return { status: 'possibly_affected', item, reason: `MSRC: ${ms.reason}`, method: 'msrc-product' };
  if (cpe?.productListed) {
    note(`not affected: ${cpe.reason}`);
    return null;
  }
  if (!usableConf && !a.products?.length) {
    const why = matchNames(a, it);
    if (why) return { status: 'possibly_affected', item, reason: why, method: 'name' };
  }
  return null;
}

/** One prepared item of a prepared inventory against one advisory (used by the index). */
export function matchItem(inv: PreparedInventory, it: PreparedItem, a: Advisory, notes: MatchNote[] = []): Match | null {
  return one(it, a, inv, notes, hasUsableConfigurations(a));
}

/** Internal entry used by the index: the inventory is prepared once per system. */
export function matchPrepared(inv: PreparedInventory, a: Advisory, notes: MatchNote[] = []): Match[] {
  const out: Match[] = [];
  const usable = hasUsableConfigurations(a);
  for (const it of inv.items) {
    const m = one(it, a, inv, notes, usable);
    if (m) out.push(m);
  }
  return out;
}

/** Every inventory item of one system that the advisory affects or possibly affects, with why. */
export function matchSystem(inventory: InventoryItem[], advisory: Advisory): Match[] {
  return matchPrepared(prepareInventory(inventory), advisory);
}

/** As matchSystem, plus the notes: what was skipped (unparseable CPEs) and why items are not affected. */
export function explainSystem(inventory: InventoryItem[], advisory: Advisory): { matches: Match[]; notes: MatchNote[] } {
  const notes: MatchNote[] = [];
  const matches = matchPrepared(prepareInventory(inventory), advisory, notes);
  return { matches, notes };
}
