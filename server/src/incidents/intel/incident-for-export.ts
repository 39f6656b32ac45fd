/**
 * The incident as the intel codecs see it: what the incident service hands over for a STIX or
 * MISP export. Kept here, not in the incident tables' types, so the codecs stay pure and the
 * storage can change without touching them.
 */
import type { ObservableType } from '../observables/observable-types.ts';

/** The ten incident types of Circular 20/2017 (Mẫu 03), as stored. */
export { INCIDENT_TYPES, type IncidentType } from '../incident-types.ts';
import type { IncidentType, Tlp } from '../incident-types.ts';

/** TLP 2.0 levels. "clear" is TLP 1.0's "white". */
export { TLPS as TLP_LEVELS, type Tlp } from '../incident-types.ts';

export interface ExportObservable {
  type: ObservableType;
  /** Canonical value (normalizeObservable); the codecs do not normalise again. */
  value: string;
  /** Stricter than the incident's own marking for this one indicator; defaults to the incident's. */
  tlp?: Tlp;
  comment?: string;
}

export interface IncidentForExport {
  id: string;
  /** The report number, e.g. "03/2026/SYT". */
  number: string;
  title: string;
  description: string;
  type: IncidentType;
  detectedAt: Date;
  reportedAt: Date;
  tlp: Tlp;
  reporterName: string;
  observables: ExportObservable[];
}

const TLP_RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, red: 3 };

/** The stricter of two markings: sharing follows the most restrictive one. */
export function stricterTlp(a: Tlp, b: Tlp): Tlp {
  return TLP_RANK[a] >= TLP_RANK[b] ? a : b;
}

/** RFC 3339 UTC with milliseconds, as STIX requires ("2026-03-02T01:02:03.000Z"). */
export function stixTimestamp(d: Date): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return d.toISOString();
}
