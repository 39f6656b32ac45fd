/**
 * The catalogue filter a warning is composed from, and the catalogue's own search: one shape for
 * both, so "what the coordinator previewed" and "what was sent" cannot drift. Pure.
 */
import type { Severity } from '../advisory.ts';
import type { FieldProblem } from './target-status.ts';

export const SEVERITIES: readonly Severity[] = ['none', 'low', 'medium', 'high', 'critical'];
export const ADVISORY_SOURCES = ['kev', 'nvd', 'msrc', 'csaf'] as const;

export interface AdvisoryFilter {
  q?: string;
  vendors?: string[];
  severities?: Severity[];
  exploited?: boolean;
  /** 'YYYY-MM', inclusive. */
  monthFrom?: string;
  monthTo?: string;
  cves?: string[];
  minCvss?: number;
  sources?: string[];
  /** Only advisories that match at least one system (of the viewer's scope). */
  matched?: boolean;
}

export interface WarningFilter extends AdvisoryFilter {
  /** Include systems the matcher could only call "possibly affected" (unknown version, names only). Default true. */
  includePossiblyAffected?: boolean;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CVE = /^CVE-\d{4}-\d{4,}$/;

/** Field problems of a filter; empty when it is usable. `base` is the JSON pointer prefix. */
export function checkFilter(f: WarningFilter, base = '/filter'): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (f.monthFrom !== undefined && !MONTH.test(f.monthFrom)) out.push({ field: `${base}/monthFrom`, message: 'must be a month YYYY-MM' });
  if (f.monthTo !== undefined && !MONTH.test(f.monthTo)) out.push({ field: `${base}/monthTo`, message: 'must be a month YYYY-MM' });
  if (f.monthFrom && f.monthTo && MONTH.test(f.monthFrom) && MONTH.test(f.monthTo) && f.monthFrom > f.monthTo) {
    out.push({ field: `${base}/monthTo`, message: 'must not be before monthFrom' });
  }
  (f.cves ?? []).forEach((c, i) => {
    if (!CVE.test(c.trim().toUpperCase())) out.push({ field: `${base}/cves/${i}`, message: 'is not a CVE id (CVE-YYYY-NNNN)' });
  });
  (f.severities ?? []).forEach((s, i) => {
    if (!SEVERITIES.includes(s)) out.push({ field: `${base}/severities/${i}`, message: `must be one of ${SEVERITIES.join(', ')}` });
  });
  (f.sources ?? []).forEach((s, i) => {
    if (!(ADVISORY_SOURCES as readonly string[]).includes(s)) out.push({ field: `${base}/sources/${i}`, message: `must be one of ${ADVISORY_SOURCES.join(', ')}` });
  });
  if (f.minCvss !== undefined && !(f.minCvss >= 0 && f.minCvss <= 10)) out.push({ field: `${base}/minCvss`, message: 'must be between 0 and 10' });
  return out;
}

/** A filter with empty parts dropped, trimmed and de-duplicated: what is stored with a warning. */
export function normaliseFilter(f: WarningFilter): WarningFilter {
  const list = (xs: string[] | undefined, up = false) => {
    const v = [...new Set((xs ?? []).map((x) => (up ? x.trim().toUpperCase() : x.trim())).filter(Boolean))];
    return v.length ? v : undefined;
  };
  const out: WarningFilter = {};
  const q = f.q?.trim();
  if (q) out.q = q;
  const vendors = list(f.vendors);
  if (vendors) out.vendors = vendors;
  const sev = list(f.severities) as Severity[] | undefined;
  if (sev) out.severities = sev;
  if (typeof f.exploited === 'boolean') out.exploited = f.exploited;
  if (f.monthFrom) out.monthFrom = f.monthFrom;
  if (f.monthTo) out.monthTo = f.monthTo;
  const cves = list(f.cves, true);
  if (cves) out.cves = cves;
  if (typeof f.minCvss === 'number') out.minCvss = f.minCvss;
  const sources = list(f.sources);
  if (sources) out.sources = sources;
  if (f.matched) out.matched = true;
  if (f.includePossiblyAffected === false) out.includePossiblyAffected = false;
  return out;
}

/** True when the filter selects nothing in particular (a warning needs at least one criterion). */
export function isEmptyFilter(f: WarningFilter): boolean {
  const { includePossiblyAffected: _i, matched: _m, ...rest } = normaliseFilter(f);
  return Object.keys(rest).length === 0;
}

/** 'YYYY-MM' of an ISO date, or null. */
export function monthOf(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${m[1]}-${m[2]}` : null;
}
