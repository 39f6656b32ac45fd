import type { IncidentDeadlineService } from '../services/incident-deadline.service.ts';
import type { Job } from './job.ts';

/** Reminders before incident deadlines and alerts after them (once each); every minute. */
export function incidentDeadlineJob(deps: { deadlines: IncidentDeadlineService; intervalMs?: number }): Job {
  return {
    name: 'incident-deadlines',
    intervalMs: deps.intervalMs ?? 60_000,
    lock: 'lease',
    async run() {
      return deps.deadlines.run();
    },
  };
}
