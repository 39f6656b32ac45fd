import type { ColumnType, Generated } from 'kysely';
import type {
  AlertGroupEventTable, AlertGroupTable, EscalationPolicyTable, NotificationTemplateTable, RollCallTable, RollCallTargetTable,
  RoutingRuleTable, ServerSecretTable, UserNotificationRuleTable,
} from './schema-alert-groups.ts';
import type {
  AppSettingTable, AttachmentBlobTable, IncidentAccessTable, IncidentAttachmentTable, IncidentCounterTable, IncidentDeadlineTable, IncidentEventTable, IncidentObservableTable,
  IncidentSystemTable, IncidentTable, IncidentTaskTable, JurisdictionTable, PlaybookTable,
} from './schema-incidents.ts';
import type {
  AdvisoryImportTable, AdvisoryTable, SystemVulnerabilityTable, VulnWarningAdvisoryTable, VulnWarningAgencyTable, VulnWarningTable, VulnWarningTargetEventTable,
  VulnWarningTargetTable, WarningCounterTable,
} from './schema-vulns.ts';
import type { AlertPeriodTable, DutyHandoverNoteTable, DutyRosterTable, NotificationAttemptTable, NotificationChannelTable, NotificationOutboxTable } from './schema-alerting.ts';

export type * from './schema-alerting.ts';
export type * from './schema-alert-groups.ts';
export type * from './schema-incidents.ts';
export type * from './schema-vulns.ts';

/** Kysely's view of the tables in ../../migrations. Keep in step with the SQL. */

type Json<T> = ColumnType<T, string, string>;

