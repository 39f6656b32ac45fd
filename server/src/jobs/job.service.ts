import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { JobRepository, JobRow } from '../repositories/job.repository.ts';

/** One background job's status, for the administrators' jobs page. */
export interface JobStatus {
  name: string;
  intervalMs: number;
  /** 'lease': one process at a time; 'none': a loop every worker process runs (the scheduler). */
  lock: 'lease' | 'none';
  running: boolean;
  leaseOwner: string | null;
  leaseUntil: string | null;
  nextRunAt: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: 'running' | 'ok' | 'error' | null;
  lastError: string | null;
  lastDurationMs: number | null;
  runs: number;
  failures: number;
  details: Record<string, unknown> | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toJobStatus(r: JobRow, now: Date): JobStatus {
  const leased = r.lease_until !== null && new Date(r.lease_until) > now;
  return {
    name: r.name,
    intervalMs: r.interval_ms,
    lock: r.lock_kind as JobStatus['lock'],
    running: r.lock_kind === 'lease' ? leased : r.last_finished_at !== null && now.getTime() - new Date(r.last_finished_at).getTime() < r.interval_ms * 3,
    leaseOwner: r.lease_owner,
    leaseUntil: iso(r.lease_until),
    nextRunAt: iso(r.next_run_at),
    lastStartedAt: iso(r.last_started_at),
    lastFinishedAt: iso(r.last_finished_at),
    lastSuccessAt: iso(r.last_success_at),
    lastStatus: r.last_status as JobStatus['lastStatus'],
    lastError: r.last_error,
    lastDurationMs: r.last_duration_ms,
    runs: r.runs,
    failures: r.failures,
    details: r.details,
  };
}

export class JobService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: JobRepository,
  ) {}

  /** Administrators only: worker names, errors and internals are operational detail. */
  async listJobs(actor: Actor): Promise<JobStatus[]> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators can see background jobs');
    const now = await this.dbNow();
    return (await this.repo.list(this.db)).map((r) => toJobStatus(r, now));
  }

  /** Leases are on the database clock, so "running" is judged on it too. */
  private async dbNow(): Promise<Date> {
    return this.repo.dbNow(this.db);
  }
}
