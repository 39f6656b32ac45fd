import type { Executor } from '../db/executor.ts';
import type { ContactPointHistoryTable, ContactPointTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';
import { likeContains } from './scope-filter.ts';

export type ContactRow = Omit<ContactPointTable, 'messaging'> & { messaging: Record<string, string> };
export type ContactWithAgency = ContactRow & { agency_name: string; agency_path: string; agency_code: string };
export type ContactHistoryRow = Omit<ContactPointHistoryTable, 'id' | 'before' | 'after'> & { id: number; before: unknown; after: unknown };

export interface ContactListFilter {
  scope: Scope;
  q?: string;
  agencyPath?: string;
  priority?: string;
  availability?: string;
  sort: 'name' | 'agency' | 'last_verified_at' | 'updated_at';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const SORTS = { name: 'c.name', agency: 'a.name', last_verified_at: 'c.last_verified_at', updated_at: 'c.updated_at' } as const;

export class ContactRepository {
  private base(ex: Executor) {
    return ex.selectFrom('contact_points as c').innerJoin('agencies as a', 'a.id', 'c.agency_id');
  }

  async findById(ex: Executor, id: string): Promise<ContactWithAgency | undefined> {
    return (await this.base(ex)
      .selectAll('c')
      .select(['a.name as agency_name', 'a.path as agency_path', 'a.code as agency_code'])
      .where('c.id', '=', id)
      .executeTakeFirst()) as ContactWithAgency | undefined;
  }

  async list(ex: Executor, f: ContactListFilter): Promise<{ items: ContactWithAgency[]; total: number }> {
    let q = this.base(ex);
    if (!f.scope.all) q = q.where('a.path', 'like', `${f.scope.pathPrefix}%`);
    if (f.agencyPath) q = q.where('a.path', 'like', `${f.agencyPath}%`);
    if (f.priority) q = q.where('c.priority', '=', f.priority);
    if (f.availability) q = q.where('c.availability', '=', f.availability);
    if (f.q) {
      const like = likeContains(f.q);
      q = q.where((eb) => eb.or([eb('c.name', 'ilike', like), eb('c.email', 'ilike', like), eb('c.phone', 'ilike', like), eb('c.mobile', 'ilike', like), eb('a.name', 'ilike', like)]));
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .selectAll('c')
      .select(['a.name as agency_name', 'a.path as agency_path', 'a.code as agency_code'])
      .orderBy(SORTS[f.sort] as any, f.order)
      .orderBy('c.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items: items as ContactWithAgency[], total: Number(n) };
  }

  async listAll(ex: Executor, scope: Scope): Promise<ContactWithAgency[]> {
    let q = this.base(ex);
    if (!scope.all) q = q.where('a.path', 'like', `${scope.pathPrefix}%`);
    return (await q
      .selectAll('c')
      .select(['a.name as agency_name', 'a.path as agency_path', 'a.code as agency_code'])
      .orderBy('a.code')
      .orderBy('c.priority', 'desc')
      .orderBy('c.name')
      .execute()) as ContactWithAgency[];
  }

  /** Same agency, name and availability is "the same contact" for imports. */
  findByNaturalKey(ex: Executor, agencyId: string, name: string, availability: string) {
    return ex
      .selectFrom('contact_points')
      .select('id')
      .where('agency_id', '=', agencyId)
      .where('availability', '=', availability)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
  }

  async insert(ex: Executor, row: ContactRow): Promise<void> {
    await ex.insertInto('contact_points').values({ ...row, messaging: JSON.stringify(row.messaging) }).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<ContactRow>): Promise<void> {
    const { messaging, ...rest } = patch;
    await ex
      .updateTable('contact_points')
      .set({ ...rest, ...(messaging !== undefined && { messaging: JSON.stringify(messaging) }) })
      .where('id', '=', id)
      .execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('contact_points').where('id', '=', id).execute();
  }

  async addHistory(ex: Executor, h: Omit<ContactHistoryRow, 'id'>): Promise<void> {
    await ex
      .insertInto('contact_point_history')
      .values({
        ...h,
        before: h.before === null || h.before === undefined ? null : JSON.stringify(h.before),
        after: h.after === null || h.after === undefined ? null : JSON.stringify(h.after),
      })
      .execute();
  }

  async history(ex: Executor, contactId: string): Promise<ContactHistoryRow[]> {
    return (await ex.selectFrom('contact_point_history').selectAll().where('contact_point_id', '=', contactId).orderBy('id', 'desc').execute()) as ContactHistoryRow[];
  }
}
