/**
 * Vulnerability warnings (issue 7): shapes of the server's JSON for warnings, their targets
 * (one per warning × system) and the boards, mirrored by hand from the warnings routes.
 * The status rules mirror server/src/vulns/warnings/target-status.ts.
 */
import type { Role } from '../../api/types.ts';
import type { AdvisorySummary, MatchStatus, Severity } from '../vulns/vuln-types.ts';

export const TARGET_STATUSES = ['received', 'acknowledged', 'affected', 'not_affected', 'fixed', 'risk_accepted'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export type WarningStatus = 'draft' | 'sent' | 'closed';

/** Where each status may go; "received" is never a target (nobody un-receives a warning). */
export const NEXT_STATUSES: Readonly<Record<TargetStatus, readonly TargetStatus[]>> = {
  received: ['acknowledged', 'affected', 'not_affected', 'fixed', 'risk_accepted'],
  acknowledged: ['affected', 'not_affected', 'fixed', 'risk_accepted'],
  affected: ['not_affected', 'fixed', 'risk_accepted'],
  not_affected: ['affected'],
  fixed: ['affected', 'not_affected'],
  risk_accepted: ['affected', 'fixed'],
};

/** A risk may be accepted for at most this many days (then it is accepted again, or fixed). */
export const MAX_RISK_DAYS = 366;

export interface BoardFigures {
  systems: number;
  notAcknowledged: number;
  acknowledged: number;
  affected: number;
  notAffected: number;
  fixed: number;
  riskAccepted: number;
  open: number;
  overdue: number;
  percentFixed: number | null;
  percentResolved: number | null;
}

export interface WarningFilter {
  vendors?: string[];
  severities?: Severity[];
  exploited?: boolean;
  monthFrom?: string;
  monthTo?: string;
  q?: string;
  cves?: string[];
  minCvss?: number;
  includePossiblyAffected?: boolean;
  /** Only advisories from these feeds (kev, nvd, msrc, csaf). */
  sources?: string[];
}

export interface Warning {
  id: string;
  number: string;
  title: string;
  body: string | null;
  filter: WarningFilter;
  deadline: string;
  remindBeforeHours: number | null;
  status: WarningStatus;
  createdAt: string;
  createdByName: string | null;
  sentAt: string | null;
  closedAt: string | null;
  cveCount: number;
  totals: BoardFigures;
}

export interface AgencyBoardRow extends BoardFigures {
  agencyId: string;
  agencyName: string;
  notifiedAt?: string | null;
  acknowledgedAt?: string | null;
}

export interface WarningDetail extends Warning {
  advisories: AdvisorySummary[];
  agencies: AgencyBoardRow[];
}

export interface WarningInput {
  title: string;
  body?: string;
  filter: WarningFilter;
  deadline: string;
  remindBeforeHours?: number;
}

export interface WarningPreview {
  advisories: { total: number; items: AdvisorySummary[] };
  agencies: { agencyId: string; agencyName: string; systems: { systemId: string; systemName: string; matchStatus: MatchStatus; cves: string[] }[] }[];
  totals: { advisories: number; agencies: number; systems: number; affected: number; possiblyAffected: number };
}

export interface Target {
  id: string;
  warningId: string;
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  matchStatus: MatchStatus;
  cves: string[];
  reasons: string[];
  status: TargetStatus;
  reason: string | null;
  kbs: string[];
  version: string | null;
  riskApprover: string | null;
  riskExpiresOn: string | null;
  note: string | null;
  acknowledgedAt: string | null;
  updatedAt: string;
  updatedByName: string | null;
  overdue: boolean;
}

export interface TargetHistoryEntry {
  at: string;
  actorName: string | null;
  from: TargetStatus | null;
  to: TargetStatus;
  data: Record<string, unknown> | null;
}

export interface TargetDetail extends Target {
  history: TargetHistoryEntry[];
}

/** What PATCH …/targets/:id and the bulk update take. */
export interface TargetUpdateInput {
  status: TargetStatus;
  reason?: string;
  kb?: string;
  version?: string;
  riskApprover?: string;
  riskExpiresOn?: string;
  note?: string;
}

export interface WarningBoardRow extends BoardFigures {
  agencyId: string;
  agencyName: string;
  warnings: number;
}

/** Composing, sending and closing warnings: the coordinating unit. */
export const canComposeWarnings = (role: Role) => role === 'admin' || role === 'coordinator';
/** Agencies update their own systems' targets; the server scopes them to their subtree. */
export const canUpdateTargets = (role: Role) => role !== 'viewer';
