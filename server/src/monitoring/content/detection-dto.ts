import type { PageAnalysisWithNames } from '../../repositories/page-analysis.repository.ts';
import type { FetchRecord } from './content-artifacts.ts';

/** Stored analyses as the API hands them out (contracts/detection.schema.ts): camelCase, ISO dates. */

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toDetectionSummary(r: PageAnalysisWithNames) {
  return {
    id: r.id,
    at: iso(r.at)!,
    url: r.url,
    title: r.title,
    monitorId: r.monitor_id,
    monitorName: r.monitor_name,
    systemId: r.system_id,
    systemName: r.system_name,
    agencyId: r.owner_agency_id,
    agencyName: r.owner_agency_name,
    alarm: r.alarm,
    kind: r.kind as 'defacement' | 'injection' | 'cloaking' | 'legit' | null,
    score: r.score === null ? null : Number(r.score),
    severity: r.severity as 'info' | 'low' | 'medium' | 'high' | 'critical' | null,
    topReason: (r.reasons?.[0] as never) ?? null,
    error: r.error,
    review: {
      status: r.review_status,
      by: r.reviewed_by ? { id: r.reviewed_by, name: r.reviewer_name } : null,
      at: iso(r.reviewed_at),
      note: r.review_note,
    },
    alertId: r.alert_id,
    hasScreenshot: r.screenshot_sha256 !== null,
  };
}

export function toDetectionDetail(r: PageAnalysisWithNames, stored: Set<string>) {
  const fetches = (r.fetches as unknown as FetchRecord[]).map((f, index) => ({
    index, variant: f.variant, url: f.url, finalUrl: f.finalUrl, status: f.status, redirects: f.redirects ?? [], sha256: f.sha256,
    bytes: f.bytes, truncated: Boolean(f.truncated), contentType: f.contentType ?? null, error: f.error ?? null,
    stored: f.sha256 !== null && stored.has(f.sha256),
  }));
  return {
    ...toDetectionSummary(r),
    monitorTarget: r.monitor_target,
    reasons: r.reasons as never[],
    detectors: r.detectors as never[],
    diff: r.diff,
    fetches,
    snapshotSha256: r.snapshot_sha256,
    screenshotSha256: r.screenshot_sha256,
    analysisMs: r.analysis_ms,
    profile: (r.profile as { samples: number; learning: boolean } | null) ?? null,
    evidenceUrl: r.snapshot_sha256 ? `/evidence/${r.id}/browser` : null,
    screenshotUrl: r.screenshot_sha256 ? `/evidence/${r.id}/screenshot` : null,
  };
}

/** A fetch of an analysis by index ("3") or by variant name (its first fetch). */
export function findFetch(fetches: FetchRecord[], which: string): { index: number; fetch: FetchRecord } | null {
  if (/^\d{1,3}$/.test(which)) {
    const i = Number(which);
    return fetches[i] ? { index: i, fetch: fetches[i]! } : null;
  }
  const i = fetches.findIndex((f) => f.variant === which);
  return i >= 0 ? { index: i, fetch: fetches[i]! } : null;
}
