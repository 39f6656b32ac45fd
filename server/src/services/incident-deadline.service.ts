import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../io/clock.ts';
import { outboundFor, renderMessage } from '../notifications/templates/render-message.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { IncidentDeadlineRepository } from '../repositories/incident-deadline.repository.ts';
import type { IncidentRepository } from '../repositories/incident.repository.ts';
import type { AlertIntakeService } from './alert-intake.service.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';

/**
 * Reminders before a legal deadline and escalation after it. A reminder is an e-mail to the
 * incident's assignee and reporter; an overdue deadline becomes an alert (`incident.overdue`)
 * through the alert intake, so the province's routing and escalation policies decide who is
 * paged, exactly as for a portal going down. Both happen once per deadline.
 */
export const REMIND_BEFORE_HOURS = 24;

export class IncidentDeadlineService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { deadlines: IncidentDeadlineRepository; incidents: IncidentRepository; recipients: AlertRecipientRepository },
    private readonly intake: AlertIntakeService,
    private readonly outbox: NotificationOutboxService,
    private readonly clock: Clock,
    private readonly settings: { publicUrl: string; organization: string },
  ) {}

  async run(limit = 100): Promise<{ reminded: number; escalated: number }> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const due = await this.repos.deadlines.due(trx, now, new Date(now.getTime() + REMIND_BEFORE_HOURS * 3_600_000), limit);
      let reminded = 0;
      let escalated = 0;
      const email = (await this.repos.recipients.defaultChannels(trx)).get('email');
      for (const d of due) {
        const viewLink = `${this.settings.publicUrl.replace(/\/+$/, '')}/incidents/${d.incident_id}`;
        if (!d.reminded_at && d.due_at > now) {
          const inc = (await this.repos.incidents.findById(trx, d.incident_id))!;
          const people = await this.repos.recipients.users(trx, [inc.assignee_id, inc.reported_by].filter((x): x is string => !!x));
          const to = people.filter((p) => p.email && !p.disabled);
          if (email && to.length) {
            const deliveries = to.map((p) => {
              const r = renderMessage({ key: 'incident.deadline', locale: p.locale === 'en' ? 'en' : 'vi', severity: 'medium', data: { recipientName: p.display_name, organization: this.settings.organization, incidentNumber: d.number, title: d.title, deadlineLabel: d.label, dueAt: d.due_at, viewLink } });
              const { id: _i, to: _t, ...payload } = outboundFor('email', r, { id: '', to: p.email!, severity: 'medium', meta: { incidentId: d.incident_id } });
              return { channelId: email.id, recipient: p.email!, userId: p.id, template: 'incident.deadline', payload };
            });
            await this.outbox.enqueueNotifications(trx, { alertId: null, deliveries });
          }
          await this.repos.incidents.addEvent(trx, { incident_id: d.incident_id, at: now, type: 'deadline_reminder', actor_label: 'Vigil', text: d.label, data: { dueAt: d.due_at.toISOString(), recipients: to.map((p) => p.display_name) } });
          await this.repos.deadlines.setReminded(trx, d.id, now);
          reminded += 1;
        }
        if (!d.escalated_at && d.due_at <= now) {
          await this.intake.openMany(trx, [{
            id: randomUUID(), dedup_key: `incident:${d.incident_id}:overdue:${d.key}`, monitor_id: null, system_id: null, agency_id: d.reporting_agency_id,
            kind: 'incident.overdue', severity: 'high', status: 'open', opened_at: now, resolved_at: null, source: 'external',
            summary: `Quá hạn: ${d.label} — sự cố ${d.number}`.slice(0, 500), details: { incidentId: d.incident_id, deadline: d.key, dueAt: d.due_at.toISOString() },
          }]);
          await this.repos.incidents.addEvent(trx, { incident_id: d.incident_id, at: now, type: 'deadline_overdue', actor_label: 'Vigil', text: d.label, data: { dueAt: d.due_at.toISOString() } });
          await this.repos.deadlines.setEscalated(trx, d.id, now);
          escalated += 1;
        }
      }
      return { reminded, escalated };
    });
  }
}
