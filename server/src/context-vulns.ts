import type { Kysely } from 'kysely';
import type { Config } from './config/config.ts';
import type { DB } from './db/schema.ts';
import type { Clock } from './io/clock.ts';
import { createFeedFetcher, type FeedFetcher } from './io/feed-fetcher.ts';
import { AdvisoryImportRepository } from './repositories/advisory-import.repository.ts';
import { AdvisoryRepository } from './repositories/advisory.repository.ts';
import type { AlertRecipientRepository } from './repositories/alert-recipient.repository.ts';
import { AppSettingRepository } from './repositories/app-setting.repository.ts';
import { SystemVulnerabilityRepository } from './repositories/system-vulnerability.repository.ts';
import { VulnWarningTargetRepository } from './repositories/vuln-warning-target.repository.ts';
import { VulnWarningRepository } from './repositories/vuln-warning.repository.ts';
import { AdvisoryCatalogueService } from './services/advisory-catalogue.service.ts';
import { AdvisoryImportService } from './services/advisory-import.service.ts';
import { AdvisoryMatchService } from './services/advisory-match.service.ts';
import type { AlertIntakeService } from './services/alert-intake.service.ts';
import type { AuditService } from './services/audit.service.ts';
import type { NotificationOutboxService } from './services/notification-outbox.service.ts';
import type { SigningKeys } from './services/signing-keys.service.ts';
import type { SystemService } from './services/system.service.ts';
import { VulnWarningAckLinkService } from './services/vuln-warning-ack-link.service.ts';
import { VulnWarningDocumentService } from './services/vuln-warning-document.service.ts';
import { VulnWarningReminderService } from './services/vuln-warning-reminder.service.ts';
import { VulnWarningSendService } from './services/vuln-warning-send.service.ts';
import { VulnWarningTargetService } from './services/vuln-warning-target.service.ts';
import { VulnWarningService } from './services/vuln-warning.service.ts';

/** The vulnerability-warning part of the composition root (context.ts). */
export function makeVulns(d: {
  db: Kysely<DB>; config: Config; clock: Clock; audit: AuditService; outbox: NotificationOutboxService; intake: AlertIntakeService; keys: SigningKeys;
  systems: SystemService; recipients: AlertRecipientRepository; fetcher?: FeedFetcher;
}) {
  const repos = {
    advisories: new AdvisoryRepository(), imports: new AdvisoryImportRepository(), vulns: new SystemVulnerabilityRepository(),
    warnings: new VulnWarningRepository(), targets: new VulnWarningTargetRepository(), settings: new AppSettingRepository(),
  };
  const links = { publicUrl: d.config.publicUrl, organization: d.config.organizationName };
  const matcher = new AdvisoryMatchService(d.db, { advisories: repos.advisories, vulns: repos.vulns, systems: d.systems }, d.clock);
  const fetcher = d.fetcher ?? createFeedFetcher({ maxBytes: d.config.feedMaxBytes, allowLoopbackForTests: d.config.monitorAllowLoopback });
  const catalogue = new AdvisoryCatalogueService(d.db, repos, matcher);
  const warnings = new VulnWarningService(d.db, repos, catalogue, matcher, d.audit, d.clock);
  const documents = new VulnWarningDocumentService(d.db, repos, warnings, d.clock, links);
  const targets = new VulnWarningTargetService(d.db, repos, warnings, d.intake, d.audit, d.clock);
  return {
    repos,
    matcher,
    catalogue,
    imports: new AdvisoryImportService(d.db, repos, fetcher, d.audit, d.clock, { maxBytes: d.config.feedMaxBytes, rematch: matcher }),
    warnings,
    documents,
    sender: new VulnWarningSendService(d.db, { ...repos, recipients: d.recipients }, warnings, documents, d.outbox, d.keys, d.audit, d.clock, links),
    targets,
    ackLinks: new VulnWarningAckLinkService(d.db, repos, targets, d.keys, d.clock),
    reminders: new VulnWarningReminderService(d.db, { ...repos, recipients: d.recipients }, d.intake, d.outbox, d.clock, links),
  };
}

export type Vulns = ReturnType<typeof makeVulns>;
