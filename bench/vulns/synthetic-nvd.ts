/**
 * Synthetic NVD CVE API 2.0 pages for the vulnerability benchmark: the shape of the real records
 * (descriptions, CVSS 3.1, weaknesses, configurations with cpeMatch ranges and matchCriteriaId,
 * references), a realistic mix of configurations — version ranges, exact-version lists, "all
 * versions" ("-"), several Windows lines in one record, AND nodes with a "running on" platform —
 * and a mix of targets: ~25 % name the pooled products of the synthetic inventories, the rest a
 * long tail nobody in the province runs (as in the real catalogue). Deterministic per seed.
 */
import { int, pick, POOL, rng, tailProduct, TAIL_SIZE, type PoolProduct, type Rand } from './product-pool.ts';

export interface NvdCpeMatch {
  vulnerable: boolean;
  criteria: string;
  matchCriteriaId: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}
export interface NvdNode {
  operator: 'OR' | 'AND';
  negate: boolean;
  cpeMatch: NvdCpeMatch[];
}
/** The parts of an NVD CVE object the generator writes (real records carry a few more). */
export interface NvdCve {
  id: string;
  sourceIdentifier?: string;
  published: string;
  lastModified: string;
  vulnStatus?: string;
  descriptions: { lang: string; value: string }[];
  metrics?: Record<string, unknown>;
  weaknesses?: unknown[];
  configurations?: { operator?: string; nodes: NvdNode[] }[];
  references?: { url: string; source?: string; tags?: string[] }[];
  [k: string]: unknown;
}
export interface NvdPage {
  resultsPerPage: number;
  startIndex: number;
  totalResults: number;
  format: 'NVD_CVE';
  version: '2.0';
  timestamp: string;
  vulnerabilities: { cve: NvdCve }[];
}

export interface SyntheticNvdOptions {
  /** Records per page (NVD's API maximum is 2,000). */
  pageSize?: number;
  /** Real records whose descriptions, metrics, weaknesses and references are reused. */
  templates?: NvdCve[];
  /** Real CVE ids (e.g. KEV's) given, with a fitting configuration, to the first records: the merge then has work to do. */
  reuse?: { cve: string; vendor: string; product: string }[];
  /** Share of the records about the pooled products (default 0.25). */
  poolShare?: number;
}

const hex = (r: Rand, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16).toUpperCase()).join('');
const uuid = (r: Rand) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
const cpe = (part: string, vendor: string, product: string, version = '*', update = '*') => `cpe:2.3:${part}:${vendor}:${product}:${version}:${update}:*:*:*:*:*:*`;

const FALLBACK_TEMPLATE: NvdCve = {
  id: 'CVE-0000-0000',
  sourceIdentifier: 'cve@mitre.org',
  published: '2023-01-01T00:00:00.000',
  lastModified: '2023-01-01T00:00:00.000',
  vulnStatus: 'Analyzed',
  descriptions: [{ lang: 'en', value: 'A vulnerability.' }],
  metrics: { cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }] },
  weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] }],
  references: [{ url: 'https://example.org/advisory', source: 'cve@mitre.org', tags: ['Vendor Advisory'] }],
};

