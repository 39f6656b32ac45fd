import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';

/** Packed rollup rows (see server/src/monitoring/rollup-codec.ts). */
export interface RollupRow {
  monitor_id: string;
  level: number;
  bucket_start: Date;
  slots: Uint8Array;
}

export class MonitorRollupRepository {
  /** Idempotent: re-running a rollup for the same period replaces its rows. */
  async upsertMany(ex: Executor, rows: RollupRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await ex
        .insertInto('monitor_rollups')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['monitor_id', 'level', 'bucket_start']).doUpdateSet({ slots: (eb) => eb.ref('excluded.slots') }))
        .execute();
    }
  }

  /** Rows of all levels that may hold slots in [from, to) (a month row can start 31 days earlier). */
  async listForMonitors(ex: Executor, monitorIds: string[], from: Date, to: Date): Promise<RollupRow[]> {
    if (monitorIds.length === 0) return [];
    const earliest = new Date(from.getTime() - 32 * 86_400_000);
    const rows = await ex
      .selectFrom('monitor_rollups')
      .selectAll()
      .where('monitor_id', 'in', monitorIds)
      .where('bucket_start', '>=', earliest)
      .where('bucket_start', '<', to)
      .execute();
    return rows.map((r) => ({ ...r, slots: toBytes(r.slots) }));
  }

  /** One level's rows in [from, to) for a page of monitors (the next level's rollup input). */
  async listLevel(ex: Executor, level: number, monitorIds: string[], from: Date, to: Date): Promise<RollupRow[]> {
    if (monitorIds.length === 0) return [];
    const rows = await ex
      .selectFrom('monitor_rollups')
      .selectAll()
      .where('monitor_id', 'in', monitorIds)
      .where('level', '=', level)
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to)
      .execute();
    return rows.map((r) => ({ ...r, slots: toBytes(r.slots) }));
  }

  /** Monitor ids in id order, a page at a time, for jobs that walk every monitor. */
  async monitorIdPage(ex: Executor, after: string | null, limit: number): Promise<string[]> {
    let q = ex.selectFrom('monitors').select('id').orderBy('id').limit(limit);
    if (after) q = q.where('id', '>', after);
    return (await q.execute()).map((r) => r.id);
  }

  async deleteBefore(ex: Executor, level: number, t: Date): Promise<number> {
    const r = await ex.deleteFrom('monitor_rollups').where('level', '=', level).where('bucket_start', '<', t).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async count(ex: Executor): Promise<Record<number, number>> {
    const rows = await sql<{ level: number; n: number }>`select level, count(*)::int as n from monitor_rollups group by level`.execute(ex);
    return Object.fromEntries(rows.rows.map((r) => [r.level, Number(r.n)]));
  }
}

/** pg gives a Buffer, PGlite a Uint8Array: both are Uint8Array views. */
function toBytes(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBuffer);
}
