import type { Executor } from '../db/executor.ts';
import type { AgencyTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';
import { likeContains } from './scope-filter.ts';

export type AgencyRow = AgencyTable;

export interface AgencyListQuery {
  scope: Scope;
  q?: string;
  parentId?: string;
  kind?: string;
  sort: 'name' | 'code' | 'created_at' | 'path';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export class AgencyRepository {
  findById(ex: Executor, id: string): Promise<AgencyRow | undefined> {
    return ex.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByCode(ex: Executor, code: string): Promise<AgencyRow | undefined> {
    return ex.selectFrom('agencies').selectAll().where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase())).executeTakeFirst();
  }

  async list(ex: Executor, f: AgencyListQuery): Promise<{ items: AgencyRow[]; total: number }> {
    let q = ex.selectFrom('agencies');
    if (!f.scope.all) q = q.where('path', 'like', `${f.scope.pathPrefix}%`);
    if (f.q) {
      const like = likeContains(f.q);
      q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('code', 'ilike', like)]));
    }
    if (f.parentId) q = q.where('parent_id', '=', f.parentId);
    if (f.kind) q = q.where('kind', '=', f.kind);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q.selectAll().orderBy(f.sort, f.order).orderBy('id').limit(f.limit).offset(f.offset).execute();
    return { items, total: Number(n) };
  }

  /** Every agency in scope, ordered so parents come before children. */
  listAll(ex: Executor, scope: Scope): Promise<AgencyRow[]> {
    let q = ex.selectFrom('agencies').selectAll();
    if (!scope.all) q = q.where('path', 'like', `${scope.pathPrefix}%`);
    return q.orderBy('depth').orderBy('name').execute();
  }

  async insert(ex: Executor, row: AgencyRow): Promise<void> {
    await ex.insertInto('agencies').values(row).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<AgencyRow>): Promise<void> {
    await ex.updateTable('agencies').set(patch).where('id', '=', id).execute();
  }

  /** Re-roots a subtree after a move: every descendant's path and depth follow. */
  async movePaths(ex: Executor, oldPrefix: string, newPrefix: string, depthDelta: number): Promise<void> {
    await ex
      .updateTable('agencies')
      .set((eb) => ({
        path: eb.fn('overlay', [eb.ref('path'), eb.val(newPrefix), eb.lit(1), eb.val(oldPrefix.length)] as any) as any,
        depth: eb('depth', '+', depthDelta),
      }))
      .where('path', 'like', `${oldPrefix}%`)
      .execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('agencies').where('id', '=', id).execute();
  }

  async countDependents(ex: Executor, id: string): Promise<{ children: number; systems: number; contacts: number; users: number }> {
    const count = async (p: Promise<{ n: number | string | bigint }>) => Number((await p).n);
    const [children, systems, contacts, users] = await Promise.all([
      count(ex.selectFrom('agencies').where('parent_id', '=', id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
      count(
        ex.selectFrom('information_systems')
          .where((eb) => eb.or([eb('owner_agency_id', '=', id), eb('operator_agency_id', '=', id)]))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ),
      count(ex.selectFrom('contact_points').where('agency_id', '=', id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
      count(ex.selectFrom('users').where('agency_id', '=', id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    ]);
    return { children, systems, contacts, users };
  }
}
