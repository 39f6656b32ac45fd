/**
 * Merging the records several sources give for one CVE. Pure and idempotent:
 * merge(a, a) equals a (for a record an importer produced), and merging a re-import of the same
 * file changes nothing. `b` is taken as the newer record when the two come from the same source.
 */
import type { AffectedProduct, Advisory, AdvisorySource } from '../advisory.ts';
import { compact, maxSeverity, uniq } from './feed-input.ts';

const SOURCE_ORDER: AdvisorySource[] = ['kev', 'nvd', 'msrc', 'csaf'];

/** Pick a field: from the side that has `prefer` as a source (and the other does not), else the
 *  newer side (by modifiedAt; `b` on a tie), falling back to whichever has a value. */
function pick<K extends keyof Advisory>(a: Advisory, b: Advisory, k: K, prefer: AdvisorySource[]): Advisory[K] {
  for (const p of prefer) {
    const ha = a.sources.includes(p) && a[k] !== undefined;
    const hb = b.sources.includes(p) && b[k] !== undefined;
    if (ha && !hb) return a[k];
    if (hb && !ha) return b[k];
    if (ha && hb) break;
  }
  const [first, second] = newer(a, b) ? [a, b] : [b, a];
  return first[k] !== undefined ? first[k] : second[k];
}

function newer(a: Advisory, b: Advisory): boolean {
  return !!a.modifiedAt && !!b.modifiedAt && a.modifiedAt > b.modifiedAt;
}

function mergeProducts(a: AffectedProduct[] = [], b: AffectedProduct[] = []): AffectedProduct[] {
  const out = new Map<string, AffectedProduct>();
  for (const p of [...a, ...b]) {
    const key = `${p.vendor ?? ''}\u0000${p.productId}`;
    const q = out.get(key);
    if (!q) {
      out.set(key, { ...p, ...(p.kbs ? { kbs: [...p.kbs] } : {}) });
      continue;
    }
    const kbs = uniq([...(q.kbs ?? []), ...(p.kbs ?? [])]);
    out.set(key, compact<AffectedProduct>({
      ...q,
      name: q.name || p.name,
      fixedBuild: q.fixedBuild ?? p.fixedBuild,
      cpe: q.cpe ?? p.cpe,
      status: q.status === 'affected' || p.status === 'affected' ? 'affected' : q.status ?? p.status,
      kbs: kbs.length ? kbs : undefined,
    }));
  }
  return [...out.values()];
}

export function mergeAdvisories(a: Advisory, b: Advisory): Advisory {
  if (a.cve !== b.cve) throw new Error(`cannot merge ${a.cve} with ${b.cve}`);
  let cvssScore = a.cvssScore;
  let cvssVector = a.cvssVector;
  if (b.cvssScore !== undefined && (cvssScore === undefined || b.cvssScore > cvssScore)) {
    cvssScore = b.cvssScore;
    cvssVector = b.cvssVector;
  } else if (cvssVector === undefined && b.cvssScore === cvssScore) cvssVector = b.cvssVector;
  const newest = [a.modifiedAt, b.modifiedAt].filter((x): x is string => !!x).sort().pop();
  const oldest = [a.publishedAt, b.publishedAt].filter((x): x is string => !!x).sort()[0];
  const sources = SOURCE_ORDER.filter((s) => a.sources.includes(s) || b.sources.includes(s));
  const ransom = a.knownRansomware === true || b.knownRansomware === true ? true : a.knownRansomware ?? b.knownRansomware;
  return compact<Advisory>({
    cve: a.cve,
    title: pick(a, b, 'title', ['msrc', 'kev', 'csaf', 'nvd']),
    description: pick(a, b, 'description', ['nvd', 'csaf', 'kev', 'msrc']),
    vendor: pick(a, b, 'vendor', ['kev', 'nvd', 'msrc', 'csaf']),
    product: pick(a, b, 'product', ['kev', 'msrc', 'csaf', 'nvd']),
    cvssScore,
    cvssVector,
    severity: maxSeverity(a.severity, b.severity),
    exploited: a.exploited || b.exploited ? true : undefined,
    kevDateAdded: pick(a, b, 'kevDateAdded', ['kev', 'nvd']),
    kevDueDate: pick(a, b, 'kevDueDate', ['kev', 'nvd']),
    knownRansomware: ransom,
    publishedAt: oldest,
    modifiedAt: newest,
    configurations: pick(a, b, 'configurations', ['nvd']),
    products: mergeProducts(a.products, b.products),
    references: uniq([...(a.references ?? []), ...(b.references ?? [])]),
    cwes: uniq([...(a.cwes ?? []), ...(b.cwes ?? [])]),
    sources,
  });
}

/** Merge a list of records (any sources, any order) into one record per CVE, in first-seen order. */
export function mergeAll(records: Iterable<Advisory>): Advisory[] {
  const out = new Map<string, Advisory>();
  for (const r of records) {
    const prev = out.get(r.cve);
    out.set(r.cve, prev ? mergeAdvisories(prev, r) : r);
  }
  return [...out.values()];
}
