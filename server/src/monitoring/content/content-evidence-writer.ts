import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PageAnalysisRepository, PageAnalysisRow } from '../../repositories/page-analysis.repository.ts';
import type { PageBlobRepository } from '../../repositories/page-blob.repository.ts';
import { storable } from '../check-outcome.ts';
import type { ContentArtifacts } from './content-artifacts.ts';

/**
 * Stores what a content check saw: its blobs (insert-if-absent) and a page_analyses row, in
 * one transaction so a row never points at a blob that is not there.
 *
 * Stored when the check raised an alarm, could not analyse the page, or the browser snapshot
 * differs from the monitor's previous stored analysis: a history of changes, not a row per
 * identical check. An unchanged clean check returns the previous analysis's id.
 */
export interface EvidenceWriter {
  write(monitor: { id: string; system_id: string; agency_id: string }, artifacts: ContentArtifacts, at: Date): Promise<{ stored: boolean; analysisId: string | null }>;
}

/** Evidence strings shown to analysts; the detectors cap them, this bounds whatever comes. */
const MAX_JSON_CHARS = 256 * 1024;

function bounded<T>(v: T, fallback: T): T {
  const clean = storable(v);
  return JSON.stringify(clean ?? null).length <= MAX_JSON_CHARS ? clean : fallback;
}

export class ContentEvidenceWriter implements EvidenceWriter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { analyses: PageAnalysisRepository; blobs: PageBlobRepository },
  ) {}

  async write(monitor: { id: string; system_id: string; agency_id: string }, a: ContentArtifacts, at: Date): Promise<{ stored: boolean; analysisId: string | null }> {
    const verdict = a.analysis?.verdict ?? null;
    const error = a.error ?? a.analysis?.error ?? null;
    const notable = Boolean(verdict?.alarm) || error !== null;
    return this.db.transaction().execute(async (trx) => {
      if (!notable) {
        const last = await this.repos.analyses.latestForMonitor(trx, monitor.id);
        if (last && last.snapshot_sha256 === a.snapshotSha256) return { stored: false, analysisId: last.id };
      }
      const referenced = new Set([...a.fetches.map((f) => f.sha256), a.screenshotSha256].filter(Boolean));
      await this.repos.blobs.putMany(trx, a.blobs.filter((b) => referenced.has(b.sha256)), at);
      const row: PageAnalysisRow = {
        id: a.analysisId,
        monitor_id: monitor.id,
        system_id: monitor.system_id,
        agency_id: monitor.agency_id,
        at,
        url: storable(a.url).slice(0, 2000),
        fetches: storable(a.fetches) as unknown as Record<string, unknown>[],
        snapshot_sha256: a.snapshotSha256,
        screenshot_sha256: a.screenshotSha256,
        title: a.analysis ? storable(a.analysis.features.title ?? '').slice(0, 500) : null,
        alarm: Boolean(verdict?.alarm),
        kind: verdict?.kind ?? null,
        score: verdict && Number.isFinite(verdict.score) ? verdict.score : null,
        severity: verdict?.severity ?? null,
        reasons: bounded(verdict?.reasons ?? [], []) as unknown as Record<string, unknown>[],
        detectors: bounded(a.analysis?.detectors ?? [], []) as unknown as Record<string, unknown>[],
        diff: bounded((a.analysis?.diff ?? null) as Record<string, unknown> | null, null),
        error: error === null ? null : storable(error).slice(0, 2000),
        analysis_ms: a.analysis ? Math.round(a.analysis.ms) : null,
        profile: a.profile,
        review_status: 'new',
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        alert_id: null,
      };
      await this.repos.analyses.insert(trx, row);
      return { stored: true, analysisId: a.analysisId };
    });
  }
}
