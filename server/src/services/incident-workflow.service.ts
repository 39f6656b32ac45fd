import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { Actor } from '../domain/actor.ts';
import { assertCanCoordinate, assertCanWorkIncidents, canSeeIncident } from '../domain/incident-access.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { computeDeadlines, type DeadlineRule } from '../incidents/deadlines.ts';
import type { IncidentType } from '../incidents/incident-types.ts';
import { defaultPlaybook, instantiate, type Playbook } from '../incidents/playbook.ts';
import { checklistIssues, isSerious, type SeriousChecklist } from '../incidents/serious-test.ts';
import { applyTransition, type IncidentStatus, type ResponsePhase, type Transition } from '../incidents/workflow.ts';
import type { ClosingReport } from '../contracts/incident.schema.ts';
import type { IncidentDeadlineRepository } from '../repositories/incident-deadline.repository.ts';
import type { IncidentRepository, IncidentWithNames } from '../repositories/incident.repository.ts';
import type { PlaybookRepository } from '../repositories/playbook.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { AuditService } from './audit.service.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';

/**
 * Working an incident: classification (type, cause, priority, TLP, the serious-incident test,
 * systems, confidentiality, assignment) by the coordinating unit, which instantiates the type's
 * playbook into tasks; the response workflow (verify → handle: contain, eradicate, recover,
 * check → close with a Mẫu 04 that cites the Mẫu 03, or reopen); comments and tasks. Every
 * change is a timeline event and an audit entry; transitions lock the row.
 */
export interface ClassifyInput {
  type?: IncidentType;
  cause?: string;
  causeDetail?: string | null;
  priority?: string;
  tlp?: string;
  seriousChecklist?: Record<string, boolean>;
  systemIds?: string[];
  confidential?: boolean;
  accessUserIds?: string[];
  assigneeId?: string | null;
  team?: string | null;
}