const SCORES: [number, string, string][] = [
  [9.8, 'CRITICAL', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
  [8.8, 'HIGH', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H'],
  [7.5, 'HIGH', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'],
  [6.1, 'MEDIUM', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'],
  [5.3, 'MEDIUM', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N'],
  [3.3, 'LOW', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N'],
];
const CWES = ['CWE-79', 'CWE-89', 'CWE-787', 'CWE-20', 'CWE-125', 'CWE-416', 'CWE-22', 'CWE-352', 'CWE-78', 'CWE-502', 'CWE-287', 'NVD-CWE-noinfo'];
const PLATFORMS = [cpe('o', 'microsoft', 'windows', '-'), cpe('o', 'linux', 'linux_kernel', '-'), cpe('o', 'canonical', 'ubuntu_linux', '22.04')];

const poolWeights = POOL.map((p) => p.nvdWeight);
const poolTotal = poolWeights.reduce((a, b) => a + b, 0);
function pickPool(r: Rand): PoolProduct {
  let x = r() * poolTotal;
  for (const p of POOL) if ((x -= p.nvdWeight) < 0) return p;
  return POOL[POOL.length - 1]!;
}

/** The vulnerable criteria for one pooled product: a range, exact versions, or all versions. */
function poolCriteria(r: Rand, p: PoolProduct): NvdCpeMatch[] {
  const vs = p.versions;
  const id = () => uuid(r);
  if (p.cpeVersion) {
    // Exchange-style: the CU is in the update attribute; list the affected CUs exactly.
    const from = int(r, 0, vs.length - 1);
    return vs.slice(from).map((v) => {
      const c = p.cpeVersion!(v);
      return { vulnerable: true, criteria: cpe(p.part, p.cpeVendor, p.cpeProduct, c.version, c.update), matchCriteriaId: id() };
    });
  }
  const kind = r();
  if (kind < 0.03) return [{ vulnerable: true, criteria: cpe(p.part, p.cpeVendor, p.cpeProduct, '-'), matchCriteriaId: id() }];
  if (kind < 0.3) {
    // Older records enumerate affected versions one by one.
    const n = int(r, 1, 6);
    const start = int(r, 0, Math.max(0, vs.length - n));
    return vs.slice(start, start + n).map((v) => ({ vulnerable: true, criteria: cpe(p.part, p.cpeVendor, p.cpeProduct, v), matchCriteriaId: id() }));
  }
  // A range ending at the fix. The records span years while the versions in the field span the
  // last one or two: most fixes predate every installed version (index 0 affects nobody).
  const end = r() < 0.4 ? int(r, 0, vs.length - 1) : 0;
  const c: NvdCpeMatch = { vulnerable: true, criteria: cpe(p.part, p.cpeVendor, p.cpeProduct), matchCriteriaId: id(), versionEndExcluding: vs[end]! };
  if (r() < 0.5) c.versionStartIncluding = vs[Math.max(0, end - int(r, 1, 12))]!;
  return [c];
}

function configurationsFor(r: Rand, p: PoolProduct | null, tailK: number): NvdCve['configurations'] {
  let vulnerable: NvdCpeMatch[];
  if (p && p.id.startsWith('ws')) {
    // A Windows record names several server lines, each with its own fixed build.
    const lines = POOL.filter((x) => x.id.startsWith('ws') && (x === p || r() < 0.6));
    vulnerable = lines.flatMap((x) => poolCriteria(r, x));
  } else if (p) vulnerable = poolCriteria(r, p);
  else {
    const t = tailProduct(tailK);
    vulnerable = r() < 0.3
      ? [{ vulnerable: true, criteria: cpe('a', t.cpeVendor, t.cpeProduct, `${int(r, 1, 5)}.${int(r, 0, 9)}`), matchCriteriaId: uuid(r) }]
      : [{ vulnerable: true, criteria: cpe('a', t.cpeVendor, t.cpeProduct), matchCriteriaId: uuid(r), versionEndExcluding: `${int(r, 1, 5)}.${int(r, 0, 20)}.${int(r, 0, 9)}` }];
  }
  if (p?.part === 'a' && r() < 0.12) {
    // "Running on": the application is vulnerable only on a given platform.
    return [{ operator: 'AND', nodes: [
      { operator: 'OR', negate: false, cpeMatch: vulnerable },
      { operator: 'OR', negate: false, cpeMatch: [{ vulnerable: false, criteria: pick(r, PLATFORMS), matchCriteriaId: uuid(r) }] },
    ] }];
  }
  return [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: vulnerable }] }];
}

/** Maps a KEV vendor/product to a pooled product, when the pool has it. */
function poolForName(vendor: string, product: string): PoolProduct | null {
  const v = vendor.toLowerCase();
  const pr = product.toLowerCase();
  if (v === 'microsoft' && pr === 'windows') return POOL[1]!;
  return POOL.find((p) => p.cpeVendor === v.replace(/[^a-z0-9]/g, '') && pr.includes(p.product.toLowerCase().split(' ')[0]!)) ?? null;
}

/** One record built on a real one: its prose and metrics shape, our id, dates and configurations. */
function record(r: Rand, i: number, template: NvdCve, reuse?: { cve: string; vendor: string; product: string }, poolShare = 0.25): NvdCve {
  const year = 2015 + (i % 11);
  const published = new Date(Date.UTC(year, int(r, 0, 11), int(r, 1, 28), int(r, 0, 23), int(r, 0, 59))).toISOString().replace('Z', '');
  const pooled = reuse ? poolForName(reuse.vendor, reuse.product) : r() < poolShare ? pickPool(r) : null;
  const tailK = Math.floor(Math.pow(r(), 1.5) * TAIL_SIZE);
  const what = pooled ? `${pooled.vendors[0]} ${pooled.product}` : reuse ? `${reuse.vendor} ${reuse.product}` : tailProduct(tailK).product;
  const [score, severity, vector] = pick(r, SCORES);
  const cvss = (template.metrics?.cvssMetricV31 as Record<string, unknown>[] | undefined)?.[0] ?? (FALLBACK_TEMPLATE.metrics!.cvssMetricV31 as Record<string, unknown>[])[0]!;
  return {
    // Only the template's shape-carrying fields: its KEV fields or configurations would lie.
    sourceIdentifier: template.sourceIdentifier ?? 'cve@mitre.org',
    cveTags: [],
    // Synthetic ids have seven digits so they never collide with a real record of the fixtures.
    id: reuse?.cve ?? `CVE-${year}-${1_000_000 + i}`,
    published,
    lastModified: published,
    vulnStatus: 'Analyzed',
    descriptions: [{ lang: 'en', value: `${template.descriptions?.[0]?.value?.slice(0, 120) ?? ''} (synthetic record for ${what})` }],
    metrics: { cvssMetricV31: [{ ...cvss, type: 'Primary', cvssData: { ...(cvss.cvssData as object), version: '3.1', baseScore: score, baseSeverity: severity, vectorString: vector } }] },
    weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: pick(r, CWES) }] }],
    configurations: configurationsFor(r, pooled, tailK),
    references: [...(template.references ?? []).slice(0, 2), { url: `https://vendor.example/advisories/${i}`, source: 'cve@mitre.org', tags: ['Vendor Advisory'] }],
  };
}

/** `n` records in NVD API 2.0 pages of `pageSize` (2,000 by default), deterministic per seed. */
export function syntheticNvdPages(n: number, seed: number, opts: SyntheticNvdOptions = {}): NvdPage[] {
  const r = rng(seed);
  const pageSize = opts.pageSize ?? 2000;
  const templates = opts.templates?.length ? opts.templates : [FALLBACK_TEMPLATE];
  const reuse = opts.reuse ?? [];
  const pages: NvdPage[] = [];
  for (let start = 0; start < n; start += pageSize) {
    const vulnerabilities: { cve: NvdCve }[] = [];
    for (let i = start; i < Math.min(n, start + pageSize); i++) {
      vulnerabilities.push({ cve: record(r, i, templates[i % templates.length]!, reuse[i], opts.poolShare) });
    }
    pages.push({ resultsPerPage: vulnerabilities.length, startIndex: start, totalResults: n, format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-21T00:00:00.000', vulnerabilities });
  }
  return pages;
}
