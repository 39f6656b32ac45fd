import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB, InformationSystemTable, SystemSoftwareTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';
import { likeContains } from './scope-filter.ts';

export type SystemRow = Omit<InformationSystemTable, 'urls' | 'domains' | 'ip_addresses' | 'tags'> & {
  urls: string[];
  domains: string[];
  ip_addresses: string[];
  tags: string[];
};
export type SystemWithNames = SystemRow & {
  owner_agency_name: string;
  owner_agency_path: string;
  operator_agency_name: string | null;
  operator_agency_path: string | null;
};
export type SoftwareRow = SystemSoftwareTable;

export interface SystemListFilter {
  scope: Scope;
  q?: string;
  /** Path prefix of the agency filter, or exact agency id when sub-agencies are excluded. */
  agencyPath?: string;
  agencyId?: string;
  securityLevel?: number;
  minSecurityLevel?: number;
  criticalNational?: boolean;
  tag?: string;
  sort: 'name' | 'security_level' | 'created_at' | 'updated_at';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const SORT_COLUMNS = { name: 's.name', security_level: 's.security_level', created_at: 's.created_at', updated_at: 's.updated_at' } as const;

export class SystemRepository {
  private base(ex: Executor) {
    return ex
      .selectFrom('information_systems as s')
      .innerJoin('agencies as o', 'o.id', 's.owner_agency_id')
      .leftJoin('agencies as op', 'op.id', 's.operator_agency_id');
  }

  private withNames<T extends ReturnType<SystemRepository['base']>>(q: T) {
    return q.selectAll('s').select(['o.name as owner_agency_name', 'o.path as owner_agency_path', 'op.name as operator_agency_name', 'op.path as operator_agency_path']);
  }

  async findById(ex: Executor, id: string): Promise<SystemWithNames | undefined> {
    return (await this.withNames(this.base(ex)).where('s.id', '=', id).executeTakeFirst()) as SystemWithNames | undefined;
  }

  findByOwnerAndName(ex: Executor, ownerAgencyId: string, name: string) {
    return ex
      .selectFrom('information_systems')
      .select(['id'])
      .where('owner_agency_id', '=', ownerAgencyId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
  }

  /** Filters on the systems table alone, so counting needs no joins. */
  private filtered(ex: Executor, f: SystemListFilter) {
    let q = ex.selectFrom('information_systems as s');
    // Visible when the owner or the operator is in the subtree: the operating agency runs it for the owner.
    const inSubtree = (prefix: string) => (eb: ExpressionBuilder<DB & { s: DB['information_systems'] }, 's'>) => {
      const ids = () => eb.selectFrom('agencies').select('agencies.id').where('agencies.path', 'like', `${prefix}%`);
      return eb.or([eb('s.owner_agency_id', 'in', ids()), eb('s.operator_agency_id', 'in', ids())]);
    };
    if (!f.scope.all) q = q.where(inSubtree(f.scope.pathPrefix));
    if (f.agencyPath) q = q.where(inSubtree(f.agencyPath));
    if (f.agencyId) q = q.where((eb) => eb.or([eb('s.owner_agency_id', '=', f.agencyId!), eb('s.operator_agency_id', '=', f.agencyId!)]));
    if (f.q) {
      const like = likeContains(f.q);
      q = q.where((eb) =>
        eb.or([
          eb('s.name', 'ilike', like),
          eb('s.description', 'ilike', like),
          eb(sql<string>`s.urls::text`, 'ilike', like),
          eb(sql<string>`s.domains::text`, 'ilike', like),
          eb(sql<string>`s.ip_addresses::text`, 'ilike', like),
          eb('s.hosting_provider', 'ilike', like),
        ]),
      );
    }
    if (f.securityLevel !== undefined) q = q.where('s.security_level', '=', f.securityLevel);
    if (f.minSecurityLevel !== undefined) q = q.where('s.security_level', '>=', f.minSecurityLevel);
    if (f.criticalNational !== undefined) q = q.where('s.critical_national', '=', f.criticalNational);
    if (f.tag) q = q.where(sql<boolean>`s.tags @> ${JSON.stringify([f.tag])}::jsonb`);
    return q;
  }

  async list(ex: Executor, f: SystemListFilter): Promise<{ items: SystemWithNames[]; total: number }> {
    const q = this.filtered(ex, f);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .innerJoin('agencies as o', 'o.id', 's.owner_agency_id')
      .leftJoin('agencies as op', 'op.id', 's.operator_agency_id')
      .selectAll('s')
      .select(['o.name as owner_agency_name', 'o.path as owner_agency_path', 'op.name as operator_agency_name', 'op.path as operator_agency_path'])
      .orderBy(sql.ref(SORT_COLUMNS[f.sort]), f.order)
      .orderBy('s.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items: items as SystemWithNames[], total: Number(n) };
  }

  /** Every system in scope, for export. */
  async listAll(ex: Executor, scope: Scope): Promise<SystemWithNames[]> {
    let q = this.base(ex);
    if (!scope.all) {
      const p = `${scope.pathPrefix}%`;
      q = q.where((eb) => eb.or([eb('o.path', 'like', p), eb('op.path', 'like', p)]));
    }
    return (await this.withNames(q).orderBy('o.code').orderBy('s.name').execute()) as SystemWithNames[];
  }

  async insert(ex: Executor, row: SystemRow): Promise<void> {
    await ex.insertInto('information_systems').values(this.encode(row) as any).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<SystemRow>): Promise<void> {
    await ex.updateTable('information_systems').set(this.encode(patch) as any).where('id', '=', id).execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('information_systems').where('id', '=', id).execute();
  }

  softwareFor(ex: Executor, systemIds: string[]): Promise<SoftwareRow[]> {
    if (systemIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('system_software').selectAll().where('system_id', 'in', systemIds).orderBy('system_id').orderBy('position').execute();
  }

  async replaceSoftware(ex: Executor, systemId: string, rows: SoftwareRow[]): Promise<void> {
    await ex.deleteFrom('system_software').where('system_id', '=', systemId).execute();
    if (rows.length) await ex.insertInto('system_software').values(rows).execute();
  }

  private encode(row: Partial<SystemRow>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...row };
    for (const k of ['urls', 'domains', 'ip_addresses', 'tags'] as const) {
      if (row[k] !== undefined) out[k] = JSON.stringify(row[k]);
    }
    return out;
  }
}
