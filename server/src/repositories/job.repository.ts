import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { JobTable } from '../db/schema.ts';

export type JobRow = Omit<JobTable, 'state' | 'details' | 'runs' | 'failures' | 'updated_at'> & {
  runs: number;
  failures: number;
  state: Record<string, unknown>;
  details: Record<string, unknown> | null;
  updated_at: Date;
};

/**
 * Background job rows. The lease columns make a job run in one process at a time across any
 * number of processes; all times are the database's clock.
 */
export class JobRepository {
  /** Creates the row on first start; later starts update the declared interval and lock. */
  async ensure(ex: Executor, name: string, intervalMs: number, lockKind: 'lease' | 'none'): Promise<void> {
    await ex
      .insertInto('jobs')
      .values({ name, interval_ms: intervalMs, lock_kind: lockKind, state: '{}' })
      .onConflict((oc) => oc.column('name').doUpdateSet({ interval_ms: intervalMs, lock_kind: lockKind }))
      .execute();
  }

  /** Takes the job if it is due and nobody holds it; returns its row (with its state) or nothing. */
  async claim(ex: Executor, name: string, owner: string, leaseMs: number): Promise<JobRow | undefined> {
    const r = await sql<JobRow>`
      update jobs set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
        last_started_at = now(), last_status = 'running', updated_at = now()
      where name = ${name}
        and (next_run_at is null or next_run_at <= now())
        and (lease_until is null or lease_until < now())
      returning *`.execute(ex);
    return r.rows[0] ? this.decode(r.rows[0]) : undefined;
  }

  async renew(ex: Executor, name: string, owner: string, leaseMs: number): Promise<boolean> {
    const r = await sql`
      update jobs set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      where name = ${name} and lease_owner = ${owner}`.execute(ex);
    return Number(r.numAffectedRows ?? 0) > 0;
  }

  async finish(
    ex: Executor,
    name: string,
    owner: string,
    o: { ok: boolean; error: string | null; durationMs: number; details: Record<string, unknown> | null; nextInMs: number },
  ): Promise<void> {
    await sql`
      update jobs set lease_owner = null, lease_until = null, last_finished_at = now(),
        last_success_at = case when ${o.ok} then now() else last_success_at end,
        last_status = ${o.ok ? 'ok' : 'error'}, last_error = ${o.error}, last_duration_ms = ${Math.round(o.durationMs)},
        runs = runs + 1, failures = failures + ${o.ok ? 0 : 1},
        details = ${o.details === null ? null : JSON.stringify(o.details)}::jsonb,
        next_run_at = now() + make_interval(secs => ${o.nextInMs / 1000}), updated_at = now()
      where name = ${name} and lease_owner = ${owner}`.execute(ex);
  }

  /** For long-running loops (the monitor scheduler): a periodic status without a lease. */
  async heartbeat(ex: Executor, name: string, owner: string, o: { ok: boolean; error: string | null; details: Record<string, unknown> | null; countRun: boolean }): Promise<void> {
    await sql`
      update jobs set lease_owner = ${owner}, last_finished_at = now(),
        last_started_at = coalesce(last_started_at, now()),
        last_success_at = case when ${o.ok} then now() else last_success_at end,
        last_status = ${o.ok ? 'ok' : 'error'}, last_error = ${o.error},
        runs = runs + ${o.countRun ? 1 : 0}, failures = failures + ${o.ok ? 0 : 1},
        details = ${o.details === null ? null : JSON.stringify(o.details)}::jsonb, updated_at = now()
      where name = ${name}`.execute(ex);
  }

  /** Due now (admin "run now", tests). */
  async makeDue(ex: Executor, name: string): Promise<void> {
    await ex.updateTable('jobs').set({ next_run_at: null }).where('name', '=', name).execute();
  }

  async setState(ex: Executor, name: string, state: Record<string, unknown>): Promise<void> {
    await ex.updateTable('jobs').set({ state: JSON.stringify(state) }).where('name', '=', name).execute();
  }

  async getState(ex: Executor, name: string): Promise<Record<string, unknown>> {
    const r = await ex.selectFrom('jobs').select('state').where('name', '=', name).executeTakeFirst();
    return (r?.state as Record<string, unknown> | undefined) ?? {};
  }

  /**
   * VACUUM (ANALYZE) for the embedded database, which has no autovacuum: without it the
   * monitors table, updated 167 times a second, and the sample table's deletes leave dead rows
   * that are never reclaimed. Not inside a transaction.
   */
  async vacuum(ex: Executor, table: 'monitors' | 'monitor_samples' | 'monitor_rollups' | 'jobs' | 'alerts' | 'sessions' | 'page_analyses' | 'page_blobs'): Promise<void> {
    await sql.raw(`vacuum (analyze) ${table}`).execute(ex);
  }

  async dbNow(ex: Executor): Promise<Date> {
    const r = await sql<{ now: Date }>`select now() as now`.execute(ex);
    return new Date(r.rows[0]!.now);
  }

  async list(ex: Executor): Promise<JobRow[]> {
    return (await ex.selectFrom('jobs').selectAll().orderBy('name').execute()).map((r) => this.decode(r as unknown as JobRow));
  }

  private decode(r: JobRow): JobRow {
    return { ...r, runs: Number(r.runs), failures: Number(r.failures), state: r.state ?? {} };
  }
}
