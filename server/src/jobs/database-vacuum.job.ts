import type { JobRepository } from '../repositories/job.repository.ts';
import type { Job } from './job.ts';

/**
 * Embedded database only (PostgreSQL's autovacuum does this by itself): PGlite runs no
 * autovacuum, so the rows the engine updates and deletes all day would never be reclaimed
 * and the tables and indexes would grow without bound. The monitors table is small and hot
 * (every check rewrites its row), so it is vacuumed often; the big tables less often.
 */
export function databaseVacuumJob(deps: { jobs: JobRepository }): Job {
  let runs = 0;
  return {
    name: 'database-vacuum',
    intervalMs: 5 * 60_000,
    lock: 'lease',
    async run(ctx) {
      const tables = ['monitors', 'jobs'] as const;
      const big = ['monitor_samples', 'monitor_rollups', 'alerts', 'sessions', 'page_analyses', 'page_blobs'] as const;
      const done: string[] = [];
      for (const t of tables) {
        await deps.jobs.vacuum(ctx.db, t);
        done.push(t);
      }
      // Every third run (15 min): after the retention job's deletes.
      if (runs++ % 3 === 0) {
        for (const t of big) {
          if (ctx.signal.aborted) break;
          await deps.jobs.vacuum(ctx.db, t);
          done.push(t);
        }
      }
      return { vacuumed: done };
    },
  };
}
