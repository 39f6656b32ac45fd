import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { MonitorState } from '../db/schema.ts';

/**
 * The scheduler's SQL: claiming due monitors under a lease, writing a batch of results, and
 * giving leases back. Times come from the database clock (`now()`), so workers on machines
 * whose clocks disagree still agree on who holds what.
 */
export interface ClaimedMonitor {
  id: string;
  name: string;
  kind: string;
  target: string;
  settings: Record<string, unknown>;
  interval_seconds: number;
  timeout_ms: number;
  failure_threshold: number;
  next_due_at: Date;
  lease_until: Date;
  state: MonitorState;
  state_reason: string | null;
  state_since: Date | null;
  consecutive_failures: number;
  flapping: boolean;
  recent_transitions: number[];
  alert_kinds: string[];
  baseline: Record<string, unknown> | null;
  system_id: string;
  system_name: string;
  agency_id: string;
  agency_path: string;
  internal: boolean;
  security_level: number;
  critical_national: boolean;
  db_now: Date;
}

export interface ClaimOptions {
  owner: string;
  limit: number;
  /** Also claim monitors due within this many ms (started locally at their due time). */
  lookaheadMs: number;
  /** Lease = max(due, now) + timeout + hard-timeout grace + margin. */
  leaseExtraMs: number;
}

/** One check's outcome, as written back to its monitor row. */
export interface ResultRow {
  id: string;
  /** The due time the check was claimed for: the write is refused if it moved (edited, paused, taken over). */
  due_at: string;
  next_due_at: string;
  state: MonitorState;
  state_reason: string | null;
  state_since: string;
  consecutive_failures: number;
  flapping: boolean;
  recent_transitions: number[];
  alert_kinds: string[];
  checked_at: string;
  latency_ms: number | null;
  tls_reported: boolean;
  tls_days_left: number | null;
  last_result: Record<string, unknown>;
  set_baseline: boolean;
  baseline: Record<string, unknown> | null;
}

export class MonitorLeaseRepository {
  async claimDue(ex: Executor, o: ClaimOptions): Promise<{ rows: ClaimedMonitor[]; dbNow: Date }> {
    const lookahead = o.lookaheadMs / 1000;
    const extra = o.leaseExtraMs / 1000;
    // SKIP LOCKED: concurrent claimers pass over each other's rows instead of waiting, and the
    // lease check keeps a claimed monitor away from everyone else until it expires.
    const r = await sql<ClaimedMonitor>`
      with due as (
        select id from monitors
        where not paused
          and next_due_at <= now() + make_interval(secs => ${lookahead})
          and (lease_until is null or lease_until < now())
        order by next_due_at
        limit ${o.limit}
        for update skip locked
      )
      update monitors m
      set lease_owner = ${o.owner},
          lease_until = greatest(m.next_due_at, now()) + make_interval(secs => m.timeout_ms / 1000.0 + ${extra})
      from due, information_systems s, agencies a
      where m.id = due.id and s.id = m.system_id and a.id = m.agency_id
      returning m.id, m.name, m.kind, m.target, m.settings, m.interval_seconds, m.timeout_ms, m.failure_threshold,
        m.next_due_at, m.lease_until, m.state, m.state_reason, m.state_since, m.consecutive_failures, m.flapping,
        m.recent_transitions, m.alert_kinds, m.baseline, m.system_id, s.name as system_name, m.agency_id,
        a.path as agency_path, s.internal, s.security_level, s.critical_national, now() as db_now`.execute(ex);
    const rows = r.rows;
    const dbNow = rows[0]?.db_now ?? (await this.dbNow(ex));
    return { rows, dbNow: new Date(dbNow) };
  }

  async dbNow(ex: Executor): Promise<Date> {
    const r = await sql<{ now: Date }>`select now() as now`.execute(ex);
    return new Date(r.rows[0]!.now);
  }

  /**
   * Writes a batch of results in one statement and returns the ids it applied. A row is only
   * applied while this worker still holds the monitor for the same due time and it is not
   * paused, so a late result from a worker whose lease was taken over cannot overwrite the
   * newer one.
   */
  async applyResults(ex: Executor, owner: string, rows: ResultRow[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const r = await sql<{ id: string }>`
      update monitors m set
        next_due_at = u.next_due_at,
        lease_owner = null,
        lease_until = null,
        state = u.state,
        state_reason = u.state_reason,
        state_since = u.state_since,
        consecutive_failures = u.consecutive_failures,
        flapping = u.flapping,
        recent_transitions = u.recent_transitions,
        alert_kinds = u.alert_kinds,
        last_checked_at = u.checked_at,
        last_latency_ms = u.latency_ms,
        tls_days_left = case when u.tls_reported then u.tls_days_left else m.tls_days_left end,
        last_result = u.last_result,
        baseline = case when u.set_baseline then u.baseline else m.baseline end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(
        id uuid, due_at timestamptz, next_due_at timestamptz, state text, state_reason text, state_since timestamptz,
        consecutive_failures integer, flapping boolean, recent_transitions jsonb, alert_kinds jsonb,
        checked_at timestamptz, latency_ms integer, tls_reported boolean, tls_days_left integer,
        last_result jsonb, set_baseline boolean, baseline jsonb)
      where m.id = u.id and m.lease_owner = ${owner} and not m.paused
        and date_trunc('milliseconds', m.next_due_at) = u.due_at
      returning m.id`.execute(ex);
    return r.rows.map((x) => x.id);
  }

  /** Gives leases back without a result (shutdown, or a queued check that could not start in time). */
  async release(ex: Executor, owner: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await ex
      .updateTable('monitors')
      .set({ lease_owner: null, lease_until: null })
      .where('id', 'in', ids)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
