import type { AlertEscalationService } from '../services/alert-escalation.service.ts';
import type { Job } from './job.ts';

/**
 * Advances due escalations: "wait 10 minutes, then the next step" happens here. Groups are
 * claimed with SKIP LOCKED, so the lease only keeps the jobs page honest about who runs it; a run
 * drains up to `maxPerRun` groups in batches so a storm of 300 groups does not wait 300 polls.
 */
export function alertEscalationJob(deps: { escalation: AlertEscalationService; intervalMs: number; batch?: number; maxPerRun?: number }): Job {
  const batch = deps.batch ?? 50;
  const maxPerRun = deps.maxPerRun ?? 1000;
  return {
    name: 'alert-escalation',
    intervalMs: deps.intervalMs,
    lock: 'lease',
    leaseMs: 60_000,
    async run(ctx) {
      let advanced = 0;
      while (advanced < maxPerRun && !ctx.signal.aborted) {
        const n = await deps.escalation.runDue(batch);
        advanced += n;
        if (n < batch) break;
      }
      return { advanced };
    },
  };
}
