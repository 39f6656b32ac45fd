import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';

/** An alert as the daily duty report lists it, with its agency's and system's names. */
export interface ReportAlertRow {
  id: string;
  kind: string;
  severity: string;
  summary: string;
  status: string;
  opened_at: Date;
  resolved_at: Date | null;
  agency_id: string | null;
  agency_name: string | null;
  system_id: string | null;
  system_name: string | null;
  group_id: string | null;
}

/** An alert group (migration 0007) as the report lists it. */
export interface ReportAlertGroupRow {
  id: string;
  kind: string;
  severity: string;
  title: string;
  status: string;
  opened_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  agency_id: string | null;
  agency_name: string | null;
  system_name: string | null;
  alert_count: number;
}

/** An incident as the report lists it (confidential ones only for administrators). */
export interface ReportIncidentRow {
  id: string;
  number: string;
  title: string;
  type: string | null;
  status: string;
  serious: boolean;
  received_at: Date;
  closed_at: Date | null;
  agency_name: string;
}

export interface ReportWindowQuery {
  from: Date;
  to: Date;
  scope: Scope;
  /** The alert period's agency: only its subtree counts (absent for a province-wide period). */
  underPath?: string | null;
  limit: number;
}

/**
 * What the daily duty report reads about alerts: everything that touched a window — opened
 * in it, resolved in it, or still open at its end. Open at the end is worked out from the
 * timestamps, not the current status, so a report for an earlier day reads as it was then.
 * Rows without an agency are only visible tree-wide (a LIKE on a null path matches nothing).
 */
export class DutyReportRepository {
  async alertsTouching(ex: Executor, q: ReportWindowQuery): Promise<ReportAlertRow[]> {
    let sel = ex
      .selectFrom('alerts as al')
      .leftJoin('agencies as a', 'a.id', 'al.agency_id')
      .leftJoin('information_systems as s', 's.id', 'al.system_id')
      .select([
        'al.id', 'al.kind', 'al.severity', 'al.summary', 'al.status', 'al.opened_at', 'al.resolved_at',
        'al.agency_id', 'a.name as agency_name', 'al.system_id', 's.name as system_name', 'al.group_id',
      ])
      .where((eb) => eb.or([
        eb.and([eb('al.opened_at', '>=', q.from), eb('al.opened_at', '<', q.to)]),
        eb.and([eb('al.resolved_at', '>=', q.from), eb('al.resolved_at', '<', q.to)]),
        eb.and([eb('al.opened_at', '<', q.to), eb.or([eb('al.resolved_at', 'is', null), eb('al.resolved_at', '>=', q.to)])]),
      ]));
    if (!q.scope.all) sel = sel.where('a.path', 'like', `${q.scope.pathPrefix}%`);
    if (q.underPath) sel = sel.where('a.path', 'like', `${q.underPath}%`);
    return (await sel.orderBy('al.opened_at').orderBy('al.id').limit(q.limit).execute()) as ReportAlertRow[];
  }

  async groupsTouching(ex: Executor, q: ReportWindowQuery): Promise<ReportAlertGroupRow[]> {
    let sel = ex
      .selectFrom('alert_groups as g')
      .leftJoin('agencies as a', 'a.id', 'g.agency_id')
      .leftJoin('information_systems as s', 's.id', 'g.system_id')
      .select([
        'g.id', 'g.kind', 'g.severity', 'g.title', 'g.status', 'g.opened_at', 'g.acknowledged_at', 'g.resolved_at',
        'g.agency_id', 'a.name as agency_name', 's.name as system_name', 'g.alert_count',
      ])
      .where((eb) => eb.or([
        eb.and([eb('g.opened_at', '>=', q.from), eb('g.opened_at', '<', q.to)]),
        eb.and([eb('g.resolved_at', '>=', q.from), eb('g.resolved_at', '<', q.to)]),
        eb.and([eb('g.opened_at', '<', q.to), eb.or([eb('g.resolved_at', 'is', null), eb('g.resolved_at', '>=', q.to)])]),
      ]));
    if (!q.scope.all) sel = sel.where('a.path', 'like', `${q.scope.pathPrefix}%`);
    if (q.underPath) sel = sel.where('a.path', 'like', `${q.underPath}%`);
    return (await sel.orderBy('g.opened_at').orderBy('g.id').limit(q.limit).execute()) as ReportAlertGroupRow[];
  }

  /** The name a report is issued under: an agency's, or the only root's for a province-wide period. */
  async agencyName(ex: Executor, id: string): Promise<string | null> {
    return (await ex.selectFrom('agencies').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
  }

  async rootAgencyNames(ex: Executor): Promise<string[]> {
    return (await ex.selectFrom('agencies').select('name').where('parent_id', 'is', null).orderBy('name').limit(2).execute()).map((r) => r.name);
  }

  /** Incidents received in the window, closed in it, or still open at its end. */
  incidentsTouching(ex: Executor, q: ReportWindowQuery & { includeConfidential: boolean }): Promise<ReportIncidentRow[]> {
    let sel = ex
      .selectFrom('incidents as i')
      .innerJoin('agencies as a', 'a.id', 'i.reporting_agency_id')
      .select(['i.id', 'i.number', 'i.title', 'i.type', 'i.status', 'i.serious', 'i.received_at', 'i.closed_at', 'a.name as agency_name'])
      .where('i.received_at', '<', q.to)
      .where((eb) => eb.or([eb('i.received_at', '>=', q.from), eb('i.closed_at', 'is', null), eb('i.closed_at', '>=', q.from)]));
    if (!q.scope.all) sel = sel.where('a.path', 'like', `${q.scope.pathPrefix}%`);
    if (q.underPath) sel = sel.where('a.path', 'like', `${q.underPath}%`);
    if (!q.includeConfidential) sel = sel.where('i.confidential', '=', false);
    return sel.orderBy('i.received_at').limit(q.limit).execute();
  }
}
