import type { Kysely } from 'kysely';
import type { Config } from './config/config.ts';
import type { DB } from './db/schema.ts';
import type { Clock } from './io/clock.ts';
import type { AgencyRepository } from './repositories/agency.repository.ts';
import type { AlertRecipientRepository } from './repositories/alert-recipient.repository.ts';
import { IncidentDeadlineRepository } from './repositories/incident-deadline.repository.ts';
import { IncidentRepository } from './repositories/incident.repository.ts';
import { PlaybookRepository } from './repositories/playbook.repository.ts';
import type { SystemRepository } from './repositories/system.repository.ts';
import type { UserRepository } from './repositories/user.repository.ts';
import type { AlertIntakeService } from './services/alert-intake.service.ts';
import type { AuditService } from './services/audit.service.ts';
import { AppSettingRepository } from './repositories/app-setting.repository.ts';
import { IncidentDocumentService } from './services/incident-document.service.ts';
import { IncidentEvidenceRepository } from './repositories/incident-evidence.repository.ts';
import { IncidentEvidenceService } from './services/incident-evidence.service.ts';
import { IncidentDeadlineService } from './services/incident-deadline.service.ts';
import { IncidentReportService } from './services/incident-report.service.ts';
import type { PageAnalysisRepository } from './repositories/page-analysis.repository.ts';
import type { PageBlobRepository } from './repositories/page-blob.repository.ts';
import type { AlertGroupService } from './services/alert-group.service.ts';
import { IncidentFromAlertService } from './services/incident-from-alert.service.ts';
import { IncidentStatsRepository } from './repositories/incident-stats.repository.ts';
import { IncidentStatsService } from './services/incident-stats.service.ts';
import { IncidentConfigService } from './services/incident-config.service.ts';
import { IncidentViewService } from './services/incident-view.service.ts';
import { IncidentWorkflowService } from './services/incident-workflow.service.ts';
import type { NotificationOutboxService } from './services/notification-outbox.service.ts';

/** The incident part of the composition root (context.ts). */
export function makeIncidents(d: {
  db: Kysely<DB>; config: Config; clock: Clock; audit: AuditService; outbox: NotificationOutboxService; intake: AlertIntakeService; alertGroups: AlertGroupService;
  repos: { agencies: AgencyRepository; systems: SystemRepository; users: UserRepository; recipients: AlertRecipientRepository; analyses: PageAnalysisRepository; blobs: PageBlobRepository };
}) {
  const repos = { stats: new IncidentStatsRepository(), evidence: new IncidentEvidenceRepository(), incidents: new IncidentRepository(), deadlines: new IncidentDeadlineRepository(), playbooks: new PlaybookRepository(), settings: new AppSettingRepository() };
  const workflow = new IncidentWorkflowService(
    d.db, { incidents: repos.incidents, deadlines: repos.deadlines, playbooks: repos.playbooks, users: d.repos.users }, d.audit, d.clock,
    { outbox: d.outbox, recipients: d.repos.recipients },
  );
  const evidence = new IncidentEvidenceService(d.db, { evidence: repos.evidence, incidents: repos.incidents }, workflow, d.audit, d.clock);
  const report = new IncidentReportService(
    d.db, { incidents: repos.incidents, deadlines: repos.deadlines, agencies: d.repos.agencies, systems: d.repos.systems, recipients: d.repos.recipients },
    d.intake, d.outbox, d.audit, d.clock, { publicUrl: d.config.publicUrl, organization: d.config.organizationName },
  );
  return {
    repos,
    workflow,
    report,
    evidence,
    fromAlert: new IncidentFromAlertService(d.db, { analyses: d.repos.analyses, blobs: d.repos.blobs }, d.alertGroups, report, evidence, workflow, d.clock, { organization: d.config.organizationName }),
    deadlines: new IncidentDeadlineService(
      d.db, { deadlines: repos.deadlines, incidents: repos.incidents, recipients: d.repos.recipients }, d.intake, d.outbox, d.clock,
      { publicUrl: d.config.publicUrl, organization: d.config.organizationName },
    ),
    stats: new IncidentStatsService(d.db, repos.stats, d.clock),
    config: new IncidentConfigService(d.db, { playbooks: repos.playbooks, deadlines: repos.deadlines, agencies: d.repos.agencies }, d.audit, d.clock),
    documents: new IncidentDocumentService(d.db, { incidents: repos.incidents, settings: repos.settings }, workflow, d.audit, d.clock),
    view: new IncidentViewService(d.db, { incidents: repos.incidents, deadlines: repos.deadlines, agencies: d.repos.agencies }, workflow, d.clock),
  };
}

export type Incidents = ReturnType<typeof makeIncidents>;
