import type { Kysely } from 'kysely';
import type { Config } from './config/config.ts';
import type { DB } from './db/schema.ts';
import type { Clock } from './io/clock.ts';
import type { AgencyRepository } from './repositories/agency.repository.ts';
import { AlertGroupRepository } from './repositories/alert-group.repository.ts';
import type { AlertPeriodRepository } from './repositories/alert-period.repository.ts';
import { AlertRecipientRepository } from './repositories/alert-recipient.repository.ts';
import type { AlertRepository } from './repositories/alert.repository.ts';
import type { DutyRosterRepository } from './repositories/duty-roster.repository.ts';
import { EscalationPolicyRepository } from './repositories/escalation-policy.repository.ts';
import { RollCallRepository } from './repositories/roll-call.repository.ts';
import type { SystemRepository } from './repositories/system.repository.ts';
import type { UserRepository } from './repositories/user.repository.ts';
import { AlertAckLinkService } from './services/alert-ack-link.service.ts';
import { AlertEscalationService } from './services/alert-escalation.service.ts';
import { AlertGroupService } from './services/alert-group.service.ts';
import { AlertIntakeService } from './services/alert-intake.service.ts';
import type { AuditService } from './services/audit.service.ts';
import type { ContactService } from './services/contact.service.ts';
import { EscalationPolicyService } from './services/escalation-policy.service.ts';
import { ExternalAlertService } from './services/external-alert.service.ts';
import type { NotificationOutboxService } from './services/notification-outbox.service.ts';
import { effectiveTemplate } from './services/notification-template.service.ts';
import { RollCallService } from './services/roll-call.service.ts';
import type { SigningKeys } from './services/signing-keys.service.ts';

/**
 * The alerting part of the composition root (context.ts): intake, grouping, escalation,
 * lifecycle, acknowledgement links, roll calls. Kept apart so context.ts stays a readable map.
 */
export interface AlertingDeps {
  db: Kysely<DB>;
  config: Config;
  clock: Clock;
  audit: AuditService;
  outbox: NotificationOutboxService;
  contacts: ContactService;
  signingKeys: SigningKeys;
  repos: { alerts: AlertRepository; agencies: AgencyRepository; users: UserRepository; systems: SystemRepository; alertPeriods: AlertPeriodRepository; dutyRosters: DutyRosterRepository };
}

export function makeAlerting(d: AlertingDeps) {
  const repos = {
    alertGroups: new AlertGroupRepository(),
    escalationPolicies: new EscalationPolicyRepository(),
    alertRecipients: new AlertRecipientRepository(),
    rollCalls: new RollCallRepository(),
  };
  const settings = { publicUrl: d.config.publicUrl, ackLinkTtlHours: d.config.ackLinkTtlHours };
  const escalation = new AlertEscalationService(
    d.db,
    { groups: repos.alertGroups, policies: repos.escalationPolicies, recipients: repos.alertRecipients, periods: d.repos.alertPeriods, rosters: d.repos.dutyRosters },
    d.outbox, d.signingKeys, d.clock, settings, effectiveTemplate,
  );
  const intake = new AlertIntakeService({ alerts: d.repos.alerts, groups: repos.alertGroups, policies: repos.escalationPolicies }, escalation, d.clock);
  const groups = new AlertGroupService(d.db, { groups: repos.alertGroups, agencies: d.repos.agencies, users: d.repos.users }, d.audit, d.clock);
  return {
    repos,
    alertEscalation: escalation,
    alertIntake: intake,
    alertGroups: groups,
    alertAckLinks: new AlertAckLinkService(d.db, { groups: repos.alertGroups, users: d.repos.users }, groups, d.signingKeys, d.clock),
    externalAlerts: new ExternalAlertService(d.db, { alerts: d.repos.alerts, agencies: d.repos.agencies, systems: d.repos.systems }, intake, d.audit, d.clock),
    escalationPolicies: new EscalationPolicyService(
      d.db, { policies: repos.escalationPolicies, rosters: d.repos.dutyRosters, users: d.repos.users, recipients: repos.alertRecipients }, d.audit, d.clock,
    ),
    rollCalls: new RollCallService(
      d.db, { rollCalls: repos.rollCalls, recipients: repos.alertRecipients, agencies: d.repos.agencies }, d.outbox, d.contacts, d.signingKeys, d.audit, d.clock,
      { publicUrl: d.config.publicUrl }, effectiveTemplate,
    ),
  };
}

export type Alerting = ReturnType<typeof makeAlerting>;
