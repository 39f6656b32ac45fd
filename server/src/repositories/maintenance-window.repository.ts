import type { Executor } from '../db/executor.ts';
import type { MaintenanceWindowTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

export type MaintenanceWindowRow = Omit<MaintenanceWindowTable, 'weekdays'> & { weekdays: number[] | null };
/** With the covered/owning agency's path, for scoping and for agency-subtree coverage. */
export type MaintenanceWindowWithPath = MaintenanceWindowRow & { agency_path: string };

export class MaintenanceWindowRepository {
  private base(ex: Executor) {
    return ex.selectFrom('maintenance_windows as w').innerJoin('agencies as a', 'a.id', 'w.agency_id').selectAll('w').select('a.path as agency_path');
  }

  async findById(ex: Executor, id: string): Promise<MaintenanceWindowWithPath | undefined> {
    return (await this.base(ex).where('w.id', '=', id).executeTakeFirst()) as MaintenanceWindowWithPath | undefined;
  }

  async list(ex: Executor, f: { scope: Scope; monitorId?: string; systemId?: string; limit: number; offset: number }): Promise<{ items: MaintenanceWindowWithPath[]; total: number }> {
    let q = ex.selectFrom('maintenance_windows as w').innerJoin('agencies as a', 'a.id', 'w.agency_id');
    if (!f.scope.all) q = q.where('a.path', 'like', `${f.scope.pathPrefix}%`);
    if (f.monitorId) q = q.where('w.monitor_id', '=', f.monitorId);
    if (f.systemId) q = q.where('w.system_id', '=', f.systemId);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q.selectAll('w').select('a.path as agency_path').orderBy('w.created_at', 'desc').orderBy('w.id').limit(f.limit).offset(f.offset).execute();
    return { items: items as MaintenanceWindowWithPath[], total: Number(n) };
  }

  /**
   * Windows that may matter at or after `now` (a one-off that has ended never will again). The
   * engine keeps them in memory and refreshes them every few seconds: there are few.
   */
  async listCurrent(ex: Executor, now: Date): Promise<MaintenanceWindowWithPath[]> {
    return (await this.base(ex)
      .where((eb) => eb.or([eb('w.kind', '=', 'weekly'), eb('w.ends_at', '>', now)]))
      .execute()) as MaintenanceWindowWithPath[];
  }

  async insert(ex: Executor, row: MaintenanceWindowRow): Promise<void> {
    await ex.insertInto('maintenance_windows').values(this.encode(row) as any).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<MaintenanceWindowRow>): Promise<void> {
    await ex.updateTable('maintenance_windows').set(this.encode(patch) as any).where('id', '=', id).execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('maintenance_windows').where('id', '=', id).execute();
  }

  private encode(row: Partial<MaintenanceWindowRow>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...row };
    if (row.weekdays !== undefined) out.weekdays = row.weekdays === null ? null : JSON.stringify(row.weekdays);
    return out;
  }
}
