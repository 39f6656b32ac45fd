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

/** One page fetched for the analysis: the page as a browser, a variant, a sub-page, the sitemap. */
export interface DetectionFetch {
  index: number;
  variant: string;
  url: string;
  finalUrl: string;
  /** 0 when nothing answered. */
  status: number;
  redirects: string[];
  sha256: string | null;
  bytes: number;
  truncated: boolean;
  contentType: string | null;
  error: string | null;
  /** The body is stored and can be viewed. */
  stored: boolean;
}

export interface Review {
  status: ReviewState;
  by: { id: string; name: string | null } | null;
  at: string | null;
  note: string | null;
}

export interface DetectionSummary {
  id: string;
  at: string;
  url: string;
  /** The page title as fetched: attacker-controlled text. */
  title: string | null;
  monitorId: string;
  monitorName: string;
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  alarm: boolean;
  kind: FindingKind | null;
  score: number | null;
  severity: Severity | null;
  topReason: Evidence | null;
  error: string | null;
  review: Review;
  alertId: string | null;
  hasScreenshot: boolean;
}

export interface DetectionDetail extends DetectionSummary {
  monitorTarget: string;
  reasons: Evidence[];
  detectors: DetectorResult[];
  diff: ProfileDiff | null;
  fetches: DetectionFetch[];
  snapshotSha256: string | null;
  screenshotSha256: string | null;
  analysisMs: number | null;
  profile: { samples: number; learning: boolean } | null;
  evidenceUrl: string | null;
  screenshotUrl: string | null;
}

export interface DetectionSource {
  index: number;
  variant: string;
  url: string;
  sha256: string;
  contentType: string | null;
  bytes: number;
  charset: string;
  text: string;
  truncated: boolean;
}
