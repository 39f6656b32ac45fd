import type { HitSystemRow } from '../repositories/system-vulnerability.repository.ts';
import type { ExplainedMatch } from './advisory-match.service.ts';
import type { WarningRow } from '../repositories/vuln-warning.repository.ts';
import type { TargetEventRow, TargetView } from '../repositories/vuln-warning-target.repository.ts';
import { boardFigures, isOpen, type BoardFigures, type TargetStatus } from '../vulns/warnings/target-status.ts';

/** Transport shapes of warnings and their targets (contracts/vuln-warning.schema.ts). */

export function toWarning(w: WarningRow & { created_by_name: string | null }, cveCount: number, totals: BoardFigures) {
  return {
    id: w.id,
    number: w.number,
    title: w.title,
    body: w.body,
    filter: w.filter,
    deadline: w.deadline.toISOString(),
    remindBeforeHours: w.remind_before_hours,
    status: w.status,
    createdAt: w.created_at.toISOString(),
    createdByName: w.created_by_name,
    sentAt: w.sent_at?.toISOString() ?? null,
    closedAt: w.closed_at?.toISOString() ?? null,
    cveCount,
    totals,
  };
}

export const isOverdue = (w: Pick<WarningRow, 'deadline' | 'status'>, status: TargetStatus, now: Date): boolean =>
  w.status === 'sent' && w.deadline <= now && isOpen(status);

export function toTarget(t: TargetView, w: Pick<WarningRow, 'deadline' | 'status'>, now: Date) {
  return {
    id: t.id,
    warningId: t.warning_id,
    systemId: t.system_id,
    systemName: t.system_name,
    agencyId: t.agency_id,
    agencyName: t.agency_name,
    matchStatus: t.match_status,
    cves: t.cves,
    reasons: t.reasons,
    status: t.status,
    reason: t.reason,
    kbs: t.kbs,
    version: t.version,
    riskApprover: t.risk_approver,
    riskExpiresOn: t.risk_expires_on,
    note: t.note,
    acknowledgedAt: t.acknowledged_at?.toISOString() ?? null,
    updatedAt: t.updated_at.toISOString(),
    updatedByName: t.updated_by_name,
    overdue: isOverdue(w, t.status, now),
  };
}
export type TargetDto = ReturnType<typeof toTarget>;

export function toTargetEvent(e: TargetEventRow) {
  return { at: e.at.toISOString(), actorName: e.actor_label, from: e.from_status, to: e.to_status, data: e.data };
}

/** Board figures per agency and in total from (agency, status) pairs. */
export function figuresByAgency(rows: readonly { agency_id: string; agency_name: string; status: TargetStatus }[], overdue: boolean) {
  const by = new Map<string, { agencyId: string; agencyName: string; statuses: TargetStatus[] }>();
  for (const r of rows) {
    const a = by.get(r.agency_id) ?? { agencyId: r.agency_id, agencyName: r.agency_name, statuses: [] };
    a.statuses.push(r.status);
    by.set(r.agency_id, a);
  }
  const agencies = [...by.values()]
    .map((a) => ({ agencyId: a.agencyId, agencyName: a.agencyName, ...boardFigures(a.statuses, overdue) }))
    .sort((x, y) => x.agencyName.localeCompare(y.agencyName, 'vi'));
  return { totals: boardFigures(rows.map((r) => r.status), overdue), agencies };
}

/** One system a warning would hit: every CVE it matches, certain when any match is. */
export interface HitSystem {
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  matchStatus: 'affected' | 'possibly_affected';
  cves: string[];
  reasons: string[];
}

/**
 * The systems a warning hits: the stored re-match's candidates, confirmed and explained by a
 * fresh match (a system the fresh match no longer finds is left out). Without "possibly
 * affected", only systems with a certain match count, and only their certain CVEs.
 */
export function hitSystems(candidates: readonly HitSystemRow[], explained: readonly ExplainedMatch[], includePossibly: boolean): HitSystem[] {
  const bySystem = new Map<string, ExplainedMatch[]>();
  for (const m of explained) bySystem.set(m.systemId, [...(bySystem.get(m.systemId) ?? []), m]);
  const out: HitSystem[] = [];
  for (const c of candidates) {
    const ms = (bySystem.get(c.system_id) ?? []).filter((m) => includePossibly || m.status === 'affected');
    if (ms.length === 0) continue;
    const reasons: string[] = [];
    for (const m of ms) for (const it of m.items) if (reasons.length < 30) reasons.push(`${m.cve}: ${it.product}${it.version ? ` ${it.version}` : ''} — ${it.reason}`.slice(0, 400));
    out.push({
      systemId: c.system_id, systemName: c.system_name, agencyId: c.agency_id, agencyName: c.agency_name,
      matchStatus: ms.some((m) => m.status === 'affected') ? 'affected' : 'possibly_affected', cves: ms.map((m) => m.cve).sort(), reasons,
    });
  }
  return out.sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi') || a.systemName.localeCompare(b.systemName, 'vi'));
}
