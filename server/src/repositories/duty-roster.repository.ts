import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DutyHandoverNoteTable, DutyRosterTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';
import type { Override, Rotation, Swap } from '../duty/roster.ts';

/** A stored roster with its jsonb columns decoded to the domain's shapes. */
export type DutyRosterRow = Omit<DutyRosterTable, 'members' | 'rotation' | 'overrides' | 'swaps'> & {
  members: string[];
  rotation: Rotation;
  overrides: Override[];
  swaps: Swap[];
};
/** With the roster agency's path and name, for scoping and for grouping coverage by agency. */
export type DutyRosterWithAgency = DutyRosterRow & { agency_path: string; agency_name: string };
export type HandoverNoteRow = DutyHandoverNoteTable;

export class DutyRosterRepository {
  private base(ex: Executor) {
    return ex.selectFrom('duty_rosters as r').innerJoin('agencies as a', 'a.id', 'r.agency_id').selectAll('r').select(['a.path as agency_path', 'a.name as agency_name']);
  }

  async findById(ex: Executor, id: string): Promise<DutyRosterWithAgency | undefined> {
    return (await this.base(ex).where('r.id', '=', id).executeTakeFirst()) as unknown as DutyRosterWithAgency | undefined;
  }

  /** Rosters of some periods inside the scope (optionally under one agency's path), by name. */
  async listByPeriods(ex: Executor, periodIds: string[], f: { scope: Scope; underPath?: string }): Promise<DutyRosterWithAgency[]> {
    if (periodIds.length === 0) return [];
    let q = this.base(ex).where('r.period_id', 'in', periodIds);
    if (!f.scope.all) q = q.where('a.path', 'like', `${f.scope.pathPrefix}%`);
    if (f.underPath) q = q.where('a.path', 'like', `${f.underPath}%`);
    return (await q.orderBy('r.name').orderBy('r.id').execute()) as unknown as DutyRosterWithAgency[];
  }

  /**
   * Rosters a person may work on (a member, or named by an override) in periods ending after
   * `since`: the person's own calendar, whichever agency planned them.
   */
  async listForPerson(ex: Executor, personId: string, since: Date): Promise<DutyRosterWithAgency[]> {
    return (await this.base(ex)
      .innerJoin('alert_periods as p', 'p.id', 'r.period_id')
      .where('p.ends_at', '>', since)
      .where((eb) => eb.or([
        // jsonb containment: a list holding this id / an override naming this person.
        sql<boolean>`r.members @> ${JSON.stringify([personId])}::jsonb`,
        sql<boolean>`r.overrides @> ${JSON.stringify([{ personId }])}::jsonb`,
      ]))
      .orderBy('p.starts_at').orderBy('r.id')
      .execute()) as unknown as DutyRosterWithAgency[];
  }

  async insert(ex: Executor, row: DutyRosterRow): Promise<void> {
    await ex.insertInto('duty_rosters').values(this.encode(row) as any).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<DutyRosterRow>): Promise<void> {
    await ex.updateTable('duty_rosters').set(this.encode(patch) as any).where('id', '=', id).execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('duty_rosters').where('id', '=', id).execute();
  }

  async insertNote(ex: Executor, row: HandoverNoteRow): Promise<void> {
    await ex.insertInto('duty_handover_notes').values(row).execute();
  }

  async listNotes(ex: Executor, rosterIds: string[]): Promise<HandoverNoteRow[]> {
    if (rosterIds.length === 0) return [];
    return ex.selectFrom('duty_handover_notes').selectAll().where('roster_id', 'in', rosterIds).orderBy('at').orderBy('created_at').execute();
  }

  // jsonb columns take JSON text on write (see Json<T> in db/schema.ts).
  private encode(row: Partial<DutyRosterRow>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...row };
    for (const k of ['members', 'rotation', 'overrides', 'swaps'] as const) if (row[k] !== undefined) out[k] = JSON.stringify(row[k]);
    return out;
  }
}
