import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { AuditLogTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

export type AuditRow = Omit<AuditLogTable, 'before' | 'after'> & { before: unknown; after: unknown };

export interface AuditFilter {
  scope: Scope;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  q?: string;
  limit: number;
  offset: number;
}

// Serialises appends across processes so the chain never forks.
const AUDIT_LOCK_KEY = 7_351_002;

export class AuditRepository {
  async lockAndGetHead(ex: Executor): Promise<{ seq: number; hash: string } | null> {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(ex);
    const row = await ex.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row ?? null;
  }

  async insert(ex: Executor, row: AuditRow): Promise<void> {
    await ex
      .insertInto('audit_log')
      .values({
        ...row,
        before: row.before === null || row.before === undefined ? null : JSON.stringify(row.before),
        after: row.after === null || row.after === undefined ? null : JSON.stringify(row.after),
      })
      .execute();
  }

  async list(ex: Executor, f: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
    let q = ex.selectFrom('audit_log');
    if (!f.scope.all) {
      const prefix = f.scope.pathPrefix;
      q = q.where('agency_id', 'in', (eb) => eb.selectFrom('agencies').select('id').where('path', 'like', `${prefix}%`));
    }
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where((eb) => eb.or([eb('summary', 'ilike', like), eb('actor_label', 'ilike', like)]));
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q.selectAll().orderBy('seq', 'desc').limit(f.limit).offset(f.offset).execute();
    return { items: items as AuditRow[], total: Number(total.n) };
  }

  /** The whole chain in order, in pages, for verification. */
  async *iterate(ex: Executor, pageSize = 1000): AsyncGenerator<AuditRow> {
    let after = -1;
    for (;;) {
      const rows = await ex.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      for (const r of rows) yield r as AuditRow;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
}
