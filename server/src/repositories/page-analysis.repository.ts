import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB, PageAnalysisTable, ReviewStatus } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

/**
 * Stored content analyses (`page_analyses`). Visibility follows the monitor, like every
 * monitoring read: the system's owner or operator agency must be in the actor's subtree.
 */
type JsonCols = 'fetches' | 'reasons' | 'detectors' | 'diff' | 'profile';

export type PageAnalysisRow = Omit<PageAnalysisTable, JsonCols> & {
  fetches: Record<string, unknown>[];
  reasons: Record<string, unknown>[];
  detectors: Record<string, unknown>[];
  diff: Record<string, unknown> | null;
  profile: Record<string, unknown> | null;
};

/** An analysis with what scoping and the UI need from its monitor, system and agencies. */
export type PageAnalysisWithNames = PageAnalysisRow & {
  monitor_name: string;
  monitor_target: string;
  system_name: string;
  owner_agency_id: string;
  owner_agency_name: string;
  owner_agency_path: string;
  operator_agency_path: string | null;
  reviewer_name: string | null;
};

export interface PageAnalysisFilter {
  scope: Scope;
  /** Path prefix of an agency filter (owner or operator in that subtree). */
  agencyPath?: string;
  monitorId?: string;
  systemId?: string;
  alarm?: boolean;
  review?: ReviewStatus;
  kind?: string;
  limit: number;
  offset: number;
}

const JSON_COLUMNS: readonly JsonCols[] = ['fetches', 'reasons', 'detectors', 'diff', 'profile'];

type Eb = ExpressionBuilder<DB & { p: DB['page_analyses']; s: DB['information_systems'] }, 'p' | 's'>;

export class PageAnalysisRepository {
  private withNames(ex: Executor) {
    return ex
      .selectFrom('page_analyses as p')
      .innerJoin('monitors as m', 'm.id', 'p.monitor_id')
      .innerJoin('information_systems as s', 's.id', 'm.system_id')
      .innerJoin('agencies as o', 'o.id', 's.owner_agency_id')
      .leftJoin('agencies as op', 'op.id', 's.operator_agency_id')
      .leftJoin('users as u', 'u.id', 'p.reviewed_by')
      .selectAll('p')
      .select([
        'm.name as monitor_name', 'm.target as monitor_target', 's.name as system_name', 's.owner_agency_id', 'o.name as owner_agency_name',
        'o.path as owner_agency_path', 'op.path as operator_agency_path', 'u.display_name as reviewer_name',
      ]);
  }

  async insert(ex: Executor, row: PageAnalysisRow): Promise<void> {
    await ex.insertInto('page_analyses').values(this.encode(row) as never).execute();
  }

  async findById(ex: Executor, id: string): Promise<PageAnalysisWithNames | undefined> {
    return (await this.withNames(ex).where('p.id', '=', id).executeTakeFirst()) as PageAnalysisWithNames | undefined;
  }

  /** The newest stored analysis of a monitor: whether the page changed since. */
  latestForMonitor(ex: Executor, monitorId: string): Promise<{ id: string; snapshot_sha256: string | null } | undefined> {
    return ex.selectFrom('page_analyses').select(['id', 'snapshot_sha256']).where('monitor_id', '=', monitorId).orderBy('at', 'desc').limit(1).executeTakeFirst();
  }

  async list(ex: Executor, f: PageAnalysisFilter): Promise<{ items: PageAnalysisWithNames[]; total: number }> {
    let q = ex.selectFrom('page_analyses as p').innerJoin('information_systems as s', 's.id', 'p.system_id');
    const inSubtree = (prefix: string) => (eb: Eb) => {
      const agencyIds = () => eb.selectFrom('agencies').select('agencies.id').where('agencies.path', 'like', `${prefix}%`);
      return eb.or([eb('s.owner_agency_id', 'in', agencyIds()), eb('s.operator_agency_id', 'in', agencyIds())]);
    };
    if (!f.scope.all) q = q.where(inSubtree(f.scope.pathPrefix));
    if (f.agencyPath) q = q.where(inSubtree(f.agencyPath));
    if (f.monitorId) q = q.where('p.monitor_id', '=', f.monitorId);
    if (f.systemId) q = q.where('p.system_id', '=', f.systemId);
    if (f.alarm !== undefined) q = q.where('p.alarm', '=', f.alarm);
    if (f.review) q = q.where('p.review_status', '=', f.review);
    if (f.kind) q = q.where('p.kind', '=', f.kind);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ids = await q.select('p.id').orderBy('p.at', 'desc').orderBy('p.id').limit(f.limit).offset(f.offset).execute();
    if (ids.length === 0) return { items: [], total: Number(n) };
    const rows = (await this.withNames(ex).where('p.id', 'in', ids.map((r) => r.id)).execute()) as PageAnalysisWithNames[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.map((r) => byId.get(r.id)!).filter(Boolean), total: Number(n) };
  }

  /** Sets the review of one analysis and of the monitor's other unreviewed alarms of the same snapshot. */
  async review(ex: Executor, a: { id: string; monitorId: string; snapshotSha256: string | null; status: ReviewStatus; by: string | null; at: Date; note: string | null; sameSnapshot: boolean }): Promise<number> {
    let q = ex.updateTable('page_analyses').set({ review_status: a.status, reviewed_by: a.by, reviewed_at: a.at, review_note: a.note });
    if (a.sameSnapshot && a.snapshotSha256) {
      q = q.where((eb) => eb.or([
        eb('id', '=', a.id),
        eb.and([eb('monitor_id', '=', a.monitorId), eb('snapshot_sha256', '=', a.snapshotSha256!), eb('alarm', '=', true), eb('review_status', '=', 'new')]),
      ]));
    } else q = q.where('id', '=', a.id);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Points analyses at the alert opened for them (the alert's details name the analysis). */
  async linkAlerts(ex: Executor, analysisIds: string[]): Promise<void> {
    if (analysisIds.length === 0) return;
    await sql`
      update page_analyses p set alert_id = a.id
      from alerts a
      where p.id = any(${analysisIds}::uuid[]) and a.monitor_id = p.monitor_id and a.details->>'analysisId' = p.id::text`.execute(ex);
  }

  /** Retention: analyses without an alarm older than `before`, a slice at a time. */
  async deleteQuietBefore(ex: Executor, before: Date, limit = 1000): Promise<number> {
    const r = await sql`
      delete from page_analyses where id in (
        select id from page_analyses where not alarm and at < ${before} limit ${limit})`.execute(ex);
    return Number(r.numAffectedRows ?? 0);
  }

  private encode(row: Partial<PageAnalysisRow>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...row };
    for (const k of JSON_COLUMNS) if (row[k] !== undefined) out[k] = row[k] === null ? null : JSON.stringify(row[k]);
    return out;
  }
}
