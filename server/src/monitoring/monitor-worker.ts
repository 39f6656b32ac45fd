import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MaintenanceWindowRepository } from '../repositories/maintenance-window.repository.ts';
import type { ClaimedMonitor } from '../repositories/monitor-lease.repository.ts';
import { buildOutcome, type OutcomeSettings } from './check-outcome.ts';
import { runProbe } from './check-runner.ts';
import { Dispatcher, type DispatchItem } from './dispatcher.ts';
import type { EngineMetrics } from './engine-metrics.ts';
import { MaintenanceCache } from './maintenance-cache.ts';
import type { MonitorBus } from './monitor-bus.ts';
import type { EvidenceWriter } from './content/content-evidence-writer.ts';
import type { ProbeResult } from './probe.ts';
import { ResultWriter, type WriterRepos } from './result-writer.ts';
import { HARD_TIMEOUT_GRACE_MS, leaseMs } from './schedule.ts';
import { errorFields, isMonitorKind, type AddressPolicyFactory, type Logger, type ProbeMap } from './types.ts';

/**
 * The monitoring engine of one process. It claims due monitors from the database under a
 * lease, runs their probes within the concurrency caps, and writes results in batches.
 *
 * Time: leases and due times are compared with the database's clock (`now()` in the claim),
 * never the local one, so workers on machines with skewed clocks agree on who holds what. The
 * worker measures its offset to the database clock at each claim and stamps samples, events
 * and next due times on that clock.
 *
 * Faults: every loop catches its errors, logs them and backs off (database restart or
 * outage); results wait in the writer's buffer meanwhile. A probe that hangs is cut off by
 * its hard timeout (check-runner.ts).
 */
export interface WorkerSettings {
  concurrency: number;
  perHost: number;
  claimBatch: number;
  pollMs: number;
  flushMs: number;
  leaseMarginSeconds: number;
  retrySeconds: number;
  flap: { transitions: number; windowMs: number };
  allowLoopback: boolean;
  maxBuffer?: number;
  maintenanceRefreshMs?: number;
}

export interface WorkerDeps {
  db: Kysely<DB>;
  repos: WriterRepos & { maintenance: MaintenanceWindowRepository };
  probes: ProbeMap;
  addressPolicy: AddressPolicyFactory;
  bus: MonitorBus;
  metrics: EngineMetrics;
  log: Logger;
  settings: WorkerSettings;
  /** Stores the snapshots and analysis a content check carries (see content/content-evidence-writer.ts). */
  evidence?: EvidenceWriter | null;
  workerId?: string;
  random?: () => number;
}

interface Item extends DispatchItem {
  monitor: ClaimedMonitor;
}

