import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { IncidentTable, IncidentTaskTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

export type IncidentRow = Selectable<IncidentTable>;
export type IncidentWithNames = IncidentRow & { agency_name: string; agency_path: string; assignee_name: string | null; reporter_name: string | null };

export interface IncidentListFilter {
  scope: Scope;
  /** The viewer: a confidential incident is listed only for people named on it (and administrators). */
  viewerId: string;
  viewerIsAdmin: boolean;
  status?: string;
  type?: string;
  agencyPath?: string;
  overdue?: boolean;
  now: Date;
  limit: number;
  offset: number;
}

/** Incidents, their systems, named access, tasks, timeline and deadlines. */
export class IncidentRepository {
  private withNames(ex: Executor) {
    return ex
      .selectFrom('incidents as i')
      .innerJoin('agencies as a', 'a.id', 'i.reporting_agency_id')
      .leftJoin('users as asg', 'asg.id', 'i.assignee_id')
      .leftJoin('users as rep', 'rep.id', 'i.reported_by')
      .selectAll('i')
      .select(['a.name as agency_name', 'a.path as agency_path', 'asg.display_name as assignee_name', 'rep.display_name as reporter_name']);
  }

  /** The next report number of the year, atomically. */
  async nextNumber(ex: Executor, year: number): Promise<number> {
    const r = await sql<{ last: number }>`
      insert into incident_counters (year, last) values (${year}, 1)
      on conflict (year) do update set last = incident_counters.last + 1
      returning last`.execute(ex);
    return Number(r.rows[0]!.last);
  }

  async insert(ex: Executor, row: Insertable<IncidentTable>): Promise<void> {
    await ex.insertInto('incidents').values(row).execute();
  }

  async update(ex: Executor, id: string, patch: Updateable<IncidentTable>): Promise<void> {
    await ex.updateTable('incidents').set(patch).where('id', '=', id).execute();
  }

  findById(ex: Executor, id: string): Promise<IncidentWithNames | undefined> {
    return this.withNames(ex).where('i.id', '=', id).executeTakeFirst();
  }

  /** Locks the row for a transition, so two coordinators cannot both move it. */
  lock(ex: Executor, id: string) {
    return ex.selectFrom('incidents').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async setSystems(ex: Executor, incidentId: string, systemIds: string[]): Promise<void> {
    await ex.deleteFrom('incident_systems').where('incident_id', '=', incidentId).execute();
    if (systemIds.length) await ex.insertInto('incident_systems').values(systemIds.map((system_id) => ({ incident_id: incidentId, system_id }))).execute();
  }

  systems(ex: Executor, incidentId: string) {
    return ex
      .selectFrom('incident_systems as x')
      .innerJoin('information_systems as s', 's.id', 'x.system_id')
      .select(['s.id', 's.name', 's.security_level', 's.critical_national', 's.owner_agency_id', 's.urls', 's.domains', 's.ip_addresses'])
      .where('x.incident_id', '=', incidentId)
      .orderBy('s.name')
      .execute();
  }

  async setAccess(ex: Executor, incidentId: string, userIds: string[]): Promise<void> {
    await ex.deleteFrom('incident_access').where('incident_id', '=', incidentId).execute();
    if (userIds.length) await ex.insertInto('incident_access').values(userIds.map((user_id) => ({ incident_id: incidentId, user_id }))).execute();
  }

  async accessList(ex: Executor, incidentId: string) {
    return ex.selectFrom('incident_access as x').innerJoin('users as u', 'u.id', 'x.user_id').select(['u.id', 'u.display_name']).where('x.incident_id', '=', incidentId).execute();
  }

  async hasAccess(ex: Executor, incidentId: string, userId: string): Promise<boolean> {
    return !!(await ex.selectFrom('incident_access').select('user_id').where('incident_id', '=', incidentId).where('user_id', '=', userId).executeTakeFirst());
  }

  async list(ex: Executor, f: IncidentListFilter): Promise<{ items: IncidentWithNames[]; total: number }> {
    let q = ex.selectFrom('incidents as i').innerJoin('agencies as a', 'a.id', 'i.reporting_agency_id');
    if (!f.scope.all) q = q.where('a.path', 'like', `${f.scope.pathPrefix}%`);
    if (f.agencyPath) q = q.where('a.path', 'like', `${f.agencyPath}%`);
    if (!f.viewerIsAdmin) {
      q = q.where((eb) => eb.or([
        eb('i.confidential', '=', false),
        eb.exists(eb.selectFrom('incident_access as x').select('x.user_id').whereRef('x.incident_id', '=', 'i.id').where('x.user_id', '=', f.viewerId)),
      ]));
    }
    if (f.status === 'open') q = q.where('i.status', '<>', 'closed');
    else if (f.status) q = q.where('i.status', '=', f.status);
    if (f.type) q = q.where('i.type', '=', f.type);
    if (f.overdue) {
      q = q.where((eb) => eb.exists(eb.selectFrom('incident_deadlines as d').select('d.id').whereRef('d.incident_id', '=', 'i.id').where('d.met_at', 'is', null).where('d.due_at', '<=', f.now)));
    }
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ids = await q.select('i.id').orderBy('i.received_at', 'desc').orderBy('i.id').limit(f.limit).offset(f.offset).execute();
    if (ids.length === 0) return { items: [], total: Number(n) };
    const rows = await this.withNames(ex).where('i.id', 'in', ids.map((r) => r.id)).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.map((r) => byId.get(r.id)!).filter(Boolean), total: Number(n) };
  }

  async addEvent(ex: Executor, e: { incident_id: string; at: Date; type: string; actor_id?: string | null; actor_label?: string | null; text?: string | null; data?: Record<string, unknown> }): Promise<void> {
    await ex.insertInto('incident_events').values({ ...e, actor_id: e.actor_id ?? null, actor_label: e.actor_label ?? null, text: e.text ?? null, data: JSON.stringify(e.data ?? {}) }).execute();
  }

  events(ex: Executor, incidentId: string) {
    return ex.selectFrom('incident_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').selectAll('e').select('u.display_name as actor_name')
      .where('e.incident_id', '=', incidentId).orderBy('e.id').limit(5000).execute();
  }

  async insertTasks(ex: Executor, rows: Insertable<IncidentTaskTable>[]): Promise<void> {
    if (rows.length) await ex.insertInto('incident_tasks').values(rows).execute();
  }

  tasks(ex: Executor, incidentId: string) {
    return ex.selectFrom('incident_tasks as t').leftJoin('users as u', 'u.id', 't.assignee_id').selectAll('t').select('u.display_name as assignee_name')
      .where('t.incident_id', '=', incidentId).orderBy('t.position').execute();
  }

  findTask(ex: Executor, id: string) {
    return ex.selectFrom('incident_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateTask(ex: Executor, id: string, patch: Updateable<IncidentTaskTable>): Promise<void> {
    await ex.updateTable('incident_tasks').set(patch).where('id', '=', id).execute();
  }

  async countTasks(ex: Executor, incidentId: string): Promise<number> {
    const { n } = await ex.selectFrom('incident_tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('incident_id', '=', incidentId).executeTakeFirstOrThrow();
    return Number(n);
  }
}

/** The six-monthly summary's raw material: incidents received in [from, to) with their type and closing report. */
export async function incidentsForSummary(ex: Executor, f: { from: Date; to: Date; scope: Scope }) {
  let q = ex.selectFrom('incidents as i').innerJoin('agencies as a', 'a.id', 'i.reporting_agency_id').select(['i.type', 'i.form04', 'i.status']).where('i.received_at', '>=', f.from).where('i.received_at', '<', f.to);
  if (!f.scope.all) q = q.where('a.path', 'like', `${f.scope.pathPrefix}%`);
  return q.execute();
}
