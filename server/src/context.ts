import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';
import { systemClock, type Clock } from './io/clock.ts';
import { argon2Hasher, type PasswordHasher } from './io/password-hasher.ts';
import { AgencyRepository } from './repositories/agency.repository.ts';
import { ApiTokenRepository } from './repositories/api-token.repository.ts';
import { AuditRepository } from './repositories/audit.repository.ts';
import { ContactRepository } from './repositories/contact.repository.ts';
import { SessionRepository } from './repositories/session.repository.ts';
import { SystemRepository } from './repositories/system.repository.ts';
import { UserRepository } from './repositories/user.repository.ts';
import { AlertRepository } from './repositories/alert.repository.ts';
import { JobRepository } from './repositories/job.repository.ts';
import { AlertPeriodRepository } from './repositories/alert-period.repository.ts';
import { DutyRosterRepository } from './repositories/duty-roster.repository.ts';
import { MaintenanceWindowRepository } from './repositories/maintenance-window.repository.ts';
import { MonitorEventRepository } from './repositories/monitor-event.repository.ts';
import { MonitorLeaseRepository } from './repositories/monitor-lease.repository.ts';
import { MonitorRollupRepository } from './repositories/monitor-rollup.repository.ts';
import { MonitorSampleRepository } from './repositories/monitor-sample.repository.ts';
import { MonitorRepository } from './repositories/monitor.repository.ts';
import { PageAnalysisRepository } from './repositories/page-analysis.repository.ts';
import { PageBlobRepository } from './repositories/page-blob.repository.ts';
import { NotificationOutboxRepository } from './repositories/notification-outbox.repository.ts';
import { ServerSecretRepository } from './repositories/server-secret.repository.ts';
import { SigningKeys } from './services/signing-keys.service.ts';
import { makeAlerting, type Alerting } from './context-alerting.ts';
import { makeIncidents, type Incidents } from './context-incidents.ts';
import { makeVulns, type Vulns } from './context-vulns.ts';
import { NotificationOutboxService } from './services/notification-outbox.service.ts';
import { NotificationChannelRepository } from './repositories/notification-channel.repository.ts';
import { NotificationPreferenceRepository } from './repositories/notification-preference.repository.ts';
import { NotificationTemplateRepository } from './repositories/notification-template.repository.ts';
import { NotificationChannelService } from './services/notification-channel.service.ts';
import { NotificationPreferenceService } from './services/notification-preference.service.ts';
import { NotificationTemplateService } from './services/notification-template.service.ts';
import { JobService } from './jobs/job.service.ts';
import { defaultProbes, retentionWindows } from './monitoring/engine-defaults.ts';
import { ContentEvidenceWriter } from './monitoring/content/content-evidence-writer.ts';
import type { PageRenderer } from './monitoring/content/page-renderer.ts';
import { MonitorBus } from './monitoring/monitor-bus.ts';
import type { ProbeMap } from './monitoring/types.ts';
import { DutyRosterService } from './services/duty-roster.service.ts';
import { DutyCalendarFeedService } from './services/duty-calendar-feed.service.ts';
import { DutyPeopleService } from './services/duty-people.service.ts';
import { DutyReportService } from './services/duty-report.service.ts';
import { DutyReportRepository } from './repositories/duty-report.repository.ts';
import { MaintenanceService } from './services/maintenance.service.ts';
import { MonitorViewService } from './services/monitor-view.service.ts';
import { MonitorService } from './services/monitor.service.ts';
import { AgencyService } from './services/agency.service.ts';
import { ApiTokenService } from './services/api-token.service.ts';
import { AuditService } from './services/audit.service.ts';
import { AuthService } from './services/auth.service.ts';
import { ContactService } from './services/contact.service.ts';
import { ContentAnalysisService } from './services/content-analysis.service.ts';
import { ExportService } from './services/export.service.ts';
import { ImportService } from './services/import.service.ts';
import { SystemService } from './services/system.service.ts';
import { UserService } from './services/user.service.ts';

/**
 * The composition root: builds every repository and service once, wiring in the I/O
 * (database, clock, password hasher). The HTTP layer, the CLI and the tests all start here.
 */
