import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';
import { systemInScope } from './advisory.repository.ts';

export interface WarningRow {
  id: string;
  number: string | null;
  title: string;
  body: string;
  filter: Record<string, unknown>;
  deadline: Date;
  remind_before_hours: number;
  status: 'draft' | 'sent' | 'closed';
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  sent_by: string | null;
  closed_at: Date | null;
}

export interface WarningAgencyRow {
  warning_id: string;
  agency_id: string;
  agency_name: string;
  notified_at: Date | null;
  recipients: unknown[];
  acknowledged_at: Date | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
}

/** Warnings, their frozen CVE list and their per-agency delivery rows (migration 0009). */
export class VulnWarningRepository {
  async nextNumber(ex: Executor, year: number): Promise<number> {
    const r = await ex.insertInto('warning_counters').values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql`warning_counters.last + 1` }))
      .returning('last').executeTakeFirstOrThrow();
    return r.last;
  }

  async insert(ex: Executor, r: WarningRow): Promise<void> {
    await ex.insertInto('vuln_warnings').values({ ...r, filter: JSON.stringify(r.filter) }).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<Omit<WarningRow, 'id'>>): Promise<void> {
    const { filter, ...rest } = patch;
    await ex.updateTable('vuln_warnings').set({ ...rest, ...(filter ? { filter: JSON.stringify(filter) } : {}) }).where('id', '=', id).execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('vuln_warnings').where('id', '=', id).execute();
  }

  private withNames(ex: Executor) {
    return ex.selectFrom('vuln_warnings as w').leftJoin('users as u', 'u.id', 'w.created_by').selectAll('w').select('u.display_name as created_by_name');
  }

  async find(ex: Executor, id: string, forUpdate = false): Promise<(WarningRow & { created_by_name: string | null }) | undefined> {
    let q = this.withNames(ex).where('w.id', '=', id);
    if (forUpdate) q = q.forUpdate('w');
    return (await q.executeTakeFirst()) as never;
  }

  /** Warnings the actor may see: all for the coordinating unit; sent ones that hit their systems otherwise. */
  async list(ex: Executor, f: { scope: Scope; coordinator: boolean; status?: string; limit: number }): Promise<(WarningRow & { created_by_name: string | null })[]> {
    let q = this.withNames(ex);
    if (f.status) q = q.where('w.status', '=', f.status);
    if (!f.coordinator) {
      q = q.where('w.status', '<>', 'draft').where((eb) => eb.exists(
        eb.selectFrom('vuln_warning_targets as t').select(sql`1`.as('one')).whereRef('t.warning_id', '=', 'w.id').where(systemInScope(f.scope, 't.system_id')),
      ));
    }
    return (await q.orderBy(sql`w.sent_at desc nulls first`).orderBy('w.created_at', 'desc').limit(f.limit).execute()) as never;
  }

  async setAdvisories(ex: Executor, warningId: string, cves: string[]): Promise<void> {
    await ex.deleteFrom('vuln_warning_advisories').where('warning_id', '=', warningId).execute();
    for (let i = 0; i < cves.length; i += 1000) {
      await ex.insertInto('vuln_warning_advisories').values(cves.slice(i, i + 1000).map((cve) => ({ warning_id: warningId, cve }))).execute();
    }
  }

  async advisoryCves(ex: Executor, warningId: string): Promise<string[]> {
    return (await ex.selectFrom('vuln_warning_advisories').select('cve').where('warning_id', '=', warningId).orderBy('cve').execute()).map((r) => r.cve);
  }

  async cveCounts(ex: Executor, warningIds: string[]): Promise<Map<string, number>> {
    if (warningIds.length === 0) return new Map();
    const rows = await ex.selectFrom('vuln_warning_advisories').select(['warning_id', (eb) => eb.fn.countAll<number>().as('n')]).where('warning_id', 'in', warningIds).groupBy('warning_id').execute();
    return new Map(rows.map((r) => [r.warning_id, Number(r.n)]));
  }

  async insertAgencies(ex: Executor, rows: { warning_id: string; agency_id: string }[]): Promise<void> {
    if (rows.length) await ex.insertInto('vuln_warning_agencies').values(rows).execute();
  }

  async agencies(ex: Executor, warningId: string): Promise<WarningAgencyRow[]> {
    return (await ex.selectFrom('vuln_warning_agencies as wa').innerJoin('agencies as g', 'g.id', 'wa.agency_id')
      .selectAll('wa').select('g.name as agency_name').where('wa.warning_id', '=', warningId).orderBy('g.name').execute()) as never;
  }

  async updateAgency(ex: Executor, warningId: string, agencyId: string, patch: Partial<Pick<WarningAgencyRow, 'notified_at' | 'acknowledged_at' | 'reminded_at' | 'escalated_at'>> & { recipients?: unknown[] }): Promise<void> {
    const { recipients, ...rest } = patch;
    await ex.updateTable('vuln_warning_agencies').set({ ...rest, ...(recipients ? { recipients: JSON.stringify(recipients) } : {}) })
      .where('warning_id', '=', warningId).where('agency_id', '=', agencyId).execute();
  }

  /** Marks the agency's acknowledgement once (the first time anyone there acts on the warning). */
  async acknowledgeAgency(ex: Executor, warningId: string, agencyId: string, at: Date): Promise<void> {
    await ex.updateTable('vuln_warning_agencies').set({ acknowledged_at: at })
      .where('warning_id', '=', warningId).where('agency_id', '=', agencyId).where('acknowledged_at', 'is', null).execute();
  }

  /** (warning, agency) pairs of sent warnings with open systems whose reminder or escalation is due. */
  async dueAgencies(ex: Executor, now: Date, limit: number) {
    return ex.selectFrom('vuln_warning_agencies as wa')
      .innerJoin('vuln_warnings as w', 'w.id', 'wa.warning_id')
      .innerJoin('agencies as g', 'g.id', 'wa.agency_id')
      .select(['wa.warning_id', 'wa.agency_id', 'wa.reminded_at', 'wa.escalated_at', 'g.name as agency_name', 'w.number', 'w.title', 'w.deadline', 'w.remind_before_hours'])
      .select((eb) => eb.selectFrom('vuln_warning_targets as t').select((e2) => e2.fn.countAll<number>().as('n'))
        .whereRef('t.warning_id', '=', 'wa.warning_id').whereRef('t.agency_id', '=', 'wa.agency_id').where('t.status', 'in', ['received', 'acknowledged', 'affected']).as('open_count'))
      .where('w.status', '=', 'sent')
      .where((eb) => eb.or([
        eb.and([eb('wa.reminded_at', 'is', null), eb(sql`w.deadline - make_interval(hours => w.remind_before_hours)`, '<=', now), eb('w.deadline', '>', now)]),
        eb.and([eb('wa.escalated_at', 'is', null), eb('w.deadline', '<=', now)]),
      ]))
      .orderBy('w.deadline').limit(limit).execute();
  }

  /** After the deadline, a system re-opened (risk acceptance ended) makes the agency due for escalation again. */
  async reopenEscalation(ex: Executor, warningId: string, agencyId: string, now: Date): Promise<void> {
    await ex.updateTable('vuln_warning_agencies').set({ escalated_at: null })
      .where('warning_id', '=', warningId).where('agency_id', '=', agencyId)
      .where((eb) => eb.exists(eb.selectFrom('vuln_warnings').select(sql`1`.as('one')).where('id', '=', warningId).where('deadline', '<=', now)))
      .execute();
  }
}
