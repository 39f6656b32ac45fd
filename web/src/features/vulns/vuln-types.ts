/**
 * Vulnerability advisories (issue 7): shapes of the server's JSON for the catalogue, imports and
 * matching, mirrored by hand from the vulns routes (the web build must not import server code).
 */
import type { Role } from '../../api/types.ts';

export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type MatchStatus = 'affected' | 'possibly_affected';

export interface AdvisorySummary {
  cve: string;
  title: string | null;
  vendor: string | null;
  product: string | null;
  cvssScore: number | null;
  severity: Severity | null;
  exploited: boolean;
  knownRansomware: boolean;
  publishedAt: string | null;
  month: string | null;
  kbs: string[];
  sources: string[];
  matchedSystems: number;
}

export interface MatchItem {
  vendor: string | null;
  product: string | null;
  version: string | null;
  status: MatchStatus;
  method: string;
  reason: string;
}

export interface AdvisoryMatch {
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  status: MatchStatus;
  items: MatchItem[];
}

export interface AdvisoryDetail extends AdvisorySummary {
  description: string | null;
  cvssVector: string | null;
  kevDateAdded: string | null;
  kevDueDate: string | null;
  modifiedAt: string | null;
  references: string[];
  cwes: string[];
  /** CSAF names fixed versions too ('fixed': not vulnerable); MSRC products are all affected. */
  products: { productId: string; name: string; fixedBuild: string | null; kbs: string[]; status?: 'affected' | 'fixed' }[];
  matches: AdvisoryMatch[];
}

export interface AdvisoryList {
  items: AdvisorySummary[];
  total: number;
}

export type ImportMode = 'rest' | 'all_or_nothing';
export type ImportStatus = 'imported' | 'partial' | 'rejected' | 'failed';

export interface ImportRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  sourceKind: 'file' | 'url' | 'bundle';
  sourceName: string;
  feedKinds: string[];
  mode: ImportMode;
  status: ImportStatus;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  skippedCount: number;
  skipped: { file: string | null; index: number | string | null; reason: string }[];
  files: { name: string; kind: string | null; records: number; skipped: number }[];
  rematch: { systems: number; matches: number; durationMs: number } | null;
  actorName: string | null;
}

export interface RematchResult {
  systems: number;
  advisories: number;
  matches: number;
  affected: number;
  possiblyAffected: number;
  durationMs: number;
}

export interface SystemVulnerability {
  cve: string;
  title: string | null;
  severity: Severity | null;
  cvssScore: number | null;
  exploited: boolean;
  status: MatchStatus;
  items: MatchItem[];
}

/** Importing feeds and re-matching is the coordinating unit's job (mirrors the server's access policy). */
export const canManageAdvisories = (role: Role) => role === 'admin' || role === 'coordinator';
