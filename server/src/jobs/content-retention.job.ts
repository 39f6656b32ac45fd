import type { PageAnalysisRepository } from '../repositories/page-analysis.repository.ts';
import type { PageBlobRepository } from '../repositories/page-blob.repository.ts';
import type { Job } from './job.ts';

/**
 * Content analyses without an alarm are history of normal changes: deleted after
 * VIGIL_CONTENT_RETENTION_DAYS (30). Alarms and their evidence stay (an analyst's review, a
 * future incident may need them) until their monitor is deleted. Then snapshots no analysis
 * points at any more are deleted; a blob referenced within the last day is kept, so one that a
 * check is about to reuse is never pulled from under it. Small slices, each a short statement.
 */
const DAY = 86_400_000;
const SLICE = 500;

export function contentRetentionJob(deps: { analyses: PageAnalysisRepository; blobs: PageBlobRepository; settings: { days: number } }): Job {
  return {
    name: 'content-retention',
    intervalMs: 60 * 60_000,
    lock: 'lease',
    async run(ctx) {
      const now = ctx.clock.now().getTime();
      const cutoff = new Date(now - deps.settings.days * DAY);
      let analyses = 0;
      for (;;) {
        const n = await deps.analyses.deleteQuietBefore(ctx.db, cutoff, SLICE);
        analyses += n;
        if (n < SLICE || ctx.signal.aborted) break;
      }
      let blobs = 0;
      for (;;) {
        const n = await deps.blobs.deleteUnreferenced(ctx.db, new Date(now - DAY), SLICE);
        blobs += n;
        if (n < SLICE || ctx.signal.aborted) break;
      }
      return { analysesDeleted: analyses, blobsDeleted: blobs, cutoff: cutoff.toISOString() };
    },
  };
}
