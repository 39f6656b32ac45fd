/**
 * NVD CVE API 2.0 JSON → Advisory[]. Accepts a page (`{resultsPerPage, startIndex, totalResults,
 * vulnerabilities: [{cve}]}`), a single wrapped record (`{cve: {...}}`) or a bare CVE object
 * (`{id, descriptions, metrics, ...}` as in the fkie-cad feed files). Pure.
 *
 * `configurations` is an OR over configurations, each an AND over its nodes (NVD's
 * configuration-level `operator`, AND when absent; an OR configuration is split).
 * A configuration holding a CPE string that does not parse is dropped as a whole (an AND node
 * without one of its parts would widen the match) and reported in `skipped`.
 */
import type { Advisory, CpeCriterion, CpeNode, ImportResult, Severity } from '../advisory.ts';
import { parseCpe23 } from '../cpe.ts';
import {
  arr, checkCve, compact, cwesFrom, FeedError, guard, isObj, num, parseJsonFeed, str, toSeverity, uniq,
  type FeedInput, type ImportOptions, type Skipped,
} from './feed-input.ts';

export function importNvd(input: FeedInput, opts: ImportOptions = {}): ImportResult {
  return guard(() => nvdFromJson(parseJsonFeed(input, opts)));
}

/** True when a parsed JSON value looks like an NVD 2.0 page, wrapped record or bare record. */
export function looksLikeNvd(doc: unknown): boolean {
  if (!isObj(doc)) return false;
  if (Array.isArray(doc.vulnerabilities)) {
    const first = doc.vulnerabilities[0];
    return 'resultsPerPage' in doc || 'totalResults' in doc || (isObj(first) && isObj(first.cve));
  }
  if (isObj(doc.cve)) return true;
  return typeof doc.id === 'string' && (Array.isArray(doc.descriptions) || 'sourceIdentifier' in doc);
}

export function nvdFromJson(doc: unknown): ImportResult {
  return guard(() => {
    if (!looksLikeNvd(doc) || !isObj(doc)) throw new FeedError('not an NVD CVE API 2.0 document');
    let items: unknown[];
    let meta: Record<string, unknown>;
    if (Array.isArray(doc.vulnerabilities)) {
      items = doc.vulnerabilities.map((v) => (isObj(v) ? v.cve : v));
      meta = compact({
        source: 'nvd',
        kind: 'page',
        resultsPerPage: num(doc.resultsPerPage),
        startIndex: num(doc.startIndex),
        totalResults: num(doc.totalResults),
        timestamp: str(doc.timestamp),
        count: items.length,
      });
    } else {
      items = [isObj(doc.cve) ? doc.cve : doc];
      meta = { source: 'nvd', kind: 'record', count: 1 };
    }
    const records: Advisory[] = [];
    const skipped: Skipped = [];
    const seen = new Set<string>();
    items.forEach((cve, i) => {
      if (!isObj(cve)) return skipped.push({ index: i, reason: 'entry has no "cve" object' });
      const id = checkCve(cve.id);
      if ('reason' in id) return skipped.push({ index: i, reason: id.reason });
      if (seen.has(id.cve)) return skipped.push({ index: i, reason: `duplicate ${id.cve} (kept the first)` });
      seen.add(id.cve);
      const status = str(cve.vulnStatus);
      if (status === 'Rejected') return skipped.push({ index: i, reason: `${id.cve} is rejected by NVD` });
      records.push(nvdRecord(id.cve, cve, i, skipped));
    });
    return { records, skipped, meta };
  });
}

function nvdRecord(cve: string, c: Record<string, unknown>, index: number, skipped: Skipped): Advisory {
  const descs = arr(c.descriptions).filter(isObj);
  const desc = descs.find((d) => d.lang === 'en') ?? descs[0];
  const metric = primaryCvss(c.metrics);
  const configurations: CpeNode[][] = [];
  arr(c.configurations).forEach((cfg, ci) => {
    const r = configuration(cfg);
    if (typeof r === 'string') skipped.push({ index: `${index}:${cve}:configurations[${ci}]`, reason: r });
    else if (r.length) {
      // the inner array is read as AND; a configuration-level OR becomes separate configurations
      if (isObj(cfg) && str(cfg.operator)?.toUpperCase() === 'OR' && r.length > 1) for (const n of r) configurations.push([n]);
      else configurations.push(r);
    }
  });
  const cwes = cwesFrom(
    arr(c.weaknesses).filter(isObj).flatMap((w) => arr(w.description).filter(isObj).map((d) => d.value)),
  );
  const references = uniq(arr(c.references).filter(isObj).map((r) => str(r.url)).filter((u): u is string => !!u));
  const kevAdded = str(c.cisaExploitAdd);
  return compact<Advisory>({
    cve,
    title: str(c.cisaVulnerabilityName),
    description: desc ? str(desc.value) : undefined,
    cvssScore: metric?.score,
    cvssVector: metric?.vector,
    severity: metric?.severity,
    exploited: kevAdded ? true : undefined,
    kevDateAdded: kevAdded?.slice(0, 10),
    kevDueDate: str(c.cisaActionDue)?.slice(0, 10),
    publishedAt: str(c.published),
    modifiedAt: str(c.lastModified),
    configurations,
    references,
    cwes,
    sources: ['nvd'],
  });
}

/** CVSS v3.1, then v3.0: the Primary metric (NVD's own), else the first one given. */
function primaryCvss(metrics: unknown): { score: number; vector?: string; severity?: Severity } | undefined {
  if (!isObj(metrics)) return undefined;
  for (const key of ['cvssMetricV31', 'cvssMetricV30']) {
    const list = arr(metrics[key]).filter(isObj);
    const m = list.find((x) => x.type === 'Primary') ?? list[0];
    if (!m || !isObj(m.cvssData)) continue;
    const score = num(m.cvssData.baseScore);
    if (score === undefined || score < 0 || score > 10) continue;
    return { score, vector: str(m.cvssData.vectorString), severity: toSeverity(m.cvssData.baseSeverity) };
  }
  return undefined;
}

/** One NVD configuration → its nodes, or the reason it was dropped. */
function configuration(cfg: unknown): CpeNode[] | string {
  if (!isObj(cfg)) return 'configuration is not an object';
  const nodes: CpeNode[] = [];
  for (const n of arr(cfg.nodes)) {
    if (!isObj(n)) return 'node is not an object';
    const op = str(n.operator)?.toUpperCase() ?? 'OR';
    if (op !== 'OR' && op !== 'AND') return `unknown node operator ${JSON.stringify(op)}`;
    const cpeMatch: CpeCriterion[] = [];
    for (const m of arr(n.cpeMatch)) {
      if (!isObj(m)) return 'cpeMatch entry is not an object';
      const criteria = str(m.criteria);
      if (!criteria || !parseCpe23(criteria)) return `CPE does not parse: ${JSON.stringify(String(m.criteria ?? '').slice(0, 200))}`;
      const crit: CpeCriterion = { criteria, vulnerable: m.vulnerable === true };
      for (const b of ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const) {
        const v = str(m[b]);
        if (v) crit[b] = v;
      }
      cpeMatch.push(crit);
    }
    const node: CpeNode = { operator: op, cpeMatch };
    if (n.negate === true) node.negate = true;
    else if (n.negate === false) node.negate = false;
    nodes.push(node);
  }
  return nodes;
}
