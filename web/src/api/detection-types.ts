/**
 * Shapes of the detection API (defacement, injected spam, cloaking), mirrored by hand from
 * server/src/contracts/detection.schema.ts, the source of truth.
 */

export const FINDING_KINDS = ['defacement', 'injection', 'cloaking', 'legit'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const REVIEW_STATES = ['new', 'confirmed', 'dismissed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface Evidence {
  code: string;
  message: string;
  variant?: string;
  url?: string;
  samples?: string[];
  weight: number;
}

export interface DetectorResult {
  detector: string;
  score: number;
  kind: string;
  evidence: Evidence[];
  ms: number;
}

export interface ProfileDiff {
  addedBlocks: string[];
  removedBlocks: string[];
  titleBefore: string | null;
  titleAfter: string;
  newLinkDomains: string[];
  missingLinkDomains: string[];
  newScriptDomains: string[];
  newIframeDomains: string[];
  textSimilarity: number | null;
  structureSimilarity: number | null;
}

/** One page fetched for the analysis: the page as a browser, a variant, or a sub-page. */
export interface DetectionFetch {
  index: number;
  variant: string;
  url: string;
  finalUrl?: string | null;
  status: number | null;
  redirects?: string[];
  sha256: string | null;
  bytes: number | null;
  error?: string | null;
}

export interface DetectionSummary {
  id: string;
  monitorId: string;
  monitorName: string;
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  at: string;
  url: string;
  alarm: boolean;
  kind: FindingKind;
  score: number;
  severity: Severity;
  /** The top reason, readable. */
  summary: string | null;
  error: string | null;
  review: ReviewState;
}

export interface DetectionDetail extends DetectionSummary {
  reasons: Evidence[];
  detectors: DetectorResult[];
  diff: ProfileDiff | null;
  fetches: DetectionFetch[];
  screenshot: boolean;
  analysisMs: number | null;
  snapshotSha256: string | null;
  reviewedBy: string | null;
  reviewedByName?: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  alertId: string | null;
}

export interface DetectionSource {
  text: string;
  truncated: boolean;
  charset: string;
  sha256: string;
}
