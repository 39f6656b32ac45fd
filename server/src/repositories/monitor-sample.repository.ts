import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';

/** Raw check samples: appended in batches, read for recent history and rollups, deleted by age. */
export interface SampleRow {
  monitor_id: string;
  checked_at: Date;
  latency_ms: number | null;
  status: number;
}

/** Per monitor and minute, what the hourly rollup packs into one slot. */
export interface MinuteAggregate {
  monitor_id: string;
  /** Minute of the (UTC) hour, 0..59: the slot index in the hour's rollup row. */
  minute: number;
  n: number;
  down: number;
  degraded: number;
  latency_ms: number | null;
}

export class MonitorSampleRepository {
  /** One statement for the whole batch (a JSON array unpacked by the server): no parameter limit. */
  async insertMany(ex: Executor, rows: SampleRow[]): Promise<void> {
    if (rows.length === 0) return;
    const json = JSON.stringify(rows.map((r) => ({ m: r.monitor_id, t: r.checked_at.toISOString(), l: r.latency_ms, s: r.status })));
    await sql`
      insert into monitor_samples (monitor_id, checked_at, latency_ms, status)
      select m, t, l, s from jsonb_to_recordset(${json}::jsonb) as u(m uuid, t timestamptz, l integer, s smallint)`.execute(ex);
  }

  async listForMonitors(ex: Executor, monitorIds: string[], from: Date, to: Date): Promise<SampleRow[]> {
    if (monitorIds.length === 0) return [];
    return ex
      .selectFrom('monitor_samples')
      .selectAll()
      .where('monitor_id', 'in', monitorIds)
      .where('checked_at', '>=', from)
      .where('checked_at', '<', to)
      .orderBy('checked_at')
      .execute();
  }

  /**
   * Minute aggregates of [from, to), which must lie within one UTC hour, for monitors that still
   * exist. Callers keep the range to a minute or so: on the embedded database a query blocks the
   * event loop while it runs, and reading the rows back costs more than the query (about 100 ms
   * for a minute of 10,000 monitors). date_part, not extract: extract computes in numeric, slowly.
   */
  async minuteAggregates(ex: Executor, from: Date, to: Date): Promise<MinuteAggregate[]> {
    const r = await sql<MinuteAggregate>`
      select s.monitor_id,
        date_part('minute', s.checked_at)::int as minute,
        count(*)::int as n,
        count(*) filter (where s.status = 2)::int as down,
        count(*) filter (where s.status = 1)::int as degraded,
        avg(s.latency_ms) filter (where s.status <> 2)::float8 as latency_ms
      from monitor_samples s
      where s.checked_at >= ${from} and s.checked_at < ${to}
        and exists (select 1 from monitors m where m.id = s.monitor_id)
      group by 1, 2`.execute(ex);
    return r.rows;
  }

  async earliest(ex: Executor): Promise<Date | null> {
    const r = await ex.selectFrom('monitor_samples').select((eb) => eb.fn.min('checked_at').as('t')).executeTakeFirst();
    return r?.t ? new Date(r.t as Date) : null;
  }

  /** The first sample at or after t (skipping empty hours when catching up). */
  async earliestFrom(ex: Executor, t: Date): Promise<Date | null> {
    const r = await ex.selectFrom('monitor_samples').select((eb) => eb.fn.min('checked_at').as('t')).where('checked_at', '>=', t).executeTakeFirst();
    return r?.t ? new Date(r.t as Date) : null;
  }

  async deleteBefore(ex: Executor, t: Date): Promise<number> {
    const r = await ex.deleteFrom('monitor_samples').where('checked_at', '<', t).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
