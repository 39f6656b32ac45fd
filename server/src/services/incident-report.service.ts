import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { assertCanWorkIncidents } from '../domain/incident-access.ts';
import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { computeDeadlines, type DeadlineRule } from '../incidents/deadlines.ts';
import type { IncidentReport } from '../contracts/incident.schema.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { IncidentDeadlineRepository } from '../repositories/incident-deadline.repository.ts';
import type { IncidentRepository } from '../repositories/incident.repository.ts';
import type { SystemRepository } from '../repositories/system.repository.ts';
import { outboundFor, renderMessage } from '../notifications/templates/render-message.ts';
import type { AlertIntakeService } from './alert-intake.service.ts';
import type { AuditService } from './audit.service.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';

/**
 * An agency reports an incident (Mẫu 03). In one transaction: the incident with its report
 * number, the affected systems, its legal deadlines from the jurisdiction's rules, the timeline,
 * the automatic acknowledgement of receipt (recorded and mailed to the reporter: the rules say
 * every recipient acknowledges at once), and an alert to the coordinating unit through the alert
 * intake, so its routing and escalation policies decide who is paged.
 */
export interface IncidentReportRepos {
  incidents: IncidentRepository;
  deadlines: IncidentDeadlineRepository;
  agencies: AgencyRepository;
  systems: SystemRepository;
  recipients: AlertRecipientRepository;
}

export const MAX_PAST_YEARS = 5;

