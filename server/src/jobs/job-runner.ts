import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../io/clock.ts';
import type { JobRepository, JobRow } from '../repositories/job.repository.ts';
import { errorFields, type Logger } from '../monitoring/types.ts';
import type { Job, LoopStatus } from './job.ts';
import { jobMetrics, type JobMetrics } from './job-metrics.ts';

/**
 * Runs registered jobs when due, each under its row's lease so one process at a time runs
 * it, and records every run (status, duration, error, details) in `jobs` and in metrics. A
 * job that throws is recorded as failed and retried at its next interval; a process that
 * dies mid-run leaves a lease that expires, and another process takes the job over.
 */
export interface RunnerDeps {
  db: Kysely<DB>;
  repo: JobRepository;
  clock: Clock;
  log: Logger;
  owner: string;
  registry?: Registry;
  /** How often due jobs are looked for. */
  tickMs?: number;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly loops = new Map<string, { loop: LoopStatus; lastAt: number }>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly metrics: JobMetrics;
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private lastGaugeRefresh = 0;
  private rowsReady = false;

  constructor(private readonly d: RunnerDeps) {
    this.metrics = jobMetrics(d.registry ?? new Registry());
  }

  register(job: Job): this {
    this.jobs.set(job.name, job);
    return this;
  }

  registerLoop(loop: LoopStatus): this {
    this.loops.set(loop.name, { loop, lastAt: 0 });
    return this;
  }

  get names(): string[] {
    return [...this.jobs.keys(), ...this.loops.keys()];
  }

  /** Starts ticking; the first tick creates the job rows (retried until the database answers). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.tick();
    this.schedule(this.d.tickMs ?? 1000);
  }

  private async ensureRows(): Promise<void> {
    if (this.rowsReady) return;
    for (const j of this.jobs.values()) await this.d.repo.ensure(this.d.db, j.name, j.intervalMs, 'lease');
    for (const { loop } of this.loops.values()) await this.d.repo.ensure(this.d.db, loop.name, loop.intervalMs, 'none');
    this.rowsReady = true;
  }

  /** Stops looking for work, asks running jobs to stop, and waits for them (bounded). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.shutdown.abort();
    let t: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.active.values()]), new Promise((r) => (t = setTimeout(r, timeoutMs)))]);
    clearTimeout(t);
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule(this.d.tickMs ?? 1000)), ms);
  }

  /** One pass: start every due job not already running here, report loops, refresh gauges. */
  async tick(): Promise<void> {
    try {
      await this.ensureRows();
      for (const job of this.jobs.values()) {
        if (this.active.has(job.name)) continue;
        const row = await this.d.repo.claim(this.d.db, job.name, this.d.owner, job.leaseMs ?? DEFAULT_LEASE_MS);
        if (!row) continue;
        const p = this.execute(job, row).finally(() => this.active.delete(job.name));
        this.active.set(job.name, p);
      }
      for (const entry of this.loops.values()) {
        if (Date.now() - entry.lastAt < entry.loop.intervalMs) continue;
        entry.lastAt = Date.now();
        const s = entry.loop.status();
        await this.d.repo.heartbeat(this.d.db, entry.loop.name, this.d.owner, { ok: s.ok, error: s.error, details: s.details, countRun: true });
        this.metrics.runs.inc({ job: entry.loop.name, status: s.ok ? 'ok' : 'error' });
      }
      if (Date.now() - this.lastGaugeRefresh >= 15_000) {
        this.lastGaugeRefresh = Date.now();
        this.setGauges(await this.d.repo.list(this.d.db));
      }
    } catch (e) {
      // Database unreachable: try again next tick.
      this.d.log.warn({ ...errorFields(e) }, 'job runner could not reach the database');
    }
  }

  /** Runs one job now if nobody holds it (tests, admin "run now"); resolves when it is done. */
  async runNow(name: string): Promise<'ran' | 'busy'> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`unknown job ${name}`);
    if (this.active.has(name)) return 'busy';
    await this.ensureRows();
    await this.d.repo.makeDue(this.d.db, name);
    const row = await this.d.repo.claim(this.d.db, name, this.d.owner, job.leaseMs ?? DEFAULT_LEASE_MS);
    if (!row) return 'busy';
    const p = this.execute(job, row).finally(() => this.active.delete(name));
    this.active.set(name, p);
    await p;
    return 'ran';
  }

  private async execute(job: Job, row: JobRow): Promise<void> {
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const renew = setInterval(() => {
      this.d.repo.renew(this.d.db, job.name, this.d.owner, leaseMs).catch(() => {});
    }, Math.max(1000, leaseMs / 3));
    this.metrics.running.set({ job: job.name }, 1);
    const started = performance.now();
    let ok = true;
    let error: string | null = null;
    let details: Record<string, unknown> | null = null;
    let state = row.state ?? {};
    try {
      details = (await job.run({
        db: this.d.db,
        clock: this.d.clock,
        log: this.d.log,
        signal: this.shutdown.signal,
        state,
        saveState: async (s) => {
          state = s;
          await this.d.repo.setState(this.d.db, job.name, s);
        },
      })) ?? null;
    } catch (e) {
      ok = false;
      error = (e as Error)?.message ?? String(e);
      this.d.log.error({ ...errorFields(e), job: job.name }, 'background job failed');
    } finally {
      clearInterval(renew);
      this.metrics.running.set({ job: job.name }, 0);
    }
    const durationMs = performance.now() - started;
    this.metrics.runs.inc({ job: job.name, status: ok ? 'ok' : 'error' });
    this.metrics.lastDuration.set({ job: job.name }, durationMs / 1000);
    this.metrics.lastOk.set({ job: job.name }, ok ? 1 : 0);
    if (ok) this.metrics.lastSuccess.set({ job: job.name }, Date.now() / 1000);
    try {
      await this.d.repo.finish(this.d.db, job.name, this.d.owner, { ok, error, durationMs, details, nextInMs: job.intervalMs });
    } catch (e) {
      // The lease lapses by itself; the next run records properly.
      this.d.log.warn({ ...errorFields(e), job: job.name }, 'could not record the job run');
    }
  }

  /** Gauges from the table, so they tell the cluster-wide truth whichever process ran the job. */
  private setGauges(rows: JobRow[]): void {
    for (const r of rows) {
      if (!this.jobs.has(r.name) && !this.loops.has(r.name)) continue;
      if (r.last_success_at) this.metrics.lastSuccess.set({ job: r.name }, new Date(r.last_success_at).getTime() / 1000);
      if (r.last_status && r.last_status !== 'running') this.metrics.lastOk.set({ job: r.name }, r.last_status === 'ok' ? 1 : 0);
      if (r.last_duration_ms !== null) this.metrics.lastDuration.set({ job: r.name }, r.last_duration_ms / 1000);
    }
  }
}
