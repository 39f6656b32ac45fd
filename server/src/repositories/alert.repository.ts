import { sql, type Selectable } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { AlertTable } from '../db/schema.ts';

/** A new alert as written; group, source and counters take their defaults when absent. */
export type AlertRow = Omit<Selectable<AlertTable>, 'details' | 'group_id' | 'source' | 'occurrences' | 'last_seen_at'> & {
  details: Record<string, unknown>;
  group_id?: string | null;
  source?: string;
};

/**
 * Alert records. Opening is idempotent per de-duplication key: the unique partial index on
 * open alerts turns a second "open" for the same key into nothing.
 */
export class AlertRepository {
  async openMany(ex: Executor, rows: AlertRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const r = await ex
      .insertInto('alerts')
      .values(rows.map((a) => ({ ...a, details: JSON.stringify(a.details) })))
      .onConflict((oc) => oc.column('dedup_key').where('status', '=', 'open').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** Resolves open alerts by key, each at its own time, in one statement. */
  async resolveKeys(ex: Executor, items: { key: string; at: Date }[]): Promise<number> {
    if (items.length === 0) return 0;
    const json = JSON.stringify(items.map((i) => ({ k: i.key, t: i.at.toISOString() })));
    const r = await sql`
      update alerts a set status = 'resolved', resolved_at = u.t
      from jsonb_to_recordset(${json}::jsonb) as u(k text, t timestamptz)
      where a.dedup_key = u.k and a.status = 'open'`.execute(ex);
    return Number(r.numAffectedRows ?? 0);
  }

  async resolveForMonitor(ex: Executor, monitorId: string, at: Date): Promise<number> {
    const r = await ex
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: at })
      .where('monitor_id', '=', monitorId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Resolves a monitor's open alerts whose kind starts with `kindPrefix` (e.g. "content."); returns their ids. */
  async resolveOpenByKindPrefix(ex: Executor, monitorId: string, kindPrefix: string, at: Date): Promise<string[]> {
    const rows = await ex
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: at })
      .where('monitor_id', '=', monitorId)
      .where('status', '=', 'open')
      .where('kind', 'like', `${kindPrefix.replace(/[\\%_]/g, (c) => '\\' + c)}%`)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async listForMonitor(ex: Executor, monitorId: string, opts: { status?: 'open' | 'resolved'; limit?: number } = {}): Promise<AlertRow[]> {
    let q = ex.selectFrom('alerts').selectAll().where('monitor_id', '=', monitorId);
    if (opts.status) q = q.where('status', '=', opts.status);
    return (await q.orderBy('opened_at', 'desc').limit(opts.limit ?? 100).execute()) as unknown as AlertRow[];
  }
}
