import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { MonitorEventTable } from '../db/schema.ts';

export type MonitorEventRow = Omit<MonitorEventTable, 'id' | 'details'> & { id: number; details: Record<string, unknown> | null };
export type NewMonitorEvent = Omit<MonitorEventRow, 'id'>;

/** State changes, appended and kept forever. */
export class MonitorEventRepository {
  async insertMany(ex: Executor, rows: NewMonitorEvent[]): Promise<void> {
    if (rows.length === 0) return;
    const json = JSON.stringify(rows.map((r) => ({ ...r, at: r.at.toISOString() })));
    await sql`
      insert into monitor_events (monitor_id, system_id, agency_id, at, from_state, to_state, reason, flapping, suppressed, details)
      select monitor_id, system_id, agency_id, at, from_state, to_state, reason, flapping, suppressed, details
      from jsonb_to_recordset(${json}::jsonb) as u(monitor_id uuid, system_id uuid, agency_id uuid, at timestamptz,
        from_state text, to_state text, reason text, flapping boolean, suppressed boolean, details jsonb)`.execute(ex);
  }

  async listForMonitor(ex: Executor, monitorId: string, opts: { limit: number; before?: Date }): Promise<MonitorEventRow[]> {
    let q = ex.selectFrom('monitor_events').selectAll().where('monitor_id', '=', monitorId);
    if (opts.before) q = q.where('at', '<', opts.before);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) })) as MonitorEventRow[];
  }
}
