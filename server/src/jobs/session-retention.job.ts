import type { SessionRepository } from '../repositories/session.repository.ts';
import type { Job } from './job.ts';

/** Expired login sessions are useless and hold hashes of once-valid cookies: delete them hourly. */
export function sessionRetentionJob(deps: { sessions: SessionRepository }): Job {
  return {
    name: 'session-retention',
    intervalMs: 60 * 60_000,
    lock: 'lease',
    async run(ctx) {
      return { sessionsDeleted: await deps.sessions.deleteExpired(ctx.db, ctx.clock.now()) };
    },
  };
}
