import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { RollCallTable, RollCallTargetTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

export type RollCallRow = Omit<Selectable<RollCallTable>, 'agency_ids'> & { agency_ids: string[] };

export interface RollCallBoardRow {
  id: string;
  agency_id: string;
  agency_name: string;
  agency_path: string;
  contact_point_id: string | null;
  contact_name: string;
  channel_kind: string;
  address: string;
  answered_at: Date | null;
  answered_via: string | null;
  delivery_status: string | null;
  delivery_code: string | null;
  delivery_error: string | null;
  sent_at: Date | null;
}

/** Roll calls and their targets, with each target's delivery state from the outbox. */
export class RollCallRepository {
  async insert(ex: Executor, row: Insertable<RollCallTable>): Promise<void> {
    await ex.insertInto('roll_calls').values(row).execute();
  }

  async insertTargets(ex: Executor, rows: Insertable<RollCallTargetTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await ex.insertInto('roll_call_targets').values(rows.slice(i, i + 500)).execute();
  }

  findById(ex: Executor, id: string): Promise<RollCallRow | undefined> {
    return ex.selectFrom('roll_calls').selectAll().where('id', '=', id).executeTakeFirst() as Promise<RollCallRow | undefined>;
  }

  /** Roll calls with counts over the targets the scope may see (an agency sees its own part). */
  async list(ex: Executor, scope: Scope, limit: number) {
    let q = ex
      .selectFrom('roll_calls as r')
      .innerJoin('roll_call_targets as t', 't.roll_call_id', 'r.id')
      .innerJoin('agencies as a', 'a.id', 't.agency_id')
      .leftJoin('users as u', 'u.id', 'r.started_by');
    if (!scope.all) q = q.where('a.path', 'like', `${scope.pathPrefix}%`);
    return q
      .select(['r.id', 'r.title', 'r.started_at', 'r.deadline_at', 'r.closed_at', 'u.display_name as started_by_name'])
      .select((eb) => [
        eb.fn.countAll<number>().as('targets'),
        eb.fn.count<number>('t.answered_at').as('answered'),
        sql<number>`count(distinct t.agency_id)`.as('agencies'),
      ])
      .groupBy(['r.id', 'u.display_name'])
      .orderBy('r.started_at', 'desc')
      .limit(limit)
      .execute();
  }

  board(ex: Executor, rollCallId: string, scope: Scope): Promise<RollCallBoardRow[]> {
    let q = ex
      .selectFrom('roll_call_targets as t')
      .innerJoin('agencies as a', 'a.id', 't.agency_id')
      .leftJoin('notification_outbox as o', 'o.id', 't.outbox_id')
      .select(['t.id', 't.agency_id', 'a.name as agency_name', 'a.path as agency_path', 't.contact_point_id', 't.contact_name', 't.channel_kind', 't.address',
        't.answered_at', 't.answered_via', 'o.status as delivery_status', 'o.last_code as delivery_code', 'o.last_error as delivery_error', 'o.sent_at'])
      .where('t.roll_call_id', '=', rollCallId);
    if (!scope.all) q = q.where('a.path', 'like', `${scope.pathPrefix}%`);
    return q.orderBy('a.path').orderBy('t.contact_name').orderBy('t.channel_kind').execute();
  }

  findTarget(ex: Executor, id: string) {
    return ex.selectFrom('roll_call_targets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Marks every target of the same contact in the roll call answered (one answer covers all its channels). */
  async answer(ex: Executor, t: { rollCallId: string; targetId: string; contactPointId: string | null; at: Date; via: string }): Promise<number> {
    let q = ex.updateTable('roll_call_targets').set({ answered_at: t.at, answered_via: t.via }).where('roll_call_id', '=', t.rollCallId).where('answered_at', 'is', null);
    q = t.contactPointId ? q.where('contact_point_id', '=', t.contactPointId) : q.where('id', '=', t.targetId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async close(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('roll_calls').set({ closed_at: at }).where('id', '=', id).where('closed_at', 'is', null).execute();
  }

  /** Per agency: the last roll-call answer and how many contacts have ever been verified. */
  agencyStatus(ex: Executor, scope: Scope) {
    let q = ex
      .selectFrom('agencies as a')
      .leftJoin('contact_points as c', 'c.agency_id', 'a.id');
    if (!scope.all) q = q.where('a.path', 'like', `${scope.pathPrefix}%`);
    return q
      .select(['a.id', 'a.name', 'a.path'])
      .select((eb) => [
        eb.fn.count<number>('c.id').as('contacts'),
        eb.fn.max('c.last_verified_at').as('last_verified_at'),
        eb.fn.count<number>('c.last_verified_at').as('verified_contacts'),
      ])
      .groupBy(['a.id', 'a.name', 'a.path'])
      .orderBy('a.path')
      .limit(5000)
      .execute();
  }

  /** Agencies in the given subtrees (or all), for choosing whom to call. */
  agenciesUnder(ex: Executor, paths: string[] | null) {
    let q = ex.selectFrom('agencies').select(['id', 'name', 'path']);
    if (paths) q = q.where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))));
    return q.orderBy('path').limit(10_000).execute();
  }
}
