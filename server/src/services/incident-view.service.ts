import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { deadlineState } from '../incidents/deadlines.ts';
import { availableTransitions, type IncidentStatus, type ResponsePhase } from '../incidents/workflow.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { IncidentDeadlineRepository } from '../repositories/incident-deadline.repository.ts';
import type { IncidentRepository, IncidentWithNames } from '../repositories/incident.repository.ts';
import type { IncidentWorkflowService } from './incident-workflow.service.ts';

/** Incidents as the list, the overdue board and the incident page show them. */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toIncidentDto(i: IncidentWithNames) {
  return {
    id: i.id, number: i.number, title: i.title, agencyId: i.reporting_agency_id, agencyName: i.agency_name, reportedBy: i.reporter_name,
    type: i.type, cause: i.cause, causeDetail: i.cause_detail, description: i.description, detectedAt: i.detected_at.toISOString(),
    detectionMethod: i.detection_method, detectionDetail: i.detection_detail, handled: i.handled, alreadyNotified: i.already_notified,
    seriousChecklist: i.serious_checklist, serious: i.serious, priority: i.priority, tlp: i.tlp, confidential: i.confidential,
    status: i.status, phase: i.phase, form03: i.form03, form04: i.form04, receivedAt: i.received_at.toISOString(),
    receiptAcknowledgedAt: i.receipt_acknowledged_at.toISOString(), responseEndedAt: iso(i.response_ended_at), closedAt: iso(i.closed_at),
    assigneeId: i.assignee_id, assigneeName: i.assignee_name, team: i.team, alertGroupId: i.alert_group_id,
  };
}

export class IncidentViewService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { incidents: IncidentRepository; deadlines: IncidentDeadlineRepository; agencies: AgencyRepository },
    private readonly workflow: IncidentWorkflowService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: { status?: string; type?: string; agencyId?: string; overdue?: boolean; limit: number; offset: number }) {
    const scope = readScope(actor);
    let agencyPath: string | undefined;
    if (q.agencyId) {
      const a = await this.repos.agencies.findById(this.db, q.agencyId);
      if (!a || !inScope(scope, a.path)) return { items: [], total: 0 };
      agencyPath = a.path;
    }
    const now = this.clock.now();
    const r = await this.repos.incidents.list(this.db, { scope, viewerId: actor.userId, viewerIsAdmin: actor.role === 'admin', status: q.status, type: q.type, agencyPath, overdue: q.overdue, now, limit: q.limit, offset: q.offset });
    const items = [];
    for (const i of r.items) {
      const deadlines = await this.repos.deadlines.deadlines(this.db, i.id);
      const open = deadlines.filter((d) => !d.met_at).sort((a, b) => a.due_at.getTime() - b.due_at.getTime())[0];
      items.push({ ...toIncidentDto(i), nextDeadline: open ? { key: open.key, label: open.label, dueAt: open.due_at.toISOString(), state: deadlineState({ dueAt: open.due_at, metAt: null }, now) } : null });
    }
    return { items, total: r.total };
  }

  async get(actor: Actor, id: string) {
    const inc = await this.workflow.visible(this.db, actor, id);
    const now = this.clock.now();
    const [systems, events, tasks, deadlines, access] = await Promise.all([
      this.repos.incidents.systems(this.db, id),
      this.repos.incidents.events(this.db, id),
      this.repos.incidents.tasks(this.db, id),
      this.repos.deadlines.deadlines(this.db, id),
      this.repos.incidents.accessList(this.db, id),
    ]);
    return {
      incident: toIncidentDto(inc),
      systems: systems.map((s) => ({ id: s.id, name: s.name, securityLevel: s.security_level, criticalNational: s.critical_national })),
      events: events.map((e) => ({ id: Number(e.id), at: e.at.toISOString(), type: e.type, actorName: e.actor_name ?? e.actor_label, text: e.text, data: e.data })),
      tasks: tasks.map((t) => ({ id: t.id, phase: t.phase, title: t.title, assigneeId: t.assignee_id, assigneeName: t.assignee_name, dueAt: iso(t.due_at), doneAt: iso(t.done_at), overdue: !t.done_at && !!t.due_at && t.due_at <= now })),
      deadlines: deadlines.map((d) => ({ key: d.key, label: d.label, dueAt: d.due_at.toISOString(), metAt: iso(d.met_at), remindedAt: iso(d.reminded_at), state: deadlineState({ dueAt: d.due_at, metAt: d.met_at }, now) })),
      access: access.map((a) => ({ id: a.id, name: a.display_name })),
      transitions: availableTransitions({ status: inc.status as IncidentStatus, phase: inc.phase as ResponsePhase | null }),
    };
  }
}
