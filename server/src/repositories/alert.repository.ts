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

  /** Inserts the alerts whose key has no open alert; returns those inserted (the rest are repeats). */
  async insertNew(ex: Executor, rows: AlertRow[]): Promise<{ id: string; dedup_key: string }[]> {
    if (rows.length === 0) return [];
    return ex
      .insertInto('alerts')
      .values(rows.map((a) => ({ ...a, details: JSON.stringify(a.details) })))
      .onConflict((oc) => oc.column('dedup_key').where('status', '=', 'open').doNothing())
      .returning(['id', 'dedup_key'])
      .execute();
  }

  /** A repeat of an open alert: counted, not re-opened. */
  async touchOpen(ex: Executor, keys: string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    await ex
      .updateTable('alerts')
      .set((eb) => ({ occurrences: eb('occurrences', '+', 1), last_seen_at: at }))
      .where('dedup_key', 'in', keys)
      .where('status', '=', 'open')
      .execute();
  }

  async setGroup(ex: Executor, groupId: string, alertIds: string[]): Promise<void> {
    if (alertIds.length === 0) return;
    await ex.updateTable('alerts').set({ group_id: groupId }).where('id', 'in', alertIds).execute();
  }

  /** What routing needs: each system's hosting provider and each agency's path. */
  async routingFacts(ex: Executor, systemIds: string[], agencyIds: string[]): Promise<{ hosting: Map<string, string | null>; paths: Map<string, string> }> {
    const systems = systemIds.length ? await ex.selectFrom('information_systems').select(['id', 'hosting_provider']).where('id', 'in', systemIds).execute() : [];
    const agencies = agencyIds.length ? await ex.selectFrom('agencies').select(['id', 'path']).where('id', 'in', agencyIds).execute() : [];
    return { hosting: new Map(systems.map((s) => [s.id, s.hosting_provider])), paths: new Map(agencies.map((a) => [a.id, a.path])) };
  }

  /** Resolves open alerts by key, each at its own time, in one statement; returns the groups touched. */
  async resolveKeys(ex: Executor, items: { key: string; at: Date }[]): Promise<string[]> {
    if (items.length === 0) return [];
    const json = JSON.stringify(items.map((i) => ({ k: i.key, t: i.at.toISOString() })));
    const r = await sql<{ group_id: string | null }>`
      update alerts a set status = 'resolved', resolved_at = u.t
      from jsonb_to_recordset(${json}::jsonb) as u(k text, t timestamptz)
      where a.dedup_key = u.k and a.status = 'open'
      returning a.group_id`.execute(ex);
    return [...new Set(r.rows.map((x) => x.group_id).filter((x): x is string => !!x))];
  }

  findOpenByKey(ex: Executor, key: string) {
    return ex.selectFrom('alerts').select(['id', 'group_id']).where('dedup_key', '=', key).where('status', '=', 'open').executeTakeFirst();
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
