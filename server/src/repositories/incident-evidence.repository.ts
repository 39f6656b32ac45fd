import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';

/** An incident's observables (with correlation across incidents) and attachments (stored once by hash). */
export interface VisibleTo {
  scope: Scope;
  viewerId: string;
  viewerIsAdmin: boolean;
}

/** The incidents a viewer may see, as a SQL condition on alias `i` joined to agencies `a`. */
function visibleSql(v: VisibleTo) {
  const inScope = v.scope.all ? sql`true` : sql`a.path like ${`${v.scope.pathPrefix}%`}`;
  const confidential = v.viewerIsAdmin ? sql`true` : sql`(not i.confidential or exists (select 1 from incident_access x where x.incident_id = i.id and x.user_id = ${v.viewerId}))`;
  return sql`(${inScope} and ${confidential})`;
}

export class IncidentEvidenceRepository {
  /** Adds observables (existing ones are kept); returns how many were new. */
  async addObservables(ex: Executor, incidentId: string, rows: { id: string; type: string; value: string; tlp: string | null; comment: string | null; source: string; at: Date }[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const r = await ex
        .insertInto('incident_observables')
        .values(rows.slice(i, i + 500).map((o) => ({ id: o.id, incident_id: incidentId, type: o.type, value: o.value, tlp: o.tlp, comment: o.comment, source: o.source, created_at: o.at })))
        .onConflict((oc) => oc.columns(['incident_id', 'type', 'value']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async removeObservable(ex: Executor, incidentId: string, id: string): Promise<boolean> {
    const r = await ex.deleteFrom('incident_observables').where('incident_id', '=', incidentId).where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Each observable with the number of *other* incidents the viewer may see that carry it too. */
  async observables(ex: Executor, incidentId: string, v: VisibleTo) {
    const r = await sql<{ id: string; type: string; value: string; tlp: string | null; comment: string | null; source: string; created_at: Date; other_incidents: number }>`
      select o.id, o.type, o.value, o.tlp, o.comment, o.source, o.created_at,
        (select count(distinct o2.incident_id) from incident_observables o2
           join incidents i on i.id = o2.incident_id join agencies a on a.id = i.reporting_agency_id
          where o2.type = o.type and o2.value = o.value and o2.incident_id <> o.incident_id and ${visibleSql(v)})::int as other_incidents
      from incident_observables o where o.incident_id = ${incidentId}
      order by o.type, o.value limit 5000`.execute(ex);
    return r.rows;
  }

  /** The other visible incidents carrying an observable. */
  async related(ex: Executor, type: string, value: string, exceptIncidentId: string, v: VisibleTo) {
    const r = await sql<{ id: string; number: string; title: string; status: string; received_at: Date }>`
      select distinct i.id, i.number, i.title, i.status, i.received_at from incident_observables o2
        join incidents i on i.id = o2.incident_id join agencies a on a.id = i.reporting_agency_id
       where o2.type = ${type} and o2.value = ${value} and o2.incident_id <> ${exceptIncidentId} and ${visibleSql(v)}
       order by i.received_at desc limit 100`.execute(ex);
    return r.rows;
  }

  async storeBlob(ex: Executor, sha256: string, bytes: Buffer, at: Date): Promise<void> {
    await ex.insertInto('attachment_blobs').values({ sha256, size: bytes.length, bytes, created_at: at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  }

  async addAttachment(ex: Executor, row: { id: string; incident_id: string; sha256: string; name: string; size: number; declared_type: string | null; uploaded_by: string | null; created_at: Date }): Promise<void> {
    await ex.insertInto('incident_attachments').values(row).execute();
  }

  attachments(ex: Executor, incidentId: string) {
    return ex.selectFrom('incident_attachments as t').leftJoin('users as u', 'u.id', 't.uploaded_by')
      .select(['t.id', 't.name', 't.size', 't.sha256', 't.declared_type', 't.created_at', 'u.display_name as uploaded_by_name'])
      .where('t.incident_id', '=', incidentId).orderBy('t.created_at').execute();
  }

  async attachmentBytes(ex: Executor, incidentId: string, attachmentId: string) {
    return ex.selectFrom('incident_attachments as t').innerJoin('attachment_blobs as b', 'b.sha256', 't.sha256')
      .select(['t.name', 't.size', 'b.bytes']).where('t.incident_id', '=', incidentId).where('t.id', '=', attachmentId).executeTakeFirst();
  }
}
