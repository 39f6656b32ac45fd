/**
 * CSAF 2.0 advisory JSON → Advisory per `vulnerabilities[].cve`. The product tree (branches at
 * any depth, top-level full_product_names, relationships) is flattened to product_id → {name,
 * vendor, cpe}. Products named in product_status are listed with their status (`affected` for
 * first/known/last_affected, `fixed` for first_fixed/fixed); vendor_fix remediations add KB-like
 * ids and their URLs. Pure.
 */
import type { AffectedProduct, Advisory, ImportResult, Severity } from '../advisory.ts';
import { parseCpe23 } from '../cpe.ts';
import {
  arr, checkCve, compact, cwesFrom, FeedError, guard, isObj, maxSeverity, num, parseJsonFeed, str,
  toSeverity, uniq, type FeedInput, type ImportOptions, type Skipped,
} from './feed-input.ts';

type J = Record<string, unknown>;
interface Prod { name: string; vendor?: string; cpe?: string }

export function importCsaf(input: FeedInput, opts: ImportOptions = {}): ImportResult {
  return guard(() => csafFromJson(parseJsonFeed(input, opts)));
}

export function looksLikeCsaf(doc: unknown): boolean {
  return isObj(doc) && isObj(doc.document) && (str(doc.document.csaf_version) !== undefined || isObj(doc.product_tree));
}

const AFFECTED = ['first_affected', 'known_affected', 'last_affected'];
const FIXED = ['first_fixed', 'fixed'];
const KB_RE = /\bKB\s?(\d{6,8})\b/gi;

export function csafFromJson(doc: unknown): ImportResult {
  return guard(() => {
    if (!looksLikeCsaf(doc) || !isObj(doc)) throw new FeedError('not a CSAF document (no "document" object)');
    const d = doc.document as J;
    const tracking = isObj(d.tracking) ? d.tracking : {};
    const skipped: Skipped = [];
    const products = new Map<string, Prod>();
    const tree = isObj(doc.product_tree) ? doc.product_tree : {};
    walkBranches(tree.branches, undefined, products, skipped, 0);
    for (const fp of arr(tree.full_product_names)) addProduct(fp, undefined, products, skipped);
    for (const rel of arr(tree.relationships).filter(isObj)) addProduct(rel.full_product_name, undefined, products, skipped);

    const publisher = isObj(d.publisher) ? str(d.publisher.name) : undefined;
    const records: Advisory[] = [];
    const seen = new Set<string>();
    arr(doc.vulnerabilities).forEach((v, i) => {
      if (!isObj(v)) return skipped.push({ index: i, reason: 'vulnerability is not an object' });
      const id = checkCve(v.cve);
      if ('reason' in id) return skipped.push({ index: i, reason: id.reason });
      if (seen.has(id.cve)) return skipped.push({ index: i, reason: `duplicate ${id.cve} (kept the first)` });
      seen.add(id.cve);
      records.push(csafRecord(id.cve, v, d, tracking, products, publisher, skipped));
    });
    return {
      records,
      skipped,
      meta: compact({
        source: 'csaf',
        id: str(tracking.id),
        title: str(d.title),
        publisher,
        category: str(d.category),
        initialReleaseDate: str(tracking.initial_release_date),
        currentReleaseDate: str(tracking.current_release_date),
        productCount: products.size,
        count: arr(doc.vulnerabilities).length,
      }),
    };
  });
}

function walkBranches(branches: unknown, vendor: string | undefined, out: Map<string, Prod>, skipped: Skipped, depth: number): void {
  if (depth > 30) return;
  for (const b of arr(branches).filter(isObj)) {
    const v = b.category === 'vendor' ? str(b.name) ?? vendor : vendor;
    if (b.product !== undefined) addProduct(b.product, v, out, skipped);
    walkBranches(b.branches, v, out, skipped, depth + 1);
  }
}

