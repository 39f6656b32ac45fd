/**
 * Incidents (Circular 20/2017): shapes of the server's JSON, mirrored by hand from
 * server/src/contracts/incident.schema.ts and services/incident-view.service.ts.
 */

export const INCIDENT_TYPES = ['dos', 'spoofing', 'malware', 'intrusion', 'defacement', 'encryption', 'destruction', 'espionage', 'combined', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export const CAUSES = ['attack', 'fault', 'operator_error', 'natural_disaster', 'unknown'] as const;
export type IncidentCause = (typeof CAUSES)[number];
export const DETECTION_METHODS = ['ids', 'log_review', 'notified', 'other'] as const;
export type DetectionMethod = (typeof DETECTION_METHODS)[number];
export const NOTIFIED_PARTIES = ['member', 'isp', 'vncert'] as const;
export type NotifiedParty = (typeof NOTIFIED_PARTIES)[number];
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentPriority = (typeof PRIORITIES)[number];
export const TLPS = ['clear', 'green', 'amber', 'red'] as const;
export type Tlp = (typeof TLPS)[number];
export const INCIDENT_STATUSES = ['received', 'verifying', 'handling', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const RESPONSE_PHASES = ['contain', 'eradicate', 'recover', 'check'] as const;
export type ResponsePhase = (typeof RESPONSE_PHASES)[number];
export const TASK_PHASES = ['verify', 'contain', 'eradicate', 'recover', 'check', 'review'] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];
/** Decision 05/2017 art. 9: the listed harms, then "beyond the owner's capacity". */
export const SERIOUS_HARMS = ['serviceInterruption', 'secretDataLeak', 'integrityLoss', 'lossOfControl', 'cascadingHarm'] as const;
export const SERIOUS_ITEMS = [...SERIOUS_HARMS, 'beyondOwnerCapacity'] as const;
export type SeriousItem = (typeof SERIOUS_ITEMS)[number];
export type DeadlineState = 'met' | 'met_late' | 'open' | 'due_soon' | 'overdue';
export type TransitionName = 'verify' | 'handle' | 'phase' | 'close' | 'reopen';

/** Mẫu 03, the initial report, as POST /incidents takes it. */
export interface IncidentReportInput {
  agencyId: string;
  title: string;
  reporterAddress?: string;
  reporterPhone?: string;
  reporterEmail: string;
  contactName: string;
  contactTitle?: string;
  contactPhone: string;
  contactEmail?: string;
  operator: string;
  owner?: string;
  systemIds?: string[];
  systemName?: string;
  description: string;
  detectedAt: string;
  handled: boolean;
  detectionMethod: DetectionMethod;
  detectionDetail?: string;
  alreadyNotified: NotifiedParty[];
  alreadyNotifiedOther?: string;
  os?: string;
  services?: string;
  measures?: string;
  publicIps?: string;
  domains?: string;
  confidential?: boolean;
  supportRequested?: string;
}

export interface IncidentReceipt {
  id: string;
  number: string;
  receivedAt: string;
  receiptAcknowledgedAt: string;
}

/** What was stored of Mẫu 03 besides the columns (the reporter's own words). */
export type Form03 = Partial<Omit<IncidentReportInput, 'agencyId' | 'systemIds' | 'confidential'>> & { agencyName?: string };

export interface Form04 {
  title?: string;
  result: string;
  lessons?: string;
  responseEndedAt: string;
  reporterName?: string;
  initialReport: { number: string; date: string };
  submittedAt: string;
}

export interface Incident {
  id: string;
  number: string;
  title: string;
  agencyId: string;
  agencyName: string;
  reportedBy: string | null;
  type: IncidentType | null;
  cause: IncidentCause | null;
  causeDetail: string | null;
  description: string;
  detectedAt: string;
  detectionMethod: DetectionMethod;
  detectionDetail: string | null;
  handled: boolean;
  alreadyNotified: NotifiedParty[];
  seriousChecklist: Partial<Record<SeriousItem, boolean>> | null;
  serious: boolean;
  priority: IncidentPriority | null;
  tlp: Tlp | null;
  confidential: boolean;
  status: IncidentStatus;
  phase: ResponsePhase | null;
  form03: Form03 | null;
  form04: Form04 | null;
  receivedAt: string;
  receiptAcknowledgedAt: string;
  responseEndedAt: string | null;
  closedAt: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  team: string | null;
  alertGroupId: string | null;
}

export interface NextDeadline {
  key: string;
  label: string;
  dueAt: string;
  state: DeadlineState;
}

export interface IncidentListItem extends Incident {
  nextDeadline: NextDeadline | null;
}

export interface IncidentSystem {
  id: string;
  name: string;
  securityLevel: number;
  criticalNational: boolean;
}

export interface IncidentEvent {
  id: number;
  at: string;
  type: string;
  actorName: string | null;
  text: string | null;
  data: Record<string, unknown>;
}

export interface IncidentTask {
  id: string;
  phase: TaskPhase;
  title: string;
  assigneeId: string | null;
  assigneeName: string | null;
  dueAt: string | null;
  doneAt: string | null;
  overdue: boolean;
}

export interface IncidentDeadline {
  key: string;
  label: string;
  dueAt: string;
  metAt: string | null;
  remindedAt: string | null;
  state: DeadlineState;
}

export interface IncidentDetail {
  incident: Incident;
  systems: IncidentSystem[];
  events: IncidentEvent[];
  tasks: IncidentTask[];
  deadlines: IncidentDeadline[];
  access: { id: string; name: string }[];
  transitions: { transition: TransitionName; phase?: ResponsePhase }[];
}

export interface ClosingReportInput {
  title?: string;
  result: string;
  lessons?: string;
  responseEndedAt: string;
  reporterName?: string;
}

export interface ClassificationInput {
  type?: IncidentType;
  cause?: IncidentCause;
  causeDetail?: string | null;
  priority?: IncidentPriority;
  tlp?: Tlp;
  seriousChecklist?: Partial<Record<SeriousItem, boolean>>;
  systemIds?: string[];
  confidential?: boolean;
  accessUserIds?: string[];
  assigneeId?: string | null;
  team?: string | null;
}

/** Evidence: observables (with correlation) and attachments (GET /incidents/:id/evidence). */
export const OBSERVABLE_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export interface Observable {
  id: string;
  type: ObservableType;
  value: string;
  tlp: Tlp | null;
  comment: string | null;
  source: string;
  createdAt: string;
  /** How many other incidents (that the viewer may see) carry the same value. */
  otherIncidents: number;
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  sha256: string;
  declaredType: string | null;
  uploadedBy: string | null;
  createdAt: string;
}

export interface IncidentEvidence {
  observables: Observable[];
  attachments: Attachment[];
}

export interface RelatedIncident {
  id: string;
  number: string;
  title: string;
  status: IncidentStatus;
  receivedAt: string;
}

export interface MispImportResult {
  title: string;
  added: number;
  skipped: { index: number; path: string; reason: string }[];
}

/** GET /incident-stats. */
export interface IncidentStats {
  from: string;
  to: string;
  total: number;
  serious: number;
  byType: { type: IncidentType | 'unclassified'; count: number }[];
  byAgency: { agencyId: string; agencyName: string; count: number }[];
  byMonth: { month: string; count: number }[];
  byStatus: Partial<Record<IncidentStatus, number>>;
  timeToTakeUpMinutes: { p50: number | null; p90: number | null };
  timeToCloseHours: { p50: number | null; p90: number | null };
  overdue: { incidents: number; deadlines: number };
}

/** Playbooks per incident type (GET /playbooks). */
export interface PlaybookTask {
  title: string;
  dueHours?: number;
}
export interface PlaybookPhase {
  phase: TaskPhase;
  tasks: PlaybookTask[];
}
export interface Playbook {
  type: IncidentType;
  custom: boolean;
  updatedAt: string | null;
  name: string;
  phases: PlaybookPhase[];
}

/** Deadline rules per jurisdiction (GET /jurisdictions). */
export const DEADLINE_FROMS = ['detected_at', 'received_at', 'response_ended_at'] as const;
export type DeadlineFrom = (typeof DEADLINE_FROMS)[number];
export interface DeadlineRule {
  key: string;
  label: string;
  from: DeadlineFrom;
  days?: number;
  hours?: number;
  remindBeforeHours?: number;
}
export interface Jurisdiction {
  id: string;
  name: string;
  agencyId: string | null;
  agencyName: string | null;
  rules: DeadlineRule[];
  updatedAt?: string;
}