export interface AppContext {
  config: Config;
  database: Database;
  clock: Clock;
  hasher: PasswordHasher;
  repos: ReturnType<typeof makeRepos>;
  audit: AuditService;
  auth: AuthService;
  users: UserService;
  tokens: ApiTokenService;
  agencies: AgencyService;
  systems: SystemService;
  contacts: ContactService;
  importer: ImportService;
  exporter: ExportService;
  /** The probes monitors are validated against and checked with. */
  probes: ProbeMap;
  /** In-process engine notifications (check done, state changed), e.g. for server-sent events. */
  monitorBus: MonitorBus;
  monitors: MonitorService;
  /** Monitors as the list and page show them (uptime, sparkline). */
  monitorViews: MonitorViewService;
  maintenance: MaintenanceService;
  jobs: JobService;
  /** Content-integrity detections: list, evidence, review. */
  contentAnalysis: ContentAnalysisService;
  /** Where workers store content checks' snapshots and analyses. */
  contentEvidence: ContentEvidenceWriter;
  /** Headless browser for content monitors' rendered check; null when off (VIGIL_RENDER_CONCURRENCY=0). */
  renderer: PageRenderer | null;
  /** The notification outbox: enqueue inside the alert's transaction, delivery log, dead letters. */
  notificationOutbox: NotificationOutboxService;
  /** Notification channels (administrators), write-only secrets, test sends. */
  notificationChannels: NotificationChannelService;
  /** Each user's channels in order, quiet hours, time zone. */
  notificationPreferences: NotificationPreferenceService;
  /** Administrator overrides of the message templates. */
  notificationTemplates: NotificationTemplateService;
  /** Alert periods, duty rosters, coverage checks, who is on duty, calendar feeds. */
  duty: DutyRosterService;
  /** HMAC keys for self-authorising links (acknowledgement, calendar feeds, roll-call answers). */
  signingKeys: SigningKeys;
  /** Alert intake, grouping, escalation, lifecycle, acknowledgement links, roll calls (context-alerting.ts). */
  alerting: Alerting;
  /** Incident reporting, workflow, deadlines (context-incidents.ts). */
  incidents: Incidents;
  /** Vulnerability feeds, the advisory catalogue, matching, warning campaigns (context-vulns.ts). */
  vulns: Vulns;
  /** The daily duty report of an alert period (JSON and DOCX). */
  dutyReports: DutyReportService;
  /** Signed calendar-feed links and the feeds behind them. */
  dutyCalendarFeeds: DutyCalendarFeedService;
  /** People a roster can be staffed with. */
  dutyPeople: DutyPeopleService;
}

function makeRepos() {
  return {
    agencies: new AgencyRepository(),
    users: new UserRepository(),
    sessions: new SessionRepository(),
    tokens: new ApiTokenRepository(),
    audit: new AuditRepository(),
    systems: new SystemRepository(),
    contacts: new ContactRepository(),
    monitors: new MonitorRepository(),
    monitorLeases: new MonitorLeaseRepository(),
    monitorSamples: new MonitorSampleRepository(),
    monitorRollups: new MonitorRollupRepository(),
    monitorEvents: new MonitorEventRepository(),
    alerts: new AlertRepository(),
    maintenanceWindows: new MaintenanceWindowRepository(),
    jobs: new JobRepository(),
    pageAnalyses: new PageAnalysisRepository(),
    pageBlobs: new PageBlobRepository(),
    notificationOutbox: new NotificationOutboxRepository(),
    notificationChannels: new NotificationChannelRepository(),
    notificationPreferences: new NotificationPreferenceRepository(),
    notificationTemplates: new NotificationTemplateRepository(),
    alertPeriods: new AlertPeriodRepository(),
    dutyRosters: new DutyRosterRepository(),
    serverSecrets: new ServerSecretRepository(),
    dutyReport: new DutyReportRepository(),
  };
}

