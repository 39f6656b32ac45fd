import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { AlertRepository } from '../repositories/alert.repository.ts';
import type { MonitorEventRepository } from '../repositories/monitor-event.repository.ts';
import type { MonitorLeaseRepository } from '../repositories/monitor-lease.repository.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import type { PageAnalysisRepository } from '../repositories/page-analysis.repository.ts';
import { resolveKeys, toAlertRows, toEventRows, toResultRow, toSampleRow, type CheckOutcome } from './check-outcome.ts';
import type { EngineMetrics } from './engine-metrics.ts';
import type { MonitorBus } from './monitor-bus.ts';

/**
 * Writes finished checks in batches: one transaction per flush, one statement per table. On
 * the embedded database every statement runs on the event loop, so 167 checks a second
 * written one by one would starve the checks themselves; batched, it is a handful of
 * statements a second whatever the load.
 *
 * If the database is unreachable the batch stays buffered (up to `maxBuffer` results, oldest
 * dropped first) and is retried on the next flush; results whose lease has meanwhile moved on
 * are refused by the database (see MonitorLeaseRepository.applyResults), never double-written.
 */
export interface WriterRepos {
  lease: MonitorLeaseRepository;
  samples: MonitorSampleRepository;
  events: MonitorEventRepository;
  /** Where alerts go: the alert intake (grouping, routing, escalation) or, bare, the repository. */
  alerts: Pick<AlertRepository, 'openMany'> & { resolveKeys(ex: Executor, items: { key: string; at: Date }[]): Promise<unknown> };
  /** Links content analyses to the alerts opened for them (optional: engines without content monitors). */
  analyses?: Pick<PageAnalysisRepository, 'linkAlerts'>;
}

export interface FlushResult {
  applied: number;
  rejected: number;
  released: number;
}

export class ResultWriter {
  private outcomes: CheckOutcome[] = [];
  private releases: string[] = [];
  private flushing: Promise<FlushResult> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: WriterRepos,
    private readonly owner: string,
    private readonly o: {
      bus: MonitorBus;
      metrics: EngineMetrics;
      maxBuffer: number;
      /** Called with every monitor id whose result or release is settled (written or refused). */
      settled(ids: string[]): void;
    },
  ) {}

  get size(): number {
    return this.outcomes.length + this.releases.length;
  }

  add(outcome: CheckOutcome): void {
    this.outcomes.push(outcome);
    const over = this.outcomes.length - this.o.maxBuffer;
    if (over > 0) {
      const dropped = this.outcomes.splice(0, over);
      this.o.metrics.dropped.inc(over);
      // Their leases lapse on their own; forgetting them lets them be claimed again.
      this.o.settled(dropped.map((d) => d.monitor.id));
    }
    this.o.metrics.buffered.set(this.size);
  }

  /** Hands a claimed monitor back without a result. */
  release(id: string): void {
    this.releases.push(id);
    this.o.metrics.buffered.set(this.size);
  }

  /** One flush at a time; a call during a flush waits for it and then flushes what is new. */
  async flush(): Promise<FlushResult> {
    while (this.flushing) await this.flushing.catch(() => {});
    if (this.size === 0) return { applied: 0, rejected: 0, released: 0 };
    this.flushing = this.write();
    try {
      return await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  private async write(): Promise<FlushResult> {
    const outcomes = this.outcomes;
    const releases = this.releases;
    this.outcomes = [];
    this.releases = [];
    const started = performance.now();
    let applied: Set<string>;
    let released = 0;
    try {
      applied = await this.db.transaction().execute(async (trx) => {
        const ids = new Set(await this.repos.lease.applyResults(trx, this.owner, outcomes.map(toResultRow)));
        const done = outcomes.filter((o) => ids.has(o.monitor.id));
        await this.repos.samples.insertMany(trx, done.map(toSampleRow));
        await this.repos.events.insertMany(trx, done.flatMap(toEventRows));
        const opened = done.flatMap((o) => toAlertRows(o, randomUUID));
        await this.repos.alerts.openMany(trx, opened);
        const analysisIds = opened.map((a) => a.details.analysisId).filter((x): x is string => typeof x === 'string');
        if (analysisIds.length && this.repos.analyses) await this.repos.analyses.linkAlerts(trx, analysisIds);
        await this.repos.alerts.resolveKeys(trx, done.flatMap(resolveKeys));
        // Refused results still hold our lease when the refusal was a pause: give it back.
        const back = [...releases, ...outcomes.filter((o) => !ids.has(o.monitor.id)).map((o) => o.monitor.id)];
        released = await this.repos.lease.release(trx, this.owner, back);
        return ids;
      });
    } catch (e) {
      // A data error (SQLSTATE class 22) would fail again on every retry: drop the batch
      // rather than stall the engine behind it. Anything else (connection lost) is retried.
      if (/^22/.test(String((e as { code?: string }).code ?? ''))) {
        this.o.metrics.dropped.inc(outcomes.length);
        this.o.settled([...outcomes.map((o) => o.monitor.id), ...releases]);
        this.o.metrics.buffered.set(this.size);
        throw e;
      }
      // Put the batch back in front of anything added meanwhile; add() trims the overflow.
      this.outcomes = [...outcomes, ...this.outcomes];
      this.releases = [...releases, ...this.releases];
      const over = this.outcomes.length - this.o.maxBuffer;
      if (over > 0) {
        const dropped = this.outcomes.splice(0, over);
        this.o.metrics.dropped.inc(over);
        this.o.settled(dropped.map((d) => d.monitor.id));
      }
      this.o.metrics.buffered.set(this.size);
      throw e;
    }
    this.o.metrics.flush.observe((performance.now() - started) / 1000);
    this.o.metrics.buffered.set(this.size);
    const rejected = outcomes.length - applied.size;
    if (rejected) this.o.metrics.rejected.inc(rejected);
    this.o.settled([...outcomes.map((o) => o.monitor.id), ...releases]);
    this.announce(outcomes.filter((o) => applied.has(o.monitor.id)));
    return { applied: applied.size, rejected, released };
  }

  /** After commit only: listeners never see a change that was rolled back. */
  private announce(done: CheckOutcome[]): void {
    for (const o of done) {
      const m = o.monitor;
      this.o.metrics.checks.inc({ kind: m.kind, status: o.result.status });
      this.o.bus.emit('check', {
        monitorId: m.id, systemId: m.system_id, agencyId: m.agency_id, kind: m.kind,
        status: o.result.status, reason: o.result.reason, latencyMs: o.result.latencyMs, state: o.next.state,
        checkedAt: o.checkedAt, dueAt: new Date(m.next_due_at), lagMs: Math.max(0, o.checkedAt.getTime() - new Date(m.next_due_at).getTime()),
      });
      if (o.next.changed || o.next.flappingChanged) {
        this.o.metrics.stateChanges.inc({ to: o.next.state });
        this.o.bus.emit('state', {
          monitorId: m.id, systemId: m.system_id, agencyId: m.agency_id, name: m.name,
          from: m.state, to: o.next.state, reason: o.next.reason, at: o.checkedAt, flapping: o.next.flapping, suppressed: o.suppressed,
        });
      }
    }
  }
}
