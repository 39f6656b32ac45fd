import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { VulnWarningRepository, WarningRow } from '../repositories/vuln-warning.repository.ts';
import type { TargetView, VulnWarningTargetRepository } from '../repositories/vuln-warning-target.repository.ts';
import { checkUpdate, normaliseKbs, type TargetStatus, type TargetUpdate } from '../vulns/warnings/target-status.ts';
import type { AlertIntakeService } from './alert-intake.service.ts';
import type { AuditService } from './audit.service.ts';
import { toTarget, toTargetEvent } from './vuln-warning-dto.ts';
import type { VulnWarningService } from './vuln-warning.service.ts';

export const MAX_BULK = 500;

/** The dedup key of an agency's overdue alert for a warning (vuln-warning-reminder.service.ts raises it). */
export const overdueKey = (warningId: string, agencyId: string) => `warning:${warningId}:agency:${agencyId}:overdue`;

/** Today as YYYY-MM-DD in Vietnam, where the acceptance dates are meant. */
export function vnToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * What an agency says about each of its systems for a warning. Agency admins and members of
 * the owning (or operating) agency subtree and the coordinating unit may update; viewers read.
 * Every change is checked (target-status.ts), recorded in the target's history and the audit
 * log, and the first action of an agency acknowledges the warning for it. When an agency has
 * nothing open left, its overdue alert (if one was raised) resolves.
 */
