import Type from 'typebox';
import { JobStatus } from '../../contracts/monitor.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const DESCRIPTIONS: Record<string, string> = {
  'monitor-scheduler': 'Claims due monitors, runs the probes, writes results (a loop in every worker process)',
  'monitor-rollup': 'Folds raw samples into per-minute, per-hour and per-day rollups',
  'monitor-retention': 'Deletes raw samples and rollups past their retention window',
  'session-retention': 'Deletes expired login sessions',
  'database-vacuum': 'VACUUM ANALYZE on the embedded database, which has no autovacuum',
};

export const jobRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.get('/jobs', { schema: { tags: ['admin'], summary: 'Background jobs: interval, lock, last run (administrators)', response: { 200: Type.Object({ items: Type.Array(JobStatus) }) } } }, async (req) => {
    const jobs = await ctx.jobs.listJobs(requireActor(req));
    return {
      items: jobs.map((j) => ({
        name: j.name,
        description: DESCRIPTIONS[j.name] ?? '',
        intervalMs: j.intervalMs,
        lock: j.lock,
        lastStartedAt: j.lastStartedAt,
        lastFinishedAt: j.lastFinishedAt,
        lastStatus: j.lastStatus === 'error' ? 'failed' : j.lastStatus,
        lastError: j.lastError,
        lastDurationMs: j.lastDurationMs,
        runs: j.runs,
        failures: j.failures,
        owner: j.leaseOwner,
      })),
    };
  });
};