export interface AgencyTable {
  id: string;
  parent_id: string | null;
  path: string;
  depth: number;
  code: string;
  name: string;
  kind: string;
  address: string | null;
  intake_email: string | null;
  intake_phone: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  agency_id: string | null;
  password_hash: string;
  must_change_password: boolean;
  totp_secret: string | null;
  totp_enabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
  locale: string;
  /** The user's QuietHours (server/src/notifications/quiet-hours.ts), or null. */
  quiet_hours: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  time_zone: Generated<string>;
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface InformationSystemTable {
  id: string;
  name: string;
  description: string | null;
  owner_agency_id: string;
  operator_agency_id: string | null;
  security_level: number;
  critical_national: boolean;
  urls: Json<string[]>;
  domains: Json<string[]>;
  ip_addresses: Json<string[]>;
  hosting_provider: string | null;
  tags: Json<string[]>;
  /**
   * Set by administrators only: the system's monitors may reach private addresses. Optional
   * here so the registry's row types need not carry it (the column defaults to false).
   */
  internal?: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface SystemSoftwareTable {
  id: string;
  system_id: string;
  vendor: string;
  product: string;
  version: string | null;
  cpe: string | null;
  position: number;
}

export interface ContactPointTable {
  id: string;
  agency_id: string;
  priority: string;
  availability: string;
  name: string;
  title: string | null;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  messaging: Json<Record<string, string>>;
  last_verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface ContactPointHistoryTable {
  id: Generated<number>;
  contact_point_id: string;
  agency_id: string;
  action: string;
  changed_at: Date;
  changed_by: string | null;
  changed_by_label: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export interface AuditLogTable {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  agency_id: string | null;
  summary: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export type MonitorState = 'up' | 'degraded' | 'down' | 'unknown';

export interface MonitorTable {
  id: string;
  system_id: string;
  agency_id: string;
  kind: string;
  name: string;
  target: string;
  settings: Json<Record<string, unknown>>;
  interval_seconds: number;
  timeout_ms: number;
  failure_threshold: number;
  paused: boolean;
  next_due_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  state: MonitorState;
  state_reason: string | null;
  state_since: Date | null;
  consecutive_failures: number;
  flapping: boolean;
  recent_transitions: Json<number[]>;
  alert_kinds: Json<string[]>;
  last_checked_at: Date | null;
  last_latency_ms: number | null;
  tls_days_left: number | null;
  last_result: Json<Record<string, unknown>> | null;
  baseline: Json<Record<string, unknown>> | null;
  created_at: Date;
  updated_at: Date;
}

export interface MonitorEventTable {
  id: Generated<number>;
  monitor_id: string;
  system_id: string;
  agency_id: string;
  at: Date;
  from_state: string;
  to_state: string;
  reason: string | null;
  flapping: boolean;
  suppressed: boolean;
  details: Json<Record<string, unknown>> | null;
}

export interface MonitorSampleTable {
  monitor_id: string;
  checked_at: Date;
  latency_ms: number | null;
  /** 0 up, 1 degraded, 2 down. */
  status: number;
}

export interface MonitorRollupTable {
  monitor_id: string;
  /** 1 = hour of minute slots, 2 = day of hour slots, 3 = month of day slots. */
  level: number;
  bucket_start: Date;
  slots: Uint8Array;
}

export interface AlertTable {
  id: string;
  dedup_key: string;
  monitor_id: string | null;
  system_id: string | null;
  agency_id: string | null;
  kind: string;
  severity: string;
  status: string;
  opened_at: Date;
  resolved_at: Date | null;
  summary: string;
  details: Json<Record<string, unknown>>;
  group_id: ColumnType<string | null, string | null | undefined, string | null>;
  source: Generated<string>;
  occurrences: Generated<number>;
  last_seen_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface MaintenanceWindowTable {
  id: string;
  scope: string;
  monitor_id: string | null;
  system_id: string | null;
  agency_id: string;
  title: string;
  kind: string;
  starts_at: Date | null;
  ends_at: Date | null;
  weekdays: Json<number[]> | null;
  start_time: string | null;
  duration_minutes: number | null;
  time_zone: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface JobTable {
  name: string;
  interval_ms: number;
  lock_kind: string;
  lease_owner: string | null;
  lease_until: Date | null;
  next_run_at: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_success_at: Date | null;
  last_status: string | null;
  last_error: string | null;
  last_duration_ms: number | null;
  runs: Generated<number>;
  failures: Generated<number>;
  state: Json<Record<string, unknown>>;
  details: Json<Record<string, unknown>> | null;
  updated_at: Generated<Date>;
}

export interface PageBlobTable {
  sha256: string;
  content_type: string;
  size: number;
  bytes: Uint8Array;
  created_at: Date;
  last_referenced_at: Date;
}

export type ReviewStatus = 'new' | 'confirmed' | 'dismissed';

export interface PageAnalysisTable {
  id: string;
  monitor_id: string;
  system_id: string;
  agency_id: string;
  at: Date;
  url: string;
  fetches: Json<unknown[]>;
  snapshot_sha256: string | null;
  screenshot_sha256: string | null;
  title: string | null;
  alarm: boolean;
  kind: string | null;
  score: number | null;
  severity: string | null;
  reasons: Json<unknown[]>;
  detectors: Json<unknown[]>;
  diff: Json<Record<string, unknown>> | null;
  error: string | null;
  analysis_ms: number | null;
  profile: Json<Record<string, unknown>> | null;
  review_status: ReviewStatus;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  alert_id: string | null;
}

export interface DB {
  agencies: AgencyTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  information_systems: InformationSystemTable;
  system_software: SystemSoftwareTable;
  contact_points: ContactPointTable;
  contact_point_history: ContactPointHistoryTable;
  audit_log: AuditLogTable;
  monitors: MonitorTable;
  monitor_events: MonitorEventTable;
  monitor_samples: MonitorSampleTable;
  monitor_rollups: MonitorRollupTable;
  alerts: AlertTable;
  maintenance_windows: MaintenanceWindowTable;
  jobs: JobTable;
  page_blobs: PageBlobTable;
  page_analyses: PageAnalysisTable;
  notification_channels: NotificationChannelTable;
  notification_outbox: NotificationOutboxTable;
  notification_attempts: NotificationAttemptTable;
  alert_periods: AlertPeriodTable;
  duty_rosters: DutyRosterTable;
  duty_handover_notes: DutyHandoverNoteTable;
  server_secrets: ServerSecretTable;
  escalation_policies: EscalationPolicyTable;
  routing_rules: RoutingRuleTable;
  alert_groups: AlertGroupTable;
  alert_group_events: AlertGroupEventTable;
  user_notification_rules: UserNotificationRuleTable;
  notification_templates: NotificationTemplateTable;
  roll_calls: RollCallTable;
  roll_call_targets: RollCallTargetTable;
  jurisdictions: JurisdictionTable;
  playbooks: PlaybookTable;
  incident_counters: IncidentCounterTable;
  incidents: IncidentTable;
  incident_systems: IncidentSystemTable;
  incident_access: IncidentAccessTable;
  incident_events: IncidentEventTable;
  incident_tasks: IncidentTaskTable;
  incident_deadlines: IncidentDeadlineTable;
  incident_observables: IncidentObservableTable;
  attachment_blobs: AttachmentBlobTable;
  incident_attachments: IncidentAttachmentTable;
  app_settings: AppSettingTable;
  advisories: AdvisoryTable;
  advisory_imports: AdvisoryImportTable;
  system_vulnerabilities: SystemVulnerabilityTable;
  warning_counters: WarningCounterTable;
  vuln_warnings: VulnWarningTable;
  vuln_warning_advisories: VulnWarningAdvisoryTable;
  vuln_warning_agencies: VulnWarningAgencyTable;
  vuln_warning_targets: VulnWarningTargetTable;
  vuln_warning_target_events: VulnWarningTargetEventTable;
}