export class IncidentWorkflowService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { incidents: IncidentRepository; deadlines: IncidentDeadlineRepository; playbooks: PlaybookRepository; users: UserRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly mailer?: { outbox: NotificationOutboxService; recipients: AlertRecipientRepository },
  ) {}

  /** The incident if the actor may see it; 404 otherwise (its existence is not revealed). */
  async visible(ex: Executor, actor: Actor, id: string): Promise<IncidentWithNames> {
    const inc = await this.repos.incidents.findById(ex, id);
    const named = inc ? await this.repos.incidents.hasAccess(ex, id, actor.userId) : false;
    if (!inc || !canSeeIncident(actor, inc, named)) throw new NotFoundError('Incident');
    return inc;
  }

  private event(trx: Executor, actor: Actor, id: string, at: Date, type: string, text: string | null = null, data: Record<string, unknown> = {}) {
    return this.repos.incidents.addEvent(trx, { incident_id: id, at, type, actor_id: actor.via === 'system' ? null : actor.userId, actor_label: actor.username, text, data });
  }

  async classify(actor: Actor, id: string, input: ClassifyInput): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.visible(trx, actor, id);
      assertCanCoordinate(actor);
      await this.repos.incidents.lock(trx, id);
      const now = this.clock.now();
      const issues = input.seriousChecklist ? checklistIssues(input.seriousChecklist) : [];
      if (input.assigneeId) {
        const u = await this.repos.users.findById(trx, input.assigneeId);
        if (!u || u.disabled || u.role === 'viewer') issues.push({ field: '/assigneeId', message: 'no such active user' });
      }
      for (const [i, uid] of (input.accessUserIds ?? []).entries()) {
        if (!(await this.repos.users.findById(trx, uid))) issues.push({ field: `/accessUserIds/${i}`, message: 'no such user' });
      }
      if (issues.length) throw new ValidationError('The classification is not valid', issues);
      if (input.systemIds) await this.repos.incidents.setSystems(trx, id, [...new Set(input.systemIds)]);
      if (input.accessUserIds) await this.repos.incidents.setAccess(trx, id, [...new Set(input.accessUserIds)]);
      const checklist = (input.seriousChecklist ?? inc.serious_checklist) as SeriousChecklist;
      const systems = await this.repos.incidents.systems(trx, id);
      const serious = isSerious(checklist, { maxSecurityLevel: systems.length ? Math.max(...systems.map((s) => s.security_level)) : null, anyCriticalNational: systems.some((s) => s.critical_national) });
      await this.repos.incidents.update(trx, id, {
        ...(input.type !== undefined && { type: input.type }),
        ...(input.cause !== undefined && { cause: input.cause }),
        ...(input.causeDetail !== undefined && { cause_detail: input.causeDetail }),
        ...(input.priority !== undefined && { priority: input.priority }),
        ...(input.tlp !== undefined && { tlp: input.tlp }),
        ...(input.confidential !== undefined && { confidential: input.confidential }),
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
        ...(input.team !== undefined && { team: input.team }),
        serious_checklist: JSON.stringify(checklist), serious: serious.serious, updated_at: now,
      });
      const changed = Object.keys(input);
      await this.event(trx, actor, id, now, 'classified', null, { changed, type: input.type ?? inc.type, serious: serious.serious, seriousReasons: serious.reasons });
      // The first classification with a type brings its playbook's tasks.
      const type = input.type ?? (inc.type as IncidentType | null);
      if (type) await this.instantiatePlaybook(trx, actor, id, type, input.assigneeId ?? inc.assignee_id, now);
      await this.audit.record(trx, actor, { action: 'incident.classify', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: inc.number, after: input });
    });
  }

  /** The type's playbook as tasks, unless the incident has tasks already (reported with a type, or made from a detection). */
  async applyPlaybook(actor: Actor, id: string, type: IncidentType): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.visible(trx, actor, id);
      await this.instantiatePlaybook(trx, actor, id, type, inc.assignee_id, this.clock.now());
    });
  }

  private async instantiatePlaybook(trx: Executor, actor: Actor, id: string, type: IncidentType, assigneeId: string | null, now: Date): Promise<void> {
    if ((await this.repos.incidents.countTasks(trx, id)) > 0) return;
    const stored = await this.repos.playbooks.forType(trx, type);
    const playbook: Playbook = stored ? { name: stored.name, phases: stored.phases as Playbook['phases'] } : defaultPlaybook(type);
    const drafts = instantiate(playbook, now);
    await this.repos.incidents.insertTasks(trx, drafts.map((d) => ({ id: randomUUID(), incident_id: id, phase: d.phase, title: d.title, position: d.position, assignee_id: assigneeId, due_at: d.dueAt, done_at: null, done_by: null })));
    await this.event(trx, actor, id, now, 'playbook_applied', playbook.name, { tasks: drafts.length });
  }

  async transition(actor: Actor, id: string, t: { transition: Transition; phase?: ResponsePhase; note?: string; closingReport?: ClosingReport }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      await this.repos.incidents.lock(trx, id);
      const fresh = (await this.repos.incidents.findById(trx, id))!;
      const r = applyTransition({ status: fresh.status as IncidentStatus, phase: fresh.phase as ResponsePhase | null }, t.transition, t.phase);
      if (!r.ok) throw new ConflictError(`This move is not possible: ${r.reason}`, [{ field: '/transition', message: r.reason }]);
      const now = this.clock.now();
      const patch: Parameters<IncidentRepository['update']>[2] = { status: r.next.status, phase: r.next.phase, updated_at: now };
      if (t.transition === 'close') {
        if (!t.closingReport) throw new ValidationError('Closing needs the closing report (Mẫu 04)', [{ field: '/closingReport', message: 'required to close an incident' }]);
        const ended = new Date(t.closingReport.responseEndedAt);
        if (ended < fresh.detected_at || ended.getTime() > now.getTime() + 5 * 60_000) {
          throw new ValidationError('The closing report is not valid', [{ field: '/closingReport/responseEndedAt', message: 'must be between detection and now' }]);
        }
        // Mẫu 04 cites the number and date of the Mẫu 03 it closes.
        Object.assign(patch, { closed_at: now, response_ended_at: ended, form04: JSON.stringify({ ...t.closingReport, initialReport: { number: fresh.number, date: fresh.received_at.toISOString() }, submittedAt: now.toISOString() }) });
        const rules = (await this.repos.deadlines.jurisdictionFor(trx, inc.agency_path))?.rules as DeadlineRule[] | undefined;
        const due = computeDeadlines(rules ?? [], { response_ended_at: ended }).filter((d) => d.key === 'closing_report');
        await this.repos.deadlines.upsertDeadlines(trx, id, due.map((d) => ({ id: randomUUID(), ...d })));
        await this.repos.deadlines.markMet(trx, id, 'closing_report', now);
      }
      if (t.transition === 'reopen') Object.assign(patch, { closed_at: null });
      await this.repos.incidents.update(trx, id, patch);
      await this.event(trx, actor, id, now, t.transition === 'phase' ? 'phase' : t.transition, t.note?.trim() || null, { from: { status: fresh.status, phase: fresh.phase }, to: r.next });
      await this.audit.record(trx, actor, { action: `incident.${t.transition}`, entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: `${inc.number}: ${fresh.status} → ${r.next.status}${r.next.phase ? `/${r.next.phase}` : ''}` });
    });
  }

  async comment(actor: Actor, id: string, text: string): Promise<void> {
    const body = text.trim();
    if (!body) throw new ValidationError('Text is required', [{ field: '/text', message: 'must not be empty' }]);
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      await this.event(trx, actor, id, this.clock.now(), 'comment', body);
      await this.audit.record(trx, actor, { action: 'incident.comment', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: inc.number });
    });
  }

  async updateTask(actor: Actor, id: string, taskId: string, patch: { done?: boolean; assigneeId?: string | null; dueAt?: string | null }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.visible(trx, actor, id);
      assertCanWorkIncidents(actor);
      const task = await this.repos.incidents.findTask(trx, taskId);
      if (!task || task.incident_id !== id) throw new NotFoundError('Task');
      const now = this.clock.now();
      await this.repos.incidents.updateTask(trx, taskId, {
        ...(patch.done !== undefined && { done_at: patch.done ? now : null, done_by: patch.done && actor.via !== 'system' ? actor.userId : null }),
        ...(patch.assigneeId !== undefined && { assignee_id: patch.assigneeId }),
        ...(patch.dueAt !== undefined && { due_at: patch.dueAt ? new Date(patch.dueAt) : null }),
      });
      await this.event(trx, actor, id, now, patch.done === true ? 'task_done' : patch.done === false ? 'task_reopened' : 'task_changed', task.title, { taskId });
      await this.audit.record(trx, actor, { action: 'incident.task', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: `${inc.number}: ${task.title}`.slice(0, 200) });
    });
  }

  /**
   * The incident notice (art. 9): sent by e-mail ([TBSC]) to the given recipients through the
   * outbox, or only recorded when it went out another way. Either meets the notice deadline.
   */
  async noticeSent(actor: Actor, id: string, note?: string, mail?: { subject: string; text: string; html: string; recipients: string[] }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inc = await this.visible(trx, actor, id);
      assertCanCoordinate(actor);
      const now = this.clock.now();
      if (mail && mail.recipients.length) {
        const email = this.mailer && (await this.mailer.recipients.defaultChannels(trx)).get('email');
        if (!email) throw new ConflictError('No e-mail channel is configured: add one under notification channels, or record a notice sent another way');
        const recipients = [...new Set(mail.recipients.map((r) => r.trim().toLowerCase()))];
        await this.mailer!.outbox.enqueueNotifications(trx, {
          alertId: null,
          deliveries: recipients.map((to) => ({ channelId: email.id, recipient: to, template: 'incident.notice', payload: { subject: mail.subject, text: mail.text, html: mail.html, severity: 'high' as const, meta: { incidentId: id } } })),
        });
      }
      await this.repos.deadlines.markMet(trx, id, 'notice', now);
      await this.event(trx, actor, id, now, 'notice_sent', note?.trim() || null, { recipients: mail?.recipients ?? [] });
      await this.audit.record(trx, actor, { action: 'incident.notice', entityType: 'incident', entityId: id, agencyId: inc.reporting_agency_id, summary: inc.number });
    });
  }
}