export function createContext(opts: { config: Config; database: Database; clock?: Clock; hasher?: PasswordHasher; probes?: ProbeMap; renderer?: PageRenderer | null }): AppContext {
  const { config, database } = opts;
  const clock = opts.clock ?? systemClock;
  const hasher = opts.hasher ?? argon2Hasher();
  const db = database.db;
  const repos = makeRepos();
  const audit = new AuditService(repos.audit, clock);
  const agencies = new AgencyService(db, repos.agencies, audit, clock);
  const systems = new SystemService(db, repos.systems, repos.agencies, audit, clock);
  const contacts = new ContactService(db, repos.contacts, repos.agencies, audit, clock);
  const probes = opts.probes ?? defaultProbes(process.env, { renderer: opts.renderer });
  const monitorBus = new MonitorBus();
  const monitors = new MonitorService(
    db,
    {
      monitors: repos.monitors, systems: repos.systems, agencies: repos.agencies, events: repos.monitorEvents,
      samples: repos.monitorSamples, rollups: repos.monitorRollups, alerts: repos.alerts,
    },
    audit,
    clock,
    probes,
    { minIntervalSeconds: config.monitorMinIntervalSeconds, retention: retentionWindows(config) },
  );
  const duty = new DutyRosterService(db, { periods: repos.alertPeriods, rosters: repos.dutyRosters, agencies: repos.agencies, users: repos.users }, audit, clock);
  const signingKeys = new SigningKeys(db, repos.serverSecrets, config.signingSecret || null);
  const notificationOutbox = new NotificationOutboxService(db, repos.notificationOutbox, undefined, audit);
  const alerting = makeAlerting({
    db, config, clock, audit, outbox: notificationOutbox, contacts, signingKeys,
    repos: { alerts: repos.alerts, agencies: repos.agencies, users: repos.users, systems: repos.systems, alertPeriods: repos.alertPeriods, dutyRosters: repos.dutyRosters },
  });
  const incidents = makeIncidents({
    db, config, clock, audit, outbox: notificationOutbox, intake: alerting.alertIntake, alertGroups: alerting.alertGroups,
    repos: { agencies: repos.agencies, systems: repos.systems, users: repos.users, recipients: alerting.repos.alertRecipients, analyses: repos.pageAnalyses, blobs: repos.pageBlobs },
  });
  const vulns = makeVulns({
    db, config, clock, audit, outbox: notificationOutbox, intake: alerting.alertIntake, keys: signingKeys, systems, recipients: alerting.repos.alertRecipients,
  });
  return {
    config,
    database,
    clock,
    hasher,
    repos,
    audit,
    auth: new AuthService(db, repos.users, repos.sessions, repos.tokens, audit, hasher, clock, config),
    users: new UserService(db, repos.users, repos.agencies, repos.sessions, audit, hasher, clock),
    tokens: new ApiTokenService(db, repos.tokens, audit, clock),
    agencies,
    systems,
    contacts,
    importer: new ImportService(db, repos, audit, clock, {
      limits: { maxFileBytes: config.uploadMaxBytes },
      services: { agencies, systems, contacts },
    }),
    exporter: new ExportService(db, repos, clock),
    probes,
    monitorBus,
    monitors,
    monitorViews: new MonitorViewService(db, monitors, repos.monitorSamples, () => clock.now()),
    maintenance: new MaintenanceService(
      db,
      { windows: repos.maintenanceWindows, monitors: repos.monitors, systems: repos.systems, agencies: repos.agencies },
      audit,
      clock,
      monitorBus,
    ),
    jobs: new JobService(db, repos.jobs),
    renderer: opts.renderer ?? null,
    contentAnalysis: new ContentAnalysisService(
      db,
      { analyses: repos.pageAnalyses, blobs: repos.pageBlobs, monitors: repos.monitors, agencies: repos.agencies, alerts: repos.alerts },
      audit,
      clock,
    ),
    contentEvidence: new ContentEvidenceWriter(db, { analyses: repos.pageAnalyses, blobs: repos.pageBlobs }),
    notificationOutbox,
    notificationChannels: new NotificationChannelService(db, repos.notificationChannels, audit, clock, { testTimeoutMs: config.notifyTimeoutMs }),
    notificationPreferences: new NotificationPreferenceService(
      db, { preferences: repos.notificationPreferences, channels: repos.notificationChannels }, audit, clock, { testTimeoutMs: config.notifyTimeoutMs },
    ),
    notificationTemplates: new NotificationTemplateService(db, repos.notificationTemplates, audit, clock),
    duty,
    signingKeys,
    alerting,
    incidents,
    vulns,
    dutyReports: new DutyReportService(db, { report: repos.dutyReport, users: repos.users, agencies: repos.agencies }, duty, clock),
    dutyCalendarFeeds: new DutyCalendarFeedService(db, repos.users, duty, signingKeys, config.publicUrl),
    dutyPeople: new DutyPeopleService(db, { users: repos.users, agencies: repos.agencies }),
  };
}
