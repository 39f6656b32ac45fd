import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contactTargets, dedupeTargets, type Target } from '../alerting/recipient-plan.ts';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { isCoordinator } from '../domain/incident-access.ts';
import type { Clock } from '../io/clock.ts';
import { signAckToken } from '../notifications/ack-link.ts';
import { outboundFor, renderMessage } from '../notifications/templates/render-message.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { VulnWarningRepository, WarningRow } from '../repositories/vuln-warning.repository.ts';
import type { TargetRow, VulnWarningTargetRepository } from '../repositories/vuln-warning-target.repository.ts';
import type { WarningFilter } from '../vulns/warnings/warning-filter.ts';
import type { AuditService } from './audit.service.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';
import type { SigningKeys } from './signing-keys.service.ts';
import type { HitSystem } from './vuln-warning-dto.ts';
import type { VulnWarningDocumentService } from './vuln-warning-document.service.ts';
import type { VulnWarningService } from './vuln-warning.service.ts';

/** The warning's acknowledgement link (its page is http/routes/warning-ack.routes.ts). */
export function warningAckUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/warning-ack/${encodeURIComponent(token)}`;
}

/** How long the acknowledgement link in the mail works after the deadline. */
const ACK_GRACE_MS = 30 * 86_400_000;

/**
 * Sending a warning. In one transaction: the number, the CVE list frozen, one target row per
 * system the warning hits (status "received"), one delivery row per agency, and the messages
 * in the outbox — to each agency's contact points by their channels, the e-mail with the
 * agency's own official letter attached and a signed link to acknowledge receipt. Nothing is
 * sent if anything fails, and a committed warning always has its messages.
 */
export class VulnWarningSendService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { warnings: VulnWarningRepository; targets: VulnWarningTargetRepository; recipients: AlertRecipientRepository },
    private readonly warnings: VulnWarningService,
    private readonly documents: VulnWarningDocumentService,
    private readonly outbox: NotificationOutboxService,
    private readonly keys: SigningKeys,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly opts: { publicUrl: string; organization: string },
  ) {}

  async send(actor: Actor, id: string) {
    if (!isCoordinator(actor)) throw new ForbiddenError('Only the coordinating unit sends warnings');
    await this.db.transaction().execute(async (trx) => {
      const w = await this.repos.warnings.find(trx, id, true);
      if (!w) throw new NotFoundError('Warning');
      if (w.status !== 'draft') throw new ConflictError(`This warning was already ${w.status}`, [{ field: '/status', message: `is ${w.status}` }]);
      const now = this.clock.now();
      if (w.deadline <= now) throw new ConflictError('The deadline has passed; set a new one before sending', [{ field: '/deadline', message: 'is in the past' }]);
      const { cves, systems } = await this.warnings.hits(trx, w.filter as WarningFilter);
      if (systems.length === 0) throw new ConflictError('The warning hits no system in the registry; nothing to send', [{ field: '/filter', message: 'matches no system' }]);
      const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(now));
      const number = `CB-${year}-${await this.repos.warnings.nextNumber(trx, year)}`;
      const sent: WarningRow = { ...w, number, status: 'sent', sent_at: now, sent_by: actor.via === 'system' ? null : actor.userId, updated_at: now };
      await this.repos.warnings.update(trx, id, { number, status: 'sent', sent_at: now, sent_by: sent.sent_by, updated_at: now });
      await this.repos.warnings.setAdvisories(trx, id, cves);
      const targets: TargetRow[] = systems.map((s) => ({
        id: randomUUID(), warning_id: id, system_id: s.systemId, agency_id: s.agencyId, match_status: s.matchStatus, cves: s.cves, reasons: s.reasons,
        status: 'received', reason: null, kbs: [], version: null, risk_approver: null, risk_expires_on: null, note: null, acknowledged_at: null, updated_at: now, updated_by: null,
      }));
      await this.repos.targets.insertMany(trx, targets);
      const byAgency = new Map<string, HitSystem[]>();
      for (const s of systems) byAgency.set(s.agencyId, [...(byAgency.get(s.agencyId) ?? []), s]);
      await this.repos.warnings.insertAgencies(trx, [...byAgency.keys()].map((agency_id) => ({ warning_id: id, agency_id })));
      const advisories = await this.documents.advisoryRows(trx, cves);
      let messages = 0;
      for (const [agencyId, list] of byAgency) {
        const letter = await this.documents.letter(trx, sent, { id: agencyId, name: list[0]!.agencyName }, advisories,
          list.map((s) => ({ systemName: s.systemName, agencyName: s.agencyName, matchStatus: s.matchStatus, cves: s.cves, reasons: s.reasons })));
        const recipients = await this.notifyAgency(trx, sent, agencyId, list, cves.length, letter);
        messages += recipients.length;
        // Nobody reachable (no contact point with an address): the board shows the agency as not notified.
        await this.repos.warnings.updateAgency(trx, id, agencyId, { notified_at: recipients.length ? now : null, recipients });
      }
      await this.audit.record(trx, actor, {
        action: 'warning.send', entityType: 'vuln_warning', entityId: id, summary: `${number}: ${w.title}`,
        after: { cves: cves.length, systems: systems.length, agencies: byAgency.size, messages },
      });
    });
    return this.warnings.get(actor, id);
  }

  /** The agency's contact points, each on their channels; returns who was told on what. */
  private async notifyAgency(trx: Executor, w: WarningRow, agencyId: string, systems: HitSystem[], cveCount: number, letter: Buffer) {
    const defaults = await this.repos.recipients.defaultChannels(trx);
    const contacts = await this.repos.recipients.contacts(trx, [agencyId]);
    const key = await this.keys.key('warning', trx);
    const ackLink = warningAckUrl(this.opts.publicUrl, signAckToken({ deliveryId: w.id, recipientId: agencyId, expiresAt: new Date(w.deadline.getTime() + ACK_GRACE_MS) }, key));
    const viewLink = this.documents.viewLink(w.id);
    const told: { name: string; channel: string; address: string }[] = [];
    const deliveries = [];
    const attachment = { filename: `Cong-van-canh-bao-${w.number}.docx`, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', contentBase64: letter.toString('base64') };
    // Two contact points sharing a mailbox get one mail.
    const targets: Target[] = dedupeTargets(contacts.flatMap((c) => contactTargets(c, defaults)));
    for (const t of targets) {
      const r = renderMessage({
        key: 'warning.issued', locale: 'vi', severity: 'high',
        data: {
          recipientName: t.name, organization: this.opts.organization, warningNumber: w.number, title: w.title, agencyName: systems[0]!.agencyName,
          cveCount, systemCount: systems.length, deadline: w.deadline, ackLink, viewLink,
        },
      });
      const { id: _i, to: _t, ...payload } = outboundFor(t.channelKind, r, { id: '', to: t.address, severity: 'high', links: { ack: ackLink, view: viewLink }, meta: { warningId: w.id, agencyId } });
      deliveries.push({ channelId: t.channelId, recipient: t.address, template: 'warning.issued', payload: t.channelKind === 'email' ? { ...payload, attachments: [attachment] } : payload });
      told.push({ name: t.name, channel: t.channelKind, address: t.address });
    }
    if (deliveries.length) await this.outbox.enqueueNotifications(trx, { alertId: null, deliveries });
    return told;
  }
}
