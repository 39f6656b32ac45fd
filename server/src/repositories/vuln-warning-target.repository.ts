import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';
import type { TargetStatus } from '../vulns/warnings/target-status.ts';
import { systemInScope } from './advisory.repository.ts';

export interface TargetRow {
  id: string;
  warning_id: string;
  system_id: string;
  agency_id: string;
  match_status: 'affected' | 'possibly_affected';
  cves: string[];
  reasons: string[];
  status: TargetStatus;
  reason: string | null;
  kbs: string[];
  version: string | null;
  risk_approver: string | null;
  risk_expires_on: string | null;
  note: string | null;
  acknowledged_at: Date | null;
  updated_at: Date;
  updated_by: string | null;
}

export interface TargetView extends TargetRow {
  system_name: string;
  agency_name: string;
  agency_path: string;
  operator_path: string | null;
  updated_by_name: string | null;
}

export interface TargetEventRow {
  id: string;
  target_id: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  from_status: string | null;
  to_status: string;
  data: Record<string, unknown>;
}

/** PGlite gives a date column back as a Date at UTC midnight, pg as a string (types parser off) or Date. */
function day(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

const decode = <T extends { risk_expires_on: unknown }>(r: T): T => ({ ...r, risk_expires_on: day(r.risk_expires_on) });

/** Per warning × system answers and their history. */
export class VulnWarningTargetRepository {
  async insertMany(ex: Executor, rows: TargetRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await ex.insertInto('vuln_warning_targets').values(rows.slice(i, i + 500).map((r) => ({ ...r, reasons: JSON.stringify(r.reasons) }))).execute();
    }
  }

  private view(ex: Executor) {
    return ex.selectFrom('vuln_warning_targets as t')
      .innerJoin('information_systems as s', 's.id', 't.system_id')
      .innerJoin('agencies as g', 'g.id', 't.agency_id')
      .leftJoin('agencies as op', 'op.id', 's.operator_agency_id')
      .leftJoin('users as u', 'u.id', 't.updated_by')
      .selectAll('t')
      .select(['s.name as system_name', 'g.name as agency_name', 'g.path as agency_path', 'op.path as operator_path', 'u.display_name as updated_by_name']);
  }

  async list(ex: Executor, f: { warningId: string; scope: Scope; agencyId?: string; status?: string; limit?: number }): Promise<TargetView[]> {
    let q = this.view(ex).where('t.warning_id', '=', f.warningId).where(systemInScope(f.scope, 't.system_id'));
    if (f.agencyId) q = q.where('t.agency_id', '=', f.agencyId);
    if (f.status) q = q.where('t.status', '=', f.status);
    const rows = await q.orderBy('g.name').orderBy('s.name').limit(f.limit ?? 20_000).execute();
    return rows.map((r) => decode(r as unknown as TargetView));
  }

  async find(ex: Executor, id: string, forUpdate = false): Promise<TargetView | undefined> {
    let q = this.view(ex).where('t.id', '=', id);
    if (forUpdate) q = q.forUpdate('t');
    const r = await q.executeTakeFirst();
    return r ? decode(r as unknown as TargetView) : undefined;
  }

  async findMany(ex: Executor, warningId: string, ids: string[]): Promise<TargetView[]> {
    if (ids.length === 0) return [];
    const rows = await this.view(ex).where('t.warning_id', '=', warningId).where('t.id', 'in', ids).forUpdate('t').execute();
    return rows.map((r) => decode(r as unknown as TargetView));
  }

  async update(ex: Executor, id: string, patch: Partial<Omit<TargetRow, 'id' | 'warning_id' | 'system_id' | 'agency_id'>>): Promise<void> {
    const { reasons, ...rest } = patch;
    await ex.updateTable('vuln_warning_targets').set({ ...rest, ...(reasons ? { reasons: JSON.stringify(reasons) } : {}) }).where('id', '=', id).execute();
  }

  async addEvent(ex: Executor, e: TargetEventRow): Promise<void> {
    await ex.insertInto('vuln_warning_target_events').values({ ...e, data: JSON.stringify(e.data) }).execute();
  }

  async events(ex: Executor, targetId: string): Promise<TargetEventRow[]> {
    return (await ex.selectFrom('vuln_warning_target_events').select(['id', 'target_id', 'at', 'actor_id', 'actor_label', 'from_status', 'to_status', 'data']).where('target_id', '=', targetId).orderBy('seq').limit(500).execute()) as never;
  }

  /** Status of every visible target of these warnings, for board figures. */
  async statuses(ex: Executor, warningIds: string[], scope: Scope): Promise<{ warning_id: string; agency_id: string; agency_name: string; status: TargetStatus }[]> {
    if (warningIds.length === 0) return [];
    return (await ex.selectFrom('vuln_warning_targets as t').innerJoin('agencies as g', 'g.id', 't.agency_id')
      .select(['t.warning_id', 't.agency_id', 'g.name as agency_name', 't.status'])
      .where('t.warning_id', 'in', warningIds).where(systemInScope(scope, 't.system_id')).execute()) as never;
  }

  async openCount(ex: Executor, warningId: string, agencyId: string): Promise<number> {
    const r = await ex.selectFrom('vuln_warning_targets').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('warning_id', '=', warningId).where('agency_id', '=', agencyId).where('status', 'in', ['received', 'acknowledged', 'affected']).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Risk acceptances that ended before `today` (YYYY-MM-DD), on warnings still running. */
  async expiredRisk(ex: Executor, today: string, limit: number): Promise<TargetRow[]> {
    const rows = await ex.selectFrom('vuln_warning_targets as t').innerJoin('vuln_warnings as w', 'w.id', 't.warning_id').selectAll('t')
      .where('t.status', '=', 'risk_accepted').where('t.risk_expires_on', '<', sql<string>`${today}::date`).where('w.status', '=', 'sent')
      .limit(limit).forUpdate('t').execute();
    return rows.map((r) => decode(r as unknown as TargetRow));
  }
}
