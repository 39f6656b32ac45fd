import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../io/clock.ts';
import type { Logger } from '../monitoring/types.ts';

/**
 * The contract of a background job. The runner (job-runner.ts) executes a job when it is due,
 * in one process at a time (a lease on the job's row in `jobs`, so any number of worker
 * processes can run the same job list), and records its last run in that row and in metrics.
 */
export interface JobContext {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  /** Aborted at shutdown: long jobs stop between steps. */
  signal: AbortSignal;
  /** The job's saved progress from its last run (e.g. watermarks). */
  state: Record<string, unknown>;
  /** Saves progress now, so a crash mid-run resumes from here. */
  saveState(state: Record<string, unknown>): Promise<void>;
}

export interface Job {
  name: string;
  /** Time between the end of one run and the start of the next. */
  intervalMs: number;
  /** 'lease': at most one process runs it at a time (the jobs row's lease). */
  lock: 'lease';
  /** How long one run may hold the lease before another process may take over (renewed while running). */
  leaseMs?: number;
  /** Returns a summary of what it did, shown on the jobs page. */
  run(ctx: JobContext): Promise<Record<string, unknown> | void>;
}

/**
 * A long-running loop that is not started by the runner but reports its status through it
 * (the monitor scheduler). Every process runs its own; the row shows the latest report.
 */
export interface LoopStatus {
  name: string;
  /** How often the status is written. */
  intervalMs: number;
  lock: 'none';
  status(): { ok: boolean; error: string | null; details: Record<string, unknown> };
}