export class VulnWarningTargetService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { warnings: VulnWarningRepository; targets: VulnWarningTargetRepository },
    private readonly warnings: VulnWarningService,
    private readonly intake: AlertIntakeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, warningId: string, q: { agencyId?: string; status?: string }) {
    const w = await this.warnings.visible(actor, warningId);
    const rows = await this.repos.targets.list(this.db, { warningId, scope: readScope(actor), agencyId: q.agencyId, status: q.status });
    const now = this.clock.now();
    return rows.map((t) => toTarget(t, w, now));
  }

  private canSee(actor: Actor, t: TargetView): boolean {
    const scope = readScope(actor);
    return inScope(scope, t.agency_path) || (t.operator_path !== null && inScope(scope, t.operator_path));
  }

  async get(actor: Actor, warningId: string, targetId: string) {
    const w = await this.warnings.visible(actor, warningId);
    const t = await this.repos.targets.find(this.db, targetId);
    if (!t || t.warning_id !== warningId || !this.canSee(actor, t)) throw new NotFoundError('Warning target');
    const history = await this.repos.targets.events(this.db, targetId);
    return { ...toTarget(t, w, this.clock.now()), history: history.map(toTargetEvent) };
  }

  private assertCanUpdate(actor: Actor, w: WarningRow): void {
    if (actor.role === 'viewer') throw new ForbiddenError('Your role is read-only');
    if (w.status !== 'sent') throw new ConflictError(w.status === 'closed' ? 'This warning is closed' : 'This warning has not been sent', [{ field: '/status', message: `warning is ${w.status}` }]);
  }

  async update(actor: Actor, warningId: string, targetId: string, u: TargetUpdate) {
    await this.warnings.visible(actor, warningId);
    await this.db.transaction().execute(async (trx) => {
      const w = (await this.repos.warnings.find(trx, warningId))!;
      const t = await this.repos.targets.find(trx, targetId, true);
      if (!t || t.warning_id !== warningId || !this.canSee(actor, t)) throw new NotFoundError('Warning target');
      this.assertCanUpdate(actor, w);
      const problems = checkUpdate(t.status, u, vnToday(this.clock.now()));
      if (problems.length) throw this.problem(problems, '');
      await this.apply(trx, actor, t, u);
      await this.afterChange(trx, w, [t.agency_id]);
    });
    return this.get(actor, warningId, targetId);
  }

  /** The same change to many systems: all or nothing, errors point at the offending id. */
  async bulk(actor: Actor, warningId: string, ids: string[], u: TargetUpdate): Promise<{ updated: number }> {
    if (ids.length === 0 || ids.length > MAX_BULK) throw new ValidationError(`Choose 1 to ${MAX_BULK} systems`, [{ field: '/targetIds', message: `1 to ${MAX_BULK} ids` }]);
    await this.warnings.visible(actor, warningId);
    const unique = [...new Set(ids)];
    return this.db.transaction().execute(async (trx) => {
      const w = (await this.repos.warnings.find(trx, warningId))!;
      this.assertCanUpdate(actor, w);
      const found = new Map((await this.repos.targets.findMany(trx, warningId, unique)).map((t) => [t.id, t]));
      const today = vnToday(this.clock.now());
      const issues: FieldIssue[] = [];
      unique.forEach((id) => {
        const t = found.get(id);
        const at = ids.indexOf(id);
        if (!t || !this.canSee(actor, t)) issues.push({ field: `/targetIds/${at}`, message: 'no such system in this warning' });
        else for (const p of checkUpdate(t.status, u, today)) issues.push({ field: p.field === '/status' ? `/targetIds/${at}` : p.field, message: p.field === '/status' ? `${t.system_name}: ${p.message}` : p.message });
      });
      if (issues.length) throw this.problem(dedupe(issues), 'bulk ');
      for (const id of unique) await this.apply(trx, actor, found.get(id)!, u);
      await this.afterChange(trx, w, [...new Set([...found.values()].map((t) => t.agency_id))]);
      return { updated: unique.length };
    });
  }

  private problem(issues: FieldIssue[], what: string): Error {
    if (issues.some((i) => i.message.startsWith('cannot go from') || / cannot go from /.test(i.message))) return new ConflictError(`The ${what}status change is not allowed`, issues);
    return new ValidationError(`The ${what}status update is not valid`, issues);
  }

  private async apply(trx: Executor, actor: Actor, t: TargetView, u: TargetUpdate): Promise<void> {
    const now = this.clock.now();
    const s: TargetStatus = u.status;
    const clean = (v: string | null | undefined, n: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, n) : null);
    const kbs = s === 'fixed' ? normaliseKbs(u.kb) : [];
    const patch = {
      status: s,
      reason: s === 'not_affected' || s === 'risk_accepted' ? clean(u.reason, 2000) : null,
      kbs,
      version: s === 'fixed' ? clean(u.version, 200) : null,
      risk_approver: s === 'risk_accepted' ? clean(u.riskApprover, 300) : null,
      risk_expires_on: s === 'risk_accepted' ? u.riskExpiresOn! : null,
      note: clean(u.note, 2000) ?? (s === t.status ? t.note : null),
      acknowledged_at: t.acknowledged_at ?? now,
      updated_at: now,
      updated_by: actor.via === 'system' ? null : actor.userId,
    };
    await this.repos.targets.update(trx, t.id, patch);
    await this.repos.warnings.acknowledgeAgency(trx, t.warning_id, t.agency_id, now);
    const data = Object.fromEntries(Object.entries({ reason: patch.reason, kbs: kbs.length ? kbs : null, version: patch.version, riskApprover: patch.risk_approver, riskExpiresOn: patch.risk_expires_on, note: clean(u.note, 2000) }).filter(([, v]) => v !== null));
    await this.repos.targets.addEvent(trx, { id: randomUUID(), target_id: t.id, at: now, actor_id: actor.via === 'system' ? null : actor.userId, actor_label: actor.username, from_status: t.status, to_status: s, data });
    await this.audit.record(trx, actor, {
      action: 'warning.target.update', entityType: 'vuln_warning_target', entityId: t.id, agencyId: t.agency_id,
      summary: `${t.system_name}: ${t.status} → ${s}`, before: { status: t.status }, after: { status: s, ...data },
    });
  }

  /** An agency with nothing left open no longer needs its overdue alert. */
  private async afterChange(trx: Executor, w: WarningRow, agencyIds: string[]): Promise<void> {
    for (const a of agencyIds) {
      if ((await this.repos.targets.openCount(trx, w.id, a)) === 0) await this.intake.resolveKeys(trx, [{ key: overdueKey(w.id, a), at: this.clock.now() }]);
    }
  }

  /** The mailed link: acknowledge receipt for the whole agency (systems still "received" → "acknowledged"). */
  async acknowledgeByLink(warningId: string, agencyId: string, via: string): Promise<{ acknowledged: number }> {
    return this.db.transaction().execute(async (trx) => {
      const w = await this.repos.warnings.find(trx, warningId, true);
      if (!w || w.status === 'draft') throw new NotFoundError('Warning');
      const now = this.clock.now();
      const targets = (await this.repos.targets.list(trx, { warningId, scope: { all: true }, agencyId })).filter((t) => t.status === 'received');
      for (const t of targets) {
        await this.repos.targets.update(trx, t.id, { status: 'acknowledged', acknowledged_at: now, updated_at: now, updated_by: null });
        await this.repos.targets.addEvent(trx, { id: randomUUID(), target_id: t.id, at: now, actor_id: null, actor_label: via, from_status: 'received', to_status: 'acknowledged', data: {} });
      }
      await this.repos.warnings.acknowledgeAgency(trx, warningId, agencyId, now);
      return { acknowledged: targets.length };
    });
  }
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.field + i.message) ? false : (seen.add(i.field + i.message), true)));
}
