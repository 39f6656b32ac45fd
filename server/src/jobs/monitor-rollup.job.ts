import type { MonitorRollupRepository } from '../repositories/monitor-rollup.repository.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import { RollupBuilder, initialWatermarks, readWatermarks, writeWatermarks } from '../monitoring/rollup-builder.ts';
import { periodEnd, periodStart } from '../monitoring/rollup-periods.ts';
import type { Job } from './job.ts';

export const ROLLUP_JOB = 'monitor-rollup';

/**
 * Rolls complete hours of raw samples into hour rows (minute slots), complete days into day
 * rows, complete months into month rows, advancing watermarks in the job's state after each
 * hour. An hour is rolled up `settleMs` after it ends, so results written late by a slow
 * flush are still in it. Catching up after downtime is bounded per run.
 */
export function monitorRollupJob(deps: {
  samples: MonitorSampleRepository;
  rollups: MonitorRollupRepository;
  settleMs?: number;
  maxHoursPerRun?: number;
}): Job {
  const settleMs = deps.settleMs ?? 2 * 60_000;
  const maxHours = deps.maxHoursPerRun ?? 48;
  return {
    name: ROLLUP_JOB,
    intervalMs: 60_000,
    lock: 'lease',
    leaseMs: 15 * 60_000,
    async run(ctx) {
      const builder = new RollupBuilder(ctx.db, deps.samples, deps.rollups);
      const now = ctx.clock.now();
      let w = readWatermarks(ctx.state);
      if (!w.hourDone || !w.dayDone || !w.monthDone) {
        w = initialWatermarks((await deps.samples.earliest(ctx.db)) ?? now);
        await ctx.saveState(writeWatermarks(w));
      }
      const rows = { hour: 0, day: 0, month: 0 };
      let hours = 0;
      while (hours < maxHours && !ctx.signal.aborted && periodEnd(1, w.hourDone!).getTime() + settleMs <= now.getTime()) {
        const written = await builder.buildHour(w.hourDone!);
        rows.hour += written;
        hours++;
        let next = periodEnd(1, w.hourDone!);
        if (written === 0) {
          // Nothing in this hour: jump to the next hour that has samples (or up to now).
          // `firstUnready` is the first hour not complete and settled yet.
          const ahead = await deps.samples.earliestFrom(ctx.db, next);
          const firstUnready = periodStart(1, new Date(now.getTime() - settleMs)).getTime();
          const target = Math.min(ahead ? periodStart(1, ahead).getTime() : firstUnready, firstUnready);
          if (target > next.getTime()) next = new Date(target);
        }
        w.hourDone = next;
        while (periodEnd(2, w.dayDone!) <= w.hourDone) {
          rows.day += await builder.buildFromFiner(2, w.dayDone!);
          w.dayDone = periodEnd(2, w.dayDone!);
          while (periodEnd(3, w.monthDone!) <= w.dayDone) {
            rows.month += await builder.buildFromFiner(3, w.monthDone!);
            w.monthDone = periodEnd(3, w.monthDone!);
          }
        }
        await ctx.saveState(writeWatermarks(w));
      }
      return { hoursRolledUp: hours, rowsWritten: rows, ...writeWatermarks(w) };
    },
  };
}
