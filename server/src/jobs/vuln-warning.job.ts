import type { AdvisoryMatchService } from '../services/advisory-match.service.ts';
import type { VulnWarningReminderService } from '../services/vuln-warning-reminder.service.ts';
import type { Job } from './job.ts';

/** Warning reminders before the deadline, overdue alerts after it, expired risk acceptances; every minute. */
export function vulnWarningJob(deps: { reminders: VulnWarningReminderService; intervalMs?: number }): Job {
  return {
    name: 'vuln-warnings',
    intervalMs: deps.intervalMs ?? 60_000,
    lock: 'lease',
    async run() {
      return deps.reminders.run();
    },
  };
}

/**
 * Re-matches the catalogue against the inventories when either changed since the last run
 * (an import re-matches at once; this catches registry edits). Every 10 minutes.
 */
export function advisoryRematchJob(deps: { matcher: AdvisoryMatchService; intervalMs?: number }): Job {
  return {
    name: 'advisory-rematch',
    intervalMs: deps.intervalMs ?? 600_000,
    lock: 'lease',
    async run(ctx) {
      const marks = await deps.matcher.changeMarks();
      if (JSON.stringify(marks) === JSON.stringify(ctx.state.marks ?? null)) return { skipped: 'nothing changed since the last re-match' };
      const summary = await deps.matcher.rematchAll();
      await ctx.saveState({ marks });
      return { ...summary };
    },
  };
}
