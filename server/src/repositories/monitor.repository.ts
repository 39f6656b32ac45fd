import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB, MonitorState, MonitorTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';
import { likeContains } from './scope-filter.ts';

type JsonCols = 'settings' | 'recent_transitions' | 'alert_kinds' | 'last_result' | 'baseline';

export type MonitorRow = Omit<MonitorTable, JsonCols> & {
  settings: Record<string, unknown>;
  recent_transitions: number[];
  alert_kinds: string[];
  last_result: Record<string, unknown> | null;
  baseline: Record<string, unknown> | null;
};

/** A monitor with what access checks and the UI need from its system. */
export type MonitorWithSystem = MonitorRow & {
  system_name: string;
  owner_agency_id: string;
  owner_agency_path: string;
  owner_agency_name: string;
  operator_agency_path: string | null;
};

export interface MonitorListFilter {
  scope: Scope;
  systemId?: string;
  /** Path prefix of an agency filter (owner or operator in that subtree). */
  agencyPath?: string;
  state?: MonitorState;
  kind?: string;
  paused?: boolean;
  q?: string;
  sort: 'name' | 'state' | 'last_checked_at' | 'created_at' | 'last_latency_ms' | 'tls_days_left';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const JSON_COLUMNS: readonly JsonCols[] = ['settings', 'recent_transitions', 'alert_kinds', 'last_result', 'baseline'];

export class MonitorRepository {
  private withSystem(ex: Executor) {
    return ex
      .selectFrom('monitors as m')
      .innerJoin('information_systems as s', 's.id', 'm.system_id')
      .innerJoin('agencies as o', 'o.id', 's.owner_agency_id')
      .leftJoin('agencies as op', 'op.id', 's.operator_agency_id')
      .selectAll('m')
      .select(['s.name as system_name', 's.owner_agency_id', 'o.path as owner_agency_path', 'o.name as owner_agency_name', 'op.path as operator_agency_path']);
  }

  async findById(ex: Executor, id: string): Promise<MonitorWithSystem | undefined> {
    return (await this.withSystem(ex).where('m.id', '=', id).executeTakeFirst()) as MonitorWithSystem | undefined;
  }

  async findByIds(ex: Executor, ids: string[]): Promise<MonitorWithSystem[]> {
    if (ids.length === 0) return [];
    return (await this.withSystem(ex).where('m.id', 'in', ids).execute()) as MonitorWithSystem[];
  }

  /** Filters on monitors alone (plus id subqueries), so counting needs no joins. */
  private filtered(ex: Executor, f: MonitorListFilter) {
    let q = ex.selectFrom('monitors as m');
    // Same rule as the registry: visible when the system's owner or operator is in the subtree.
    const inSubtree = (prefix: string) => (eb: ExpressionBuilder<DB & { m: DB['monitors'] }, 'm'>) => {
      const agencyIds = () => eb.selectFrom('agencies').select('agencies.id').where('agencies.path', 'like', `${prefix}%`);
      return eb.or([
        eb('m.agency_id', 'in', agencyIds()),
        eb('m.system_id', 'in', eb.selectFrom('information_systems as so').select('so.id').where('so.operator_agency_id', 'in', agencyIds())),
      ]);
    };
    if (!f.scope.all) q = q.where(inSubtree(f.scope.pathPrefix));
    if (f.agencyPath) q = q.where(inSubtree(f.agencyPath));
    if (f.systemId) q = q.where('m.system_id', '=', f.systemId);
    if (f.state) q = q.where('m.state', '=', f.state);
    if (f.kind) q = q.where('m.kind', '=', f.kind);
    if (f.paused !== undefined) q = q.where('m.paused', '=', f.paused);
    if (f.q) {
      const like = likeContains(f.q);
      q = q.where((eb) => eb.or([eb('m.name', 'ilike', like), eb('m.target', 'ilike', like)]));
    }
    return q;
  }

  async list(ex: Executor, f: MonitorListFilter): Promise<{ items: MonitorWithSystem[]; total: number }> {
    const q = this.filtered(ex, f);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ids = await q.select('m.id').orderBy(sql.ref(`m.${f.sort}`), f.order).orderBy('m.id').limit(f.limit).offset(f.offset).execute();
    const rows = await this.findByIds(ex, ids.map((r) => r.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.map((r) => byId.get(r.id)!).filter(Boolean), total: Number(n) };
  }

  /** (system, kind, target) of every monitor of these systems: what "create from registry" skips. */
  keysForSystems(ex: Executor, systemIds: string[]): Promise<{ system_id: string; kind: string; target: string }[]> {
    if (systemIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('monitors').select(['system_id', 'kind', 'target']).where('system_id', 'in', systemIds).execute();
  }

  findByKey(ex: Executor, systemId: string, kind: string, target: string) {
    return ex.selectFrom('monitors').select('id').where('system_id', '=', systemId).where('kind', '=', kind).where('target', '=', target).executeTakeFirst();
  }

  async insertMany(ex: Executor, rows: MonitorRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await ex.insertInto('monitors').values(rows.slice(i, i + 500).map((r) => this.encode(r)) as any).execute();
    }
  }

  async update(ex: Executor, id: string, patch: Partial<MonitorRow>): Promise<void> {
    await ex.updateTable('monitors').set(this.encode(patch) as any).where('id', '=', id).execute();
  }

  /** Due now, unless a worker holds it (its result would otherwise overwrite this). */
  async requestCheck(ex: Executor, id: string, now: Date): Promise<void> {
    await ex.updateTable('monitors').set({ next_due_at: now }).where('id', '=', id).where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', now)])).execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('monitors').where('id', '=', id).execute();
  }

  /** Counts by state in scope, for the list page's header. */
  async countByState(ex: Executor, scope: Scope): Promise<Record<string, number>> {
    const rows = await this.filtered(ex, { scope, sort: 'name', order: 'asc', limit: 0, offset: 0 })
      .select(['m.state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('m.state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  private encode(row: Partial<MonitorRow>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...row };
    for (const k of JSON_COLUMNS) if (row[k] !== undefined) out[k] = row[k] === null ? null : JSON.stringify(row[k]);
    return out;
  }
}
