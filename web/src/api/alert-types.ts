/**
 * The alerting API's shapes: alert groups (server/src/contracts/alert.schema.ts), escalation
 * policies and routing rules (escalation.schema.ts), roll calls (roll-call.schema.ts).
 */

export type AlertSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];
export type GroupStatus = 'triggered' | 'acknowledged' | 'resolved';
export const GROUP_STATUSES: readonly GroupStatus[] = ['triggered', 'acknowledged', 'resolved'];
export type AlertSource = 'monitoring' | 'detection' | 'external';
export const ALERT_SOURCES: readonly AlertSource[] = ['monitoring', 'detection', 'external'];

export interface AlertGroup {
  id: string;
  status: GroupStatus;
  severity: AlertSeverity;
  kind: string;
  source: string;
  title: string;
  groupKey: string;
  agencyId: string | null;
  agencyName: string | null;
  systemId: string | null;
  systemName: string | null;
  monitorId: string | null;
  policyId: string | null;
  policyName: string | null;
  alertCount: number;
  openCount: number;
  openedAt: string;
  lastAlertAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  snoozedUntil: string | null;
  nextEscalationAt: string | null;
  escalationStep: number;
  escalationRound: number;
}

export interface AlertMember {
  id: string;
  kind: string;
  severity: string;
  status: 'open' | 'resolved' | string;
  source: string;
  summary: string;
  openedAt: string;
  resolvedAt: string | null;
  occurrences: number;
  monitorId: string | null;
  systemId: string | null;
  systemName: string | null;
  agencyId: string | null;
  agencyName: string | null;
}

export interface AlertEvent {
  id: number;
  at: string;
  type: string;
  actorName: string | null;
  text: string | null;
  data: Record<string, unknown>;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

export interface AlertDelivery {
  id: string;
  template: string;
  recipient: string;
  recipientName: string | null;
  channelName: string;
  channelKind: string;
  status: DeliveryStatus | string;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  lastError: string | null;
  lastCode: string | null;
}

export interface AlertGroupDetail {
  group: AlertGroup;
  members: AlertMember[];
  events: AlertEvent[];
  deliveries: AlertDelivery[];
}

/** A recipient as the notified/escalated events record it. */
export interface EventRecipient {
  name: string;
  channel: string;
  address: string;
  deferredUntil: string | null;
}

// ---- escalation

export type ContactAvailabilityChoice = 'office_hours' | 'out_of_hours' | 'leadership';
export const CONTACT_AVAILABILITY: readonly ContactAvailabilityChoice[] = ['office_hours', 'out_of_hours', 'leadership'];

export type EscalationStep =
  | { type: 'notify_on_duty'; rosterId: string }
  | { type: 'notify_agency_on_duty' }
  | { type: 'notify_agency_contacts'; availability?: ContactAvailabilityChoice[] }
  | { type: 'notify_users'; userIds: string[] }
  | { type: 'notify_channel'; channelId: string }
  | { type: 'wait'; minutes: number };
export type StepType = EscalationStep['type'];
export const STEP_TYPES: readonly StepType[] = ['notify_on_duty', 'notify_agency_on_duty', 'notify_agency_contacts', 'notify_users', 'notify_channel', 'wait'];

export interface EscalationPolicy {
  id: string;
  name: string;
  description: string | null;
  steps: EscalationStep[];
  repeat: number;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyInput {
  name: string;
  description?: string | null;
  steps: EscalationStep[];
  repeat: number;
}

export type GroupBy = 'none' | 'hosting' | 'agency' | 'kind';
export const GROUP_BY: readonly GroupBy[] = ['hosting', 'agency', 'kind', 'none'];

export interface RouteMatch {
  agencyIds?: string[];
  includeSubAgencies?: boolean;
  severities?: AlertSeverity[];
  kinds?: string[];
  sources?: AlertSource[];
}

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  match: RouteMatch;
  policyId: string | null;
  groupBy: GroupBy;
  groupWindowSeconds: number;
}

export type RuleInput = Omit<RoutingRule, 'id' | 'position'> & { position?: number };

// ---- roll calls

export type TargetState = 'answered' | 'waiting' | 'no_answer' | 'bounced' | 'failed' | 'unreachable';
export const TARGET_STATES: readonly TargetState[] = ['answered', 'waiting', 'no_answer', 'bounced', 'failed', 'unreachable'];

export interface RollCallSummary {
  id: string;
  title: string;
  startedAt: string;
  deadlineAt: string;
  closedAt: string | null;
  startedBy: string | null;
  targets: number;
  answered: number;
  agencies: number;
}

export interface RollCallTarget {
  id: string;
  agencyId: string;
  agencyName: string;
  contactPointId: string | null;
  contactName: string;
  channel: string;
  address: string;
  state: TargetState;
  answeredAt: string | null;
  answeredVia: string | null;
  sentAt: string | null;
  deliveryStatus: string | null;
  error: string | null;
}

export interface RollCallBoard {
  id: string;
  title: string;
  message: string | null;
  startedAt: string;
  deadlineAt: string;
  closedAt: string | null;
  now: string;
  counts: Record<TargetState, number>;
  targets: RollCallTarget[];
}

export interface AgencyVerification {
  id: string;
  name: string;
  contacts: number;
  verifiedContacts: number;
  lastVerifiedAt: string | null;
}
