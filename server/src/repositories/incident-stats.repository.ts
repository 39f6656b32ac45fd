import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';

/** Aggregates for the incident dashboard: counts by type, agency and month, response times, overdue. */
export class IncidentStatsRepository {
  async compute(ex: Executor, f: { scope: Scope; from: Date; to: Date; now: Date }) {
    const inScope = f.scope.all ? sql`true` : sql`a.path like ${`${f.scope.pathPrefix}%`}`;
    const base = sql`from incidents i join agencies a on a.id = i.reporting_agency_id where i.received_at >= ${f.from} and i.received_at < ${f.to} and ${inScope}`;
    const byType = await sql<{ type: string | null; n: number }>`select i.type, count(*)::int as n ${base} group by i.type order by n desc`.execute(ex);
    const byAgency = await sql<{ id: string; name: string; n: number }>`select a.id, a.name, count(*)::int as n ${base} group by a.id, a.name order by n desc limit 50`.execute(ex);
    const byMonth = await sql<{ month: string; n: number }>`
      select to_char(i.received_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month, count(*)::int as n ${base} group by month order by month`.execute(ex);
    const byStatus = await sql<{ status: string; n: number }>`select i.status, count(*)::int as n ${base} group by i.status`.execute(ex);
    // Time to take it up: from receipt to the first verify/handle move. Time to close: receipt to closure.
    const times = await sql<{ ack_p50: number | null; ack_p90: number | null; close_p50: number | null; close_p90: number | null; serious: number }>`
      with t as (
        select i.id, i.serious, i.closed_at, i.received_at,
          (select min(e.at) from incident_events e where e.incident_id = i.id and e.type in ('verify', 'handle')) as taken_at
        ${base}
      )
      select
        percentile_cont(0.5) within group (order by extract(epoch from taken_at - received_at) / 60) filter (where taken_at is not null) as ack_p50,
        percentile_cont(0.9) within group (order by extract(epoch from taken_at - received_at) / 60) filter (where taken_at is not null) as ack_p90,
        percentile_cont(0.5) within group (order by extract(epoch from closed_at - received_at) / 3600) filter (where closed_at is not null) as close_p50,
        percentile_cont(0.9) within group (order by extract(epoch from closed_at - received_at) / 3600) filter (where closed_at is not null) as close_p90,
        count(*) filter (where serious)::int as serious
      from t`.execute(ex);
    // Overdue now, whatever the period: the board's count.
    const overdue = await sql<{ incidents: number; deadlines: number }>`
      select count(distinct d.incident_id)::int as incidents, count(*)::int as deadlines
      from incident_deadlines d join incidents i on i.id = d.incident_id join agencies a on a.id = i.reporting_agency_id
      where d.met_at is null and d.due_at <= ${f.now} and i.status <> 'closed' and ${inScope}`.execute(ex);
    return { byType: byType.rows, byAgency: byAgency.rows, byMonth: byMonth.rows, byStatus: byStatus.rows, times: times.rows[0]!, overdue: overdue.rows[0]! };
  }
}
