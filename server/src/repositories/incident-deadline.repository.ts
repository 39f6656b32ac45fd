import type { Executor } from '../db/executor.ts';

export interface JurisdictionRow {
  id: string;
  name: string;
  agency_id: string | null;
  rules: unknown[];
  created_at: Date;
  updated_at: Date;
}

/** Jurisdictions (deadline rules as data) and each incident's deadlines. */
export class IncidentDeadlineRepository {
  /** The jurisdiction nearest above an agency (its path lists its ancestors), else the national default. */
  async jurisdictionFor(ex: Executor, agencyPath: string): Promise<JurisdictionRow | undefined> {
    const ancestors = agencyPath.split('/').filter(Boolean);
    const rows = (await ex
      .selectFrom('jurisdictions')
      .selectAll()
      .where((eb) => eb.or([eb('agency_id', 'is', null), ...(ancestors.length ? [eb('agency_id', 'in', ancestors)] : [])]))
      .execute()) as JurisdictionRow[];
    const depth = (r: JurisdictionRow) => (r.agency_id ? ancestors.indexOf(r.agency_id) : -1);
    return rows.sort((a, b) => depth(b) - depth(a))[0];
  }

  listJurisdictions(ex: Executor): Promise<(JurisdictionRow & { agency_name: string | null })[]> {
    return ex.selectFrom('jurisdictions as j').leftJoin('agencies as a', 'a.id', 'j.agency_id').selectAll('j').select('a.name as agency_name').orderBy('j.created_at').execute() as never;
  }

  findJurisdiction(ex: Executor, id: string): Promise<JurisdictionRow | undefined> {
    return ex.selectFrom('jurisdictions').selectAll().where('id', '=', id).executeTakeFirst() as never;
  }

  async upsertJurisdiction(ex: Executor, row: { id: string; name: string; agency_id: string | null; rules: unknown[]; now: Date }): Promise<void> {
    await ex
      .insertInto('jurisdictions')
      .values({ id: row.id, name: row.name, agency_id: row.agency_id, rules: JSON.stringify(row.rules), created_at: row.now, updated_at: row.now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, rules: JSON.stringify(row.rules), updated_at: row.now }))
      .execute();
  }

  async deleteJurisdiction(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('jurisdictions').where('id', '=', id).where('agency_id', 'is not', null).execute();
  }

  /** Sets (or moves, while not met) an incident's deadlines. */
  async upsertDeadlines(ex: Executor, incidentId: string, items: { id: string; key: string; label: string; dueAt: Date }[]): Promise<void> {
    for (const d of items) {
      await ex
        .insertInto('incident_deadlines')
        .values({ id: d.id, incident_id: incidentId, key: d.key, label: d.label, due_at: d.dueAt, met_at: null, reminded_at: null, escalated_at: null })
        .onConflict((oc) => oc.columns(['incident_id', 'key']).doUpdateSet({ label: d.label, due_at: d.dueAt }).where('incident_deadlines.met_at', 'is', null))
        .execute();
    }
  }

  async markMet(ex: Executor, incidentId: string, key: string, at: Date): Promise<boolean> {
    const r = await ex.updateTable('incident_deadlines').set({ met_at: at }).where('incident_id', '=', incidentId).where('key', '=', key).where('met_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  deadlines(ex: Executor, incidentId: string) {
    return ex.selectFrom('incident_deadlines').selectAll().where('incident_id', '=', incidentId).orderBy('due_at').execute();
  }

  /** Open deadlines of open incidents whose reminder or escalation is due, locked for this run. */
  due(ex: Executor, now: Date, remindAhead: Date, limit: number) {
    return ex
      .selectFrom('incident_deadlines as d')
      .innerJoin('incidents as i', 'i.id', 'd.incident_id')
      .select(['d.id', 'd.incident_id', 'd.key', 'd.label', 'd.due_at', 'd.reminded_at', 'd.escalated_at', 'i.number', 'i.title', 'i.reporting_agency_id', 'i.assignee_id', 'i.status'])
      .where('d.met_at', 'is', null)
      .where('i.status', '<>', 'closed')
      .where((eb) => eb.or([
        eb.and([eb('d.reminded_at', 'is', null), eb('d.due_at', '<=', remindAhead)]),
        eb.and([eb('d.escalated_at', 'is', null), eb('d.due_at', '<=', now)]),
      ]))
      .orderBy('d.due_at')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
  }

  async setReminded(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('incident_deadlines').set({ reminded_at: at }).where('id', '=', id).execute();
  }

  async setEscalated(ex: Executor, id: string, at: Date): Promise<void> {
    await ex.updateTable('incident_deadlines').set({ escalated_at: at }).where('id', '=', id).execute();
  }
}