const MAX_BACKOFF_MS = 10_000;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class MonitorWorker {
  readonly id: string;
  private readonly dispatcher: Dispatcher<Item>;
  private readonly writer: ResultWriter;
  private readonly maintenance: MaintenanceCache;
  private readonly shutdown = new AbortController();
  /** Monitors claimed and not yet settled: never run twice, even if re-claimed after a lapse. */
  private readonly pending = new Set<string>();
  private running = false;
  private claimTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private claimBackoff = 0;
  private flushBackoff = 0;
  /** Database clock minus local clock, ms. */
  private skew = 0;
  private readonly outcome: OutcomeSettings;
  private readonly counters = { claimed: 0, checked: 0, expired: 0, claimErrors: 0, flushErrors: 0 };
  private lastError: { at: Date; op: string; message: string } | null = null;
  private unsubscribe: (() => void) | null = null;
  private claiming: Promise<void> | null = null;

  constructor(private readonly d: WorkerDeps) {
    this.id = d.workerId ?? newWorkerId();
    // Every running check listens for shutdown on this one signal.
    setMaxListeners(0, this.shutdown.signal);
    const s = d.settings;
    this.outcome = { flap: s.flap, retrySeconds: s.retrySeconds, random: d.random };
    this.dispatcher = new Dispatcher<Item>({
      concurrency: s.concurrency,
      perHost: s.perHost,
      run: (item) => this.check(item),
      expire: (item) => {
        this.counters.expired++;
        d.metrics.expired.inc();
        this.writer.release(item.id);
      },
    });
    this.writer = new ResultWriter(d.db, d.repos, this.id, {
      bus: d.bus,
      metrics: d.metrics,
      maxBuffer: s.maxBuffer ?? 50_000,
      settled: (ids) => {
        for (const id of ids) this.pending.delete(id);
      },
    });
    this.maintenance = new MaintenanceCache(() => d.repos.maintenance.listCurrent(d.db, this.dbNow()), s.maintenanceRefreshMs ?? 10_000);
  }

  /** Now on the database's clock (as last measured). */
  dbNow(): Date {
    return new Date(Date.now() + this.skew);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A window changed in this process applies at once; other processes' changes within the refresh period.
    this.unsubscribe = this.d.bus.on('maintenance', () => {
      this.maintenance.refresh().catch((e) => this.fail('maintenance', e));
    });
    this.scheduleClaim(0);
    this.scheduleFlush(this.d.settings.flushMs);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Graceful stop: no more claims; checks not started yet are handed back at once; running
   * checks get `graceMs` to finish (then they are aborted and handed back); then the last
   * results are written.
   */
  async stop(opts: { graceMs?: number; flushTimeoutMs?: number } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    if (this.claimTimer) clearTimeout(this.claimTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    // A claim under way hands its monitors straight back (see claim()).
    await this.claiming?.catch(() => {});
    for (const item of this.dispatcher.takeQueued()) this.writer.release(item.id);
    const grace = opts.graceMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.dispatcher.idle(), new Promise<void>((r) => (timer = setTimeout(r, grace)))]);
    clearTimeout(timer);
    if (this.dispatcher.inFlight > 0) {
      this.shutdown.abort();
      await this.dispatcher.idle();
    }
    const deadline = Date.now() + (opts.flushTimeoutMs ?? 10_000);
    while (this.writer.size > 0 && Date.now() < deadline) {
      try {
        await this.writer.flush();
      } catch (e) {
        this.fail('flush', e);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  stats() {
    return {
      workerId: this.id,
      running: this.running,
      inFlight: this.dispatcher.inFlight,
      queued: this.dispatcher.queued,
      buffered: this.writer.size,
      ...this.counters,
      clockSkewMs: Math.round(this.skew),
      lastError: this.lastError,
    };
  }

  /** Reloads maintenance windows now (the service calls this after a change in this process). */
  refreshMaintenance(): Promise<void> {
    return this.maintenance.refresh();
  }

  /** Writes buffered results now (tests, shutdown). */
  flush() {
    return this.writer.flush();
  }

  private fail(op: string, e: unknown): void {
    this.d.metrics.dbErrors.inc({ op });
    this.lastError = { at: new Date(), op, message: (e as Error)?.message ?? String(e) };
    this.d.log.warn({ ...errorFields(e), op, workerId: this.id }, 'monitor engine database operation failed; retrying');
  }

  private scheduleClaim(ms: number): void {
    if (!this.running) return;
    this.claimTimer = setTimeout(() => {
      this.claiming = this.claimTick().finally(() => (this.claiming = null));
    }, ms);
  }

  private scheduleFlush(ms: number): void {
    if (!this.running) return;
    this.flushTimer = setTimeout(() => void this.flushTick(), ms);
  }

  private async flushTick(): Promise<void> {
    try {
      await this.writer.flush();
      this.flushBackoff = 0;
    } catch (e) {
      this.counters.flushErrors++;
      this.fail('flush', e);
      this.flushBackoff = Math.min(MAX_BACKOFF_MS, this.flushBackoff ? this.flushBackoff * 2 : 500);
    }
    this.scheduleFlush(this.d.settings.flushMs + this.flushBackoff);
  }

  private async claimTick(): Promise<void> {
    const s = this.d.settings;
    try {
      if (this.maintenance.stale) await this.maintenance.refresh();
      // Room left under the cap; nothing is claimed while results cannot be written.
      const free = s.concurrency - this.dispatcher.inFlight - this.dispatcher.queued;
      if (free > 0 && this.writer.size < (s.maxBuffer ?? 50_000) / 2) await this.claim(Math.min(free, s.claimBatch));
      this.claimBackoff = 0;
    } catch (e) {
      this.counters.claimErrors++;
      this.fail('claim', e);
      this.claimBackoff = Math.min(MAX_BACKOFF_MS, this.claimBackoff ? this.claimBackoff * 2 : 500);
    }
    this.scheduleClaim(s.pollMs + this.claimBackoff);
  }

  private async claim(limit: number): Promise<void> {
    const s = this.d.settings;
    const before = Date.now();
    const { rows, dbNow } = await this.d.repos.lease.claimDue(this.d.db, {
      owner: this.id,
      limit,
      lookaheadMs: s.pollMs,
      leaseExtraMs: leaseMs(0, s.leaseMarginSeconds),
    });
    this.skew = dbNow.getTime() - (before + Date.now()) / 2;
    if (!this.running) {
      // Stopped while claiming: nothing more starts here.
      for (const m of rows) this.writer.release(m.id);
      return;
    }
    const items: Item[] = [];
    for (const m of rows) {
      // Re-claimed while its earlier result still waits to be written: the write will settle it.
      if (this.pending.has(m.id)) continue;
      const probe = isMonitorKind(m.kind) ? this.d.probes[m.kind] : undefined;
      let host = m.target;
      try {
        host = probe?.hostOf(m.target) ?? m.target;
      } catch {
        /* an unparsable target fails in the probe with a readable reason */
      }
      const leaseLocal = new Date(m.lease_until).getTime() - this.skew;
      items.push({
        id: m.id,
        host,
        dueAt: new Date(m.next_due_at).getTime() - this.skew,
        // Start late only while the lease still covers a full check and the write after it
        // (at least half the margin is always left for a late start).
        startBy: leaseLocal - m.timeout_ms - HARD_TIMEOUT_GRACE_MS - Math.min(s.flushMs + 250, (s.leaseMarginSeconds * 1000) / 2),
        monitor: m,
      });
      this.pending.add(m.id);
    }
    this.counters.claimed += items.length;
    this.d.metrics.claimed.inc(items.length);
    this.dispatcher.enqueue(items);
    this.d.metrics.queued.set(this.dispatcher.queued);
  }

  private async check(item: Item): Promise<void> {
    const m = item.monitor;
    this.d.metrics.inFlight.set(this.dispatcher.inFlight);
    const started = this.dbNow();
    this.d.metrics.lag.observe(Math.max(0, started.getTime() - new Date(m.next_due_at).getTime()) / 1000);
    const probe = isMonitorKind(m.kind) ? this.d.probes[m.kind] : undefined;
    let result: ProbeResult;
    if (!probe) {
      result = { status: 'down', reason: `no probe for monitor kind ${m.kind}`, latencyMs: null, details: {} };
    } else {
      result = await runProbe(probe, {
        target: m.target,
        settings: m.settings ?? {},
        timeoutMs: m.timeout_ms,
        addressPolicy: this.d.addressPolicy({ internal: m.internal, allowLoopback: this.d.settings.allowLoopback }),
        baseline: m.baseline,
        shutdown: this.shutdown.signal,
        now: () => this.dbNow(),
      });
    }
    const finished = this.dbNow();
    this.d.metrics.duration.observe({ kind: m.kind }, (finished.getTime() - started.getTime()) / 1000);
    if (this.shutdown.signal.aborted) {
      // Cut short by shutdown: not a real result. Hand the monitor back for another worker.
      this.writer.release(m.id);
      return;
    }
    if (result.artifacts) result = await this.storeEvidence(m, result, started);
    const suppressed = this.maintenance.covers({ monitorId: m.id, systemId: m.system_id, agencyPath: m.agency_path }, started);
    this.writer.add(buildOutcome(m, result, { checkedAt: started, finishedAt: finished }, suppressed, this.outcome));
    this.counters.checked++;
    this.d.metrics.inFlight.set(this.dispatcher.inFlight - 1);
    this.d.metrics.queued.set(this.dispatcher.queued);
  }

  /**
   * Writes a content check's snapshots and analysis in their own small transaction, before
   * the result is buffered, so the alert the result may open can name a stored analysis. The
   * artifacts (megabytes) are dropped here: the result buffer only ever holds small results.
   * A failed write costs the evidence, never the check.
   */
  private async storeEvidence(m: ClaimedMonitor, result: ProbeResult, at: Date): Promise<ProbeResult> {
    const { artifacts, ...rest } = result;
    const withId = (analysisId: string | null, extra: Record<string, unknown> = {}): ProbeResult => ({
      ...rest,
      details: { ...rest.details, analysisId, ...extra },
      ...(rest.alert && { alert: { ...rest.alert, details: { ...rest.alert.details, analysisId } } }),
    });
    if (!artifacts || !this.d.evidence) return withId(null);
    try {
      const r = await this.d.evidence.write({ id: m.id, system_id: m.system_id, agency_id: m.agency_id }, artifacts, at);
      return withId(r.analysisId, r.stored ? {} : { unchanged: true });
    } catch (e) {
      this.fail('evidence', e);
      return withId(null, { evidenceError: String((e as Error)?.message ?? e).slice(0, 300) });
    }
  }
}
