/**
 * The catalogue's searchable columns, derived from a normalised advisory. Pure; the repository
 * stores them beside the record so filters never read the JSON.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { Advisory } from './advisory.ts';
import { monthOf } from './warnings/warning-filter.ts';

export interface CatalogueFields {
  cve: string;
  title: string | null;
  vendor: string | null;
  product: string | null;
  cvss_score: number | null;
  severity: string | null;
  exploited: boolean;
  known_ransomware: boolean;
  published_at: Date | null;
  modified_at: Date | null;
  month: string | null;
  kbs: string[];
  product_names: string;
  sources: string[];
  data_hash: string;
}

const clip = (s: string | undefined | null, n: number): string | null => (typeof s === 'string' && s.trim() !== '' ? s.trim().slice(0, n) : null);

function date(s: string | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function advisoryHash(a: Advisory): string {
  return createHash('sha256').update(canonicalJson(a)).digest('hex');
}

/** KB numbers of every product's fix, as "KB5028168". */
export function advisoryKbs(a: Advisory): string[] {
  const out = new Set<string>();
  for (const p of a.products ?? []) for (const kb of p.kbs ?? []) out.add(`KB${String(kb).replace(/^KB/i, '')}`);
  return [...out].slice(0, 200);
}

export function catalogueFields(a: Advisory): CatalogueFields {
  const products = a.products ?? [];
  const score = typeof a.cvssScore === 'number' && a.cvssScore >= 0 && a.cvssScore <= 10 ? Math.round(a.cvssScore * 10) / 10 : null;
  return {
    cve: a.cve,
    title: clip(a.title, 500),
    vendor: clip(a.vendor ?? products.find((p) => p.vendor)?.vendor, 200),
    product: clip(a.product, 300),
    cvss_score: score,
    severity: a.severity ?? null,
    exploited: a.exploited === true,
    known_ransomware: a.knownRansomware === true,
    published_at: date(a.publishedAt),
    modified_at: date(a.modifiedAt),
    month: monthOf(a.publishedAt),
    kbs: advisoryKbs(a),
    product_names: [...new Set(products.map((p) => p.name))].join('; ').slice(0, 4000),
    sources: [...a.sources],
    data_hash: advisoryHash(a),
  };
}