export class IncidentReportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: IncidentReportRepos,
    private readonly intake: AlertIntakeService,
    private readonly outbox: NotificationOutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settings: { publicUrl: string; organization: string },
  ) {}

  async report(actor: Actor, input: IncidentReport, opts: { alertGroupId?: string | null; ex?: Executor } = {}): Promise<{ id: string; number: string; receivedAt: Date }> {
    assertCanWorkIncidents(actor);
    const run = async (trx: Executor) => {
      const now = this.clock.now();
      const issues: FieldIssue[] = [];
      const scope = readScope(actor);
      const agency = await this.repos.agencies.findById(trx, input.agencyId);
      if (!agency || !inScope(scope, agency.path)) issues.push({ field: '/agencyId', message: 'no such agency' });
      const detectedAt = new Date(input.detectedAt);
      if (detectedAt.getTime() > now.getTime() + 5 * 60_000) issues.push({ field: '/detectedAt', message: 'is in the future' });
      if (detectedAt.getTime() < now.getTime() - MAX_PAST_YEARS * 366 * 86_400_000) issues.push({ field: '/detectedAt', message: `is more than ${MAX_PAST_YEARS} years ago` });
      const systemIds = [...new Set(input.systemIds ?? [])];
      for (const [i, id] of systemIds.entries()) {
        const s = await this.repos.systems.findById(trx, id);
        if (!s || !inScope(scope, s.owner_agency_path)) issues.push({ field: `/systemIds/${i}`, message: 'no such system' });
      }
      if (input.detectionMethod !== 'ids' && input.detectionMethod !== 'log_review' && !input.detectionDetail?.trim()) {
        issues.push({ field: '/detectionDetail', message: input.detectionMethod === 'notified' ? 'say who notified you' : 'describe how it was detected' });
      }
      if (issues.length) throw new ValidationError('The incident report is not complete', issues);

      const id = randomUUID();
      const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(now));
      const number = `SC-${year}-${String(await this.repos.incidents.nextNumber(trx, year)).padStart(4, '0')}`;
      const jurisdiction = await this.repos.deadlines.jurisdictionFor(trx, agency!.path);
      const { agencyId, systemIds: _s, type, confidential, ...form } = input;
      await this.repos.incidents.insert(trx, {
        id, number, reporting_agency_id: agencyId, reported_by: actor.via === 'system' ? null : actor.userId, title: input.title.trim(),
        type: type ?? null, cause: null, cause_detail: null, description: input.description, detected_at: detectedAt,
        detection_method: input.detectionMethod, detection_detail: input.detectionDetail ?? null, handled: input.handled,
        already_notified: JSON.stringify(input.alreadyNotified), confidential: confidential ?? false, phase: null,
        form03: JSON.stringify({ ...form, agencyName: agency!.name }), received_at: now, receipt_acknowledged_at: now,
        response_ended_at: null, closed_at: null, form04: null, assignee_id: null, team: null, alert_group_id: opts.alertGroupId ?? null,
        jurisdiction_id: jurisdiction?.id ?? null, created_at: now, updated_at: now,
      });
      await this.repos.incidents.setSystems(trx, id, systemIds);
      if (confidential && actor.via !== 'system') await this.repos.incidents.setAccess(trx, id, [actor.userId]);
      const deadlines = computeDeadlines((jurisdiction?.rules ?? []) as DeadlineRule[], { detected_at: detectedAt, received_at: now });
      await this.repos.deadlines.upsertDeadlines(trx, id, deadlines.map((d) => ({ id: randomUUID(), ...d })));
      const label = actor.via === 'system' ? 'Vigil' : actor.username;
      await this.repos.incidents.addEvent(trx, { incident_id: id, at: now, type: 'reported', actor_id: actor.via === 'system' ? null : actor.userId, actor_label: label, text: input.title, data: { number } });
      await this.repos.incidents.addEvent(trx, { incident_id: id, at: now, type: 'receipt_acknowledged', actor_label: this.settings.organization, text: `Đã tiếp nhận báo cáo số ${number}` });
      await this.mailReceipt(trx, { id, number, title: input.title, agencyName: agency!.name, detectedAt, receivedAt: now, to: [input.reporterEmail, input.contactEmail].filter((x): x is string => !!x), name: input.contactName });
      // The coordinating unit hears of it through its own routing and escalation.
      await this.intake.openMany(trx, [{
        id: randomUUID(), dedup_key: `incident:${id}:reported`, monitor_id: null, system_id: systemIds[0] ?? null, agency_id: agencyId, kind: 'incident.reported',
        severity: 'high', status: 'open', opened_at: now, resolved_at: null, source: 'external',
        summary: `Báo cáo sự cố ${number}: ${input.title.trim()}`.slice(0, 500), details: { incidentId: id, number },
      }]);
      await this.audit.record(trx, actor, { action: 'incident.report', entityType: 'incident', entityId: id, agencyId, summary: `${number}: ${input.title}`.slice(0, 200) });
      return { id, number, receivedAt: now };
    };
    return opts.ex ? run(opts.ex) : this.db.transaction().execute(run);
  }

  /** The acknowledgement of receipt, by e-mail on the default e-mail channel (none configured: recorded only). */
  private async mailReceipt(trx: Executor, i: { id: string; number: string; title: string; agencyName: string; detectedAt: Date; receivedAt: Date; to: string[]; name: string }) {
    const email = (await this.repos.recipients.defaultChannels(trx)).get('email');
    if (!email || i.to.length === 0) return;
    const r = renderMessage({
      key: 'incident.received', locale: 'vi', severity: 'info',
      data: { recipientName: i.name, organization: this.settings.organization, incidentNumber: i.number, title: i.title, agencyName: i.agencyName, detectedAt: i.detectedAt, receivedAt: i.receivedAt, viewLink: `${this.settings.publicUrl.replace(/\/+$/, '')}/incidents/${i.id}` },
    });
    const deliveries = [...new Set(i.to.map((t) => t.toLowerCase()))].map((to) => {
      const { id: _i, to: _t, ...payload } = outboundFor('email', r, { id: '', to, severity: 'info', meta: { incidentId: i.id } });
      return { channelId: email.id, recipient: to, template: 'incident.received', payload };
    });
    await this.outbox.enqueueNotifications(trx, { alertId: null, deliveries });
  }
}