function addProduct(p: unknown, vendor: string | undefined, out: Map<string, Prod>, skipped: Skipped): void {
  if (!isObj(p)) return;
  const pid = str(p.product_id);
  const name = str(p.name);
  if (!pid || !name) {
    skipped.push({ index: `product:${pid ?? '?'}`, reason: 'product without product_id or name' });
    return;
  }
  const helper = isObj(p.product_identification_helper) ? p.product_identification_helper : {};
  let cpe = str(helper.cpe);
  if (cpe && cpe.startsWith('cpe:2.3:') && !parseCpe23(cpe)) {
    skipped.push({ index: `product:${pid}`, reason: `CPE does not parse: ${JSON.stringify(cpe.slice(0, 200))}` });
    cpe = undefined;
  }
  if (!out.has(pid)) out.set(pid, compact<Prod>({ name, vendor, cpe }));
}

function csafRecord(cve: string, v: J, d: J, tracking: J, products: Map<string, Prod>, publisher: string | undefined, skipped: Skipped): Advisory {
  const status = isObj(v.product_status) ? v.product_status : {};
  const ids = (keys: string[]) => uniq(keys.flatMap((k) => arr(status[k]).map(str).filter((x): x is string => !!x)));
  const affected = ids(AFFECTED);
  const fixed = ids(FIXED).filter((p) => !affected.includes(p));

  const kbsFor = new Map<string, string[]>();
  const refs: string[] = [];
  for (const r of arr(v.remediations).filter(isObj)) {
    if (r.category !== 'vendor_fix') continue;
    const url = str(r.url);
    if (url) refs.push(url);
    const kbs = uniq([...`${str(r.details) ?? ''} ${url ?? ''}`.matchAll(KB_RE)].map((m) => m[1]!));
    for (const pid of arr(r.product_ids).map(str).filter((x): x is string => !!x)) {
      kbsFor.set(pid, uniq([...(kbsFor.get(pid) ?? []), ...kbs]));
    }
  }
  const unknown = new Set<string>();
  const list: AffectedProduct[] = [];
  for (const [pids, st] of [[affected, 'affected'], [fixed, 'fixed']] as const) {
    for (const pid of pids) {
      const p = products.get(pid);
      if (!p) {
        unknown.add(pid);
        continue;
      }
      const kbs = kbsFor.get(pid);
      list.push(compact<AffectedProduct>({ productId: pid, name: p.name, vendor: p.vendor ?? publisher, cpe: p.cpe, kbs: kbs?.length ? kbs : undefined, status: st }));
    }
  }
  for (const pid of unknown) skipped.push({ index: cve, reason: `unknown product_id ${pid} (not in the product_tree)` });

  let cvssScore: number | undefined;
  let cvssVector: string | undefined;
  let severity: Severity | undefined;
  for (const s of arr(v.scores).filter(isObj)) {
    const c = isObj(s.cvss_v3) ? s.cvss_v3 : undefined;
    const score = c ? num(c.baseScore) : undefined;
    if (!c || score === undefined || score < 0 || score > 10) continue;
    if (cvssScore === undefined || score > cvssScore) {
      cvssScore = score;
      cvssVector = str(c.vectorString);
      severity = toSeverity(c.baseSeverity);
    }
  }
  let exploited = false;
  for (const t of arr(v.threats).filter(isObj)) {
    const details = str(t.details) ?? '';
    if (t.category === 'exploit_status' && /\bexploit(ed|ation)\b/i.test(details) && !/\bnot\b|\bno\b|\bunproven\b/i.test(details)) exploited = true;
    if (t.category === 'impact' && cvssScore === undefined) severity = maxSeverity(severity, toSeverity(details));
  }
  const notes = arr(v.notes).filter(isObj);
  const desc = notes.find((n) => n.category === 'description') ?? notes.find((n) => n.category === 'summary');
  const cwe = isObj(v.cwe) ? [v.cwe.id] : [];
  for (const r of arr(v.references).filter(isObj)) if (str(r.url)) refs.push(str(r.url)!);
  const vendors = uniq(list.map((p) => p.vendor).filter((x): x is string => !!x));
  return compact<Advisory>({
    cve,
    title: str(v.title) ?? str(d.title),
    description: desc ? str(desc.text) : undefined,
    vendor: vendors.length === 1 ? vendors[0] : undefined,
    cvssScore,
    cvssVector,
    severity,
    exploited: exploited || undefined,
    publishedAt: str(v.release_date) ?? str(tracking.initial_release_date),
    modifiedAt: str(tracking.current_release_date),
    products: list,
    references: uniq(refs),
    cwes: cwesFrom(cwe),
    sources: ['csaf'],
  });
}
