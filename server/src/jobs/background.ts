import { Registry } from 'prom-client';
import type { AppContext } from '../context.ts';
import { defaultAddressPolicy, workerSettings } from '../monitoring/engine-defaults.ts';
import { engineMetrics } from '../monitoring/engine-metrics.ts';
import { MonitorWorker, newWorkerId } from '../monitoring/monitor-worker.ts';
import type { AddressPolicyFactory, Logger, ProbeMap } from '../monitoring/types.ts';
import { alertEscalationJob } from './alert-escalation.job.ts';
import { incidentDeadlineJob } from './incident-deadline.job.ts';
import { advisoryRematchJob, vulnWarningJob } from './vuln-warning.job.ts';
import { contentRetentionJob } from './content-retention.job.ts';
import { databaseVacuumJob } from './database-vacuum.job.ts';
import { JobRunner } from './job-runner.ts';
import { monitorRetentionJob } from './monitor-retention.job.ts';
import { monitorRollupJob } from './monitor-rollup.job.ts';
import { sessionRetentionJob } from './session-retention.job.ts';
import { channelFor } from '../notifications/channel-registry.ts';
import { dispatcherSettings } from '../notifications/dispatcher-settings.ts';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher.ts';
import { outboxMetrics } from '../notifications/outbox-metrics.ts';

/**
 * Everything that runs in the background of a process: the monitor engine and the job
 * runner with every job. `vigil serve` and `vigil worker` both start it; any number of
 * processes may, since both share their work through the database.
 */
export interface BackgroundOptions {
  log: Logger;
  /** The app's registry under `vigil serve`, so /metrics shows the engine and jobs. */
  registry?: Registry;
  /** Run the monitor engine here (default true). */
  monitors?: boolean;
  probes?: ProbeMap;
  /** Run the notification dispatcher here (default true). */
  notifications?: boolean;
  addressPolicy?: AddressPolicyFactory;
  workerId?: string;
}

export interface Background {
  worker: MonitorWorker | null;
  notifier: OutboxDispatcher | null;
  runner: JobRunner;
  stop(): Promise<void>;
}

export const SCHEDULER_JOB = 'monitor-scheduler';
export const NOTIFIER_JOB = 'notification-dispatcher';

export function createJobRunner(ctx: AppContext, o: { log: Logger; registry: Registry; owner: string }): JobRunner {
  const c = ctx.config;
  const r = ctx.repos;
  const runner = new JobRunner({ db: ctx.database.db, repo: r.jobs, clock: ctx.clock, log: o.log, owner: o.owner, registry: o.registry });
  runner.register(monitorRollupJob({ samples: r.monitorSamples, rollups: r.monitorRollups }));
  runner.register(monitorRetentionJob({
    samples: r.monitorSamples, rollups: r.monitorRollups, jobs: r.jobs,
    settings: { rawMinutes: c.monitorRawRetentionMinutes, minuteHours: c.monitorMinuteRetentionHours, hourDays: c.monitorHourRetentionDays },
  }));
  runner.register(sessionRetentionJob({ sessions: r.sessions }));
  runner.register(contentRetentionJob({ analyses: r.pageAnalyses, blobs: r.pageBlobs, settings: { days: c.contentRetentionDays } }));
  if (ctx.database.kind === 'pglite') runner.register(databaseVacuumJob({ jobs: r.jobs }));
  runner.register(alertEscalationJob({ escalation: ctx.alerting.alertEscalation, intervalMs: c.escalationPollMs }));
  runner.register(incidentDeadlineJob({ deadlines: ctx.incidents.deadlines }));
  runner.register(vulnWarningJob({ reminders: ctx.vulns.reminders }));
  runner.register(advisoryRematchJob({ matcher: ctx.vulns.matcher }));
  return runner;
}

export async function startBackground(ctx: AppContext, o: BackgroundOptions): Promise<Background> {
  const registry = o.registry ?? new Registry();
  const owner = o.workerId ?? newWorkerId();
  const runner = createJobRunner(ctx, { log: o.log, registry, owner });
  let worker: MonitorWorker | null = null;
  if (o.monitors !== false) {
    const r = ctx.repos;
    worker = new MonitorWorker({
      db: ctx.database.db,
      // Alerts go through the intake: grouping, routing and the first messages in the result's transaction.
      repos: { lease: r.monitorLeases, samples: r.monitorSamples, events: r.monitorEvents, alerts: ctx.alerting.alertIntake, maintenance: r.maintenanceWindows, analyses: r.pageAnalyses },
      evidence: ctx.contentEvidence,
      probes: o.probes ?? ctx.probes,
      addressPolicy: o.addressPolicy ?? defaultAddressPolicy,
      bus: ctx.monitorBus,
      metrics: engineMetrics(registry),
      log: o.log,
      settings: workerSettings(ctx.config),
      workerId: owner,
    });
    const w = worker;
    // The scheduler is a loop, not a periodic job; it still reports its status like one.
    runner.registerLoop({
      name: SCHEDULER_JOB,
      intervalMs: 30_000,
      lock: 'none',
      status: () => {
        const s = w.stats();
        const recent = s.lastError && Date.now() - s.lastError.at.getTime() < 60_000;
        return { ok: !recent, error: recent ? `${s.lastError!.op}: ${s.lastError!.message}` : null, details: s };
      },
    });
    worker.start();
  }
  let notifier: OutboxDispatcher | null = null;
  if (o.notifications !== false) {
    notifier = new OutboxDispatcher({
      db: ctx.database.db,
      repo: ctx.repos.notificationOutbox,
      channelFor,
      metrics: outboxMetrics(registry),
      log: o.log,
      settings: dispatcherSettings(ctx.config),
      workerId: owner,
    });
    const n = notifier;
    // Like the scheduler, a loop in every process that reports its status like a job.
    runner.registerLoop({
      name: NOTIFIER_JOB,
      intervalMs: 30_000,
      lock: 'none',
      status: () => {
        const s = n.stats();
        const recent = s.lastError && Date.now() - s.lastError.at.getTime() < 60_000;
        return { ok: !recent, error: recent ? `${s.lastError!.op}: ${s.lastError!.message}` : null, details: s };
      },
    });
    notifier.start();
  }
  await runner.start();
  return {
    worker,
    notifier,
    runner,
    async stop() {
      await worker?.stop();
      await notifier?.stop();
      await runner.stop();
    },
  };
}
