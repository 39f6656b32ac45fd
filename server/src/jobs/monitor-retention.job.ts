import type { JobRepository } from '../repositories/job.repository.ts';
import type { MonitorRollupRepository } from '../repositories/monitor-rollup.repository.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import { readWatermarks } from '../monitoring/rollup-builder.ts';
import type { Job } from './job.ts';
import { ROLLUP_JOB } from './monitor-rollup.job.ts';

/**
 * Deletes what has outlived its window: raw samples (default 2 h), hour rows of minute slots
 * (48 h), day rows of hour slots (90 days). Month rows and state changes are kept forever.
 * Nothing is deleted before the next level has it (the rollup job's watermarks), unless the
 * rollups have been failing for long (a day beyond the window for samples, a week for hour
 * rows, two months for day rows): then the disk wins over the history, and the failing
 * rollup job shows on the jobs page and in metrics.
 */
export interface RetentionSettings {
  rawMinutes: number;
  minuteHours: number;
  hourDays: number;
}

const DAY = 86_400_000;
/** Raw samples are deleted in slices this long, each a short statement (embedded database). */
const SLICE_MS = 2 * 60_000;

function cutoff(retentionCutoff: number, watermark: Date | null, hardExtraMs: number): Date {
  const safe = watermark ? Math.min(retentionCutoff, watermark.getTime()) : retentionCutoff - hardExtraMs;
  return new Date(Math.max(safe, retentionCutoff - hardExtraMs));
}

export function monitorRetentionJob(deps: {
  samples: MonitorSampleRepository;
  rollups: MonitorRollupRepository;
  jobs: JobRepository;
  settings: RetentionSettings;
}): Job {
  return {
    name: 'monitor-retention',
    intervalMs: 10 * 60_000,
    lock: 'lease',
    async run(ctx) {
      const now = ctx.clock.now().getTime();
      const w = readWatermarks(await deps.jobs.getState(ctx.db, ROLLUP_JOB));
      const s = deps.settings;
      const rawCut = cutoff(now - s.rawMinutes * 60_000, w.hourDone, DAY);
      const hourRowCut = cutoff(now - s.minuteHours * 3_600_000, w.dayDone, 7 * DAY);
      const dayRowCut = cutoff(now - s.hourDays * DAY, w.monthDone, 62 * DAY);
      let samples = 0;
      const oldest = await deps.samples.earliest(ctx.db);
      if (oldest) {
        for (let t = oldest.getTime() + SLICE_MS; !ctx.signal.aborted; t += SLICE_MS) {
          samples += await deps.samples.deleteBefore(ctx.db, new Date(Math.min(t, rawCut.getTime())));
          if (t >= rawCut.getTime()) break;
        }
      }
      const hourRows = await deps.rollups.deleteBefore(ctx.db, 1, hourRowCut);
      const dayRows = await deps.rollups.deleteBefore(ctx.db, 2, dayRowCut);
      return { samplesDeleted: samples, hourRowsDeleted: hourRows, dayRowsDeleted: dayRows, rawCutoff: rawCut.toISOString() };
    },
  };
}
