import type { ColumnType } from 'kysely';

/** Kysely's view of migration 0009 (vulnerability warnings); schema.ts re-exports them in `DB`. */

type Json<T> = ColumnType<T, string, string>;
type OptJson<T> = ColumnType<T, string | undefined, string>;

export interface AdvisoryTable {
  cve: string;
  title: string | null;
  vendor: string | null;
  product: string | null;
  /** numeric comes back as a string from PostgreSQL; repositories convert. */
  cvss_score: ColumnType<string | number | null, number | null, number | null>;
  severity: string | null;
  exploited: boolean;
  known_ransomware: boolean;
  published_at: Date | null;
  modified_at: Date | null;
  month: string | null;
  kbs: string[];
  product_names: string;
  sources: string[];
  data: Json<Record<string, unknown>>;
  data_hash: string;
  match_count: ColumnType<number, number | undefined, number>;
  created_at: Date;
  updated_at: Date;
}

export interface AdvisoryImportTable {
  id: string;
  actor_id: string | null;
  actor_label: string;
  source_kind: string;
  source_name: string;
  feed_kinds: string[];
  mode: string;
  status: string;
  bytes: ColumnType<string | number, number, number>;
  sha256: string | null;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped_count: number;
  skipped: OptJson<unknown[]>;
  files: OptJson<unknown[]>;
  meta: OptJson<Record<string, unknown>>;
  rematch: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  started_at: Date;
  finished_at: Date;
}

export interface SystemVulnerabilityTable {
  system_id: string;
  affected: string[];
  possibly: string[];
  digest: string;
  updated_at: Date;
}

export interface WarningCounterTable {
  year: number;
  last: number;
}

export interface VulnWarningTable {
  id: string;
  number: string | null;
  title: string;
  body: string;
  filter: Json<Record<string, unknown>>;
  deadline: Date;
  remind_before_hours: number;
  status: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  sent_by: string | null;
  closed_at: Date | null;
}

export interface VulnWarningAdvisoryTable {
  warning_id: string;
  cve: string;
}

export interface VulnWarningAgencyTable {
  warning_id: string;
  agency_id: string;
  notified_at: Date | null;
  recipients: OptJson<unknown[]>;
  acknowledged_at: Date | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
}

export interface VulnWarningTargetTable {
  id: string;
  warning_id: string;
  system_id: string;
  agency_id: string;
  match_status: string;
  cves: string[];
  reasons: OptJson<string[]>;
  status: string;
  reason: string | null;
  kbs: string[];
  version: string | null;
  risk_approver: string | null;
  /** date: PGlite and pg return it differently; repositories normalise to YYYY-MM-DD. */
  risk_expires_on: ColumnType<string | Date | null, string | null, string | null>;
  note: string | null;
  acknowledged_at: Date | null;
  updated_at: Date;
  updated_by: string | null;
}

export interface VulnWarningTargetEventTable {
  id: string;
  seq: ColumnType<string, never, never>;
  target_id: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  from_status: string | null;
  to_status: string;
  data: OptJson<Record<string, unknown>>;
}

