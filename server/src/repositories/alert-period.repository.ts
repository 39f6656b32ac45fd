import type { Executor } from '../db/executor.ts';
import type { AlertPeriodTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

export type AlertPeriodRow = AlertPeriodTable;
/** With the owning agency's path (null for a province-wide period), for scoping. */
export type AlertPeriodWithPath = AlertPeriodRow & { agency_path: string | null };

export class AlertPeriodRepository {
  private base(ex: Executor) {
    return ex.selectFrom('alert_periods as p').leftJoin('agencies as a', 'a.id', 'p.agency_id').selectAll('p').select('a.path as agency_path');
  }

  async findById(ex: Executor, id: string): Promise<AlertPeriodWithPath | undefined> {
    return this.base(ex).where('p.id', '=', id).executeTakeFirst();
  }

  /** Province-wide periods and those of agencies in scope, latest first. */
  async list(ex: Executor, f: { scope: Scope; coveringAt?: Date }): Promise<AlertPeriodWithPath[]> {
    let q = this.base(ex);
    const scope = f.scope;
    if (!scope.all) q = q.where((eb) => eb.or([eb('p.agency_id', 'is', null), eb('a.path', 'like', `${scope.pathPrefix}%`)]));
    if (f.coveringAt) q = q.where('p.starts_at', '<=', f.coveringAt).where('p.ends_at', '>', f.coveringAt);
    return q.orderBy('p.starts_at', 'desc').orderBy('p.id').execute();
  }

  async insert(ex: Executor, row: AlertPeriodRow): Promise<void> {
    await ex.insertInto('alert_periods').values(row).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<AlertPeriodRow>): Promise<void> {
    await ex.updateTable('alert_periods').set(patch).where('id', '=', id).execute();
  }

  /** Rosters and their notes go with it (on delete cascade). */
  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('alert_periods').where('id', '=', id).execute();
  }
}
