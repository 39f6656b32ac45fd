import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contactTargets, dedupeTargets } from '../alerting/recipient-plan.ts';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../io/clock.ts';
import { outboundFor, renderMessage } from '../notifications/templates/render-message.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { VulnWarningRepository } from '../repositories/vuln-warning.repository.ts';
import type { VulnWarningTargetRepository } from '../repositories/vuln-warning-target.repository.ts';
import type { AlertIntakeService } from './alert-intake.service.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';
import { overdueKey, vnToday } from './vuln-warning-target.service.ts';

/**
 * The warning's clock, run by the `vuln-warnings` job: a reminder to each agency that still has
 * open systems `remind_before_hours` before the deadline; after it, an `vuln.overdue` alert per
 * agency through the alert intake (so the routing and escalation policies decide who is paged,
 * as for an overdue incident); and risk acceptances that ended go back to "affected". Each
 * reminder and escalation happens once per agency.
 */
export class VulnWarningReminderService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { warnings: VulnWarningRepository; targets: VulnWarningTargetRepository; recipients: AlertRecipientRepository },
    private readonly intake: AlertIntakeService,
    private readonly outbox: NotificationOutboxService,
    private readonly clock: Clock,
    private readonly opts: { publicUrl: string; organization: string },
  ) {}

  async run(limit = 100): Promise<{ reminded: number; escalated: number; reopened: number }> {
    const reopened = await this.reopenExpired(limit);
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const due = await this.repos.warnings.dueAgencies(trx, now, limit);
      const defaults = await this.repos.recipients.defaultChannels(trx);
      let reminded = 0;
      let escalated = 0;
      for (const d of due) {
        const open = Number(d.open_count ?? 0);
        const viewLink = `${this.opts.publicUrl.replace(/\/+$/, '')}/warnings/${d.warning_id}`;
        if (!d.reminded_at && d.deadline > now) {
          if (open > 0) {
            const total = (await this.repos.targets.list(trx, { warningId: d.warning_id, scope: { all: true }, agencyId: d.agency_id })).length;
            const contacts = await this.repos.recipients.contacts(trx, [d.agency_id]);
            const targets = dedupeTargets(contacts.flatMap((c) => contactTargets(c, defaults)));
            const deliveries = targets.map((t) => {
              const r = renderMessage({
                key: 'warning.reminder', locale: 'vi', severity: 'medium',
                data: { recipientName: t.name, organization: this.opts.organization, warningNumber: d.number, title: d.title, agencyName: d.agency_name, openCount: open, systemCount: total, deadline: d.deadline, viewLink },
              });
              const { id: _i, to: _t, ...payload } = outboundFor(t.channelKind, r, { id: '', to: t.address, severity: 'medium', links: { view: viewLink }, meta: { warningId: d.warning_id, agencyId: d.agency_id } });
              return { channelId: t.channelId, recipient: t.address, template: 'warning.reminder', payload };
            });
            if (deliveries.length) await this.outbox.enqueueNotifications(trx, { alertId: null, deliveries });
            reminded++;
          }
          await this.repos.warnings.updateAgency(trx, d.warning_id, d.agency_id, { reminded_at: now });
        }
        if (!d.escalated_at && d.deadline <= now) {
          if (open > 0) {
            await this.intake.openMany(trx, [{
              id: randomUUID(), dedup_key: overdueKey(d.warning_id, d.agency_id), monitor_id: null, system_id: null, agency_id: d.agency_id,
              kind: 'vuln.overdue', severity: 'high', status: 'open', opened_at: now, resolved_at: null, source: 'external',
              summary: `Quá hạn xử lý cảnh báo lỗ hổng ${d.number}: ${open} hệ thống của ${d.agency_name} chưa xử lý xong`.slice(0, 500),
              details: { warningId: d.warning_id, open, deadline: d.deadline.toISOString() },
            }]);
            escalated++;
          }
          await this.repos.warnings.updateAgency(trx, d.warning_id, d.agency_id, { escalated_at: now, ...(d.reminded_at ? {} : { reminded_at: now }) });
        }
      }
      return { reminded, escalated, reopened };
    });
  }

  /** Risk accepted until a day that has passed: the system is affected again, and counts as open. */
  private async reopenExpired(limit: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const rows = await this.repos.targets.expiredRisk(trx, vnToday(now), limit);
      for (const t of rows) {
        await this.repos.targets.update(trx, t.id, { status: 'affected', risk_approver: null, risk_expires_on: null, reason: null, updated_at: now, updated_by: null });
        await this.repos.targets.addEvent(trx, {
          id: randomUUID(), target_id: t.id, at: now, actor_id: null, actor_label: 'Vigil', from_status: 'risk_accepted', to_status: 'affected',
          data: { note: `Hết hạn chấp nhận rủi ro (${t.risk_expires_on}, phê duyệt: ${t.risk_approver})` },
        });
        // Past the deadline, the agency is overdue again: let the job raise its alert anew.
        await this.repos.warnings.reopenEscalation(trx, t.warning_id, t.agency_id, now);
      }
      return rows.length;
    });
  }
}
