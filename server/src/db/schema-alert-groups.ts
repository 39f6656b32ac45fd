import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely's view of migration 0007: alert groups and their timeline, escalation policies,
 * routing rules, per-user notification rules, template overrides, roll calls, server secrets.
 * schema.ts re-exports them in `DB`.
 */

type Json<T> = ColumnType<T, string, string>;
/** A jsonb column that may be left out on insert. */
type OptJson<T> = ColumnType<T, string | undefined, string>;

export type AlertGroupStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface ServerSecretTable {
  name: string;
  value: string;
  created_at: Generated<Date>;
}

export interface EscalationPolicyTable {
  id: string;
  name: string;
  description: string | null;
  steps: Json<unknown[]>;
  repeat_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface RoutingRuleTable {
  id: string;
  name: string;
  position: number;
  enabled: Generated<boolean>;
  match: Json<Record<string, unknown>>;
  policy_id: string | null;
  group_by: string;
  group_window_seconds: number;
  created_at: Date;
  updated_at: Date;
}

export interface AlertGroupTable {
  id: string;
  group_key: string;
  status: Generated<AlertGroupStatus>;
  severity: string;
  kind: string;
  source: string;
  title: string;
  agency_id: string | null;
  system_id: string | null;
  monitor_id: string | null;
  routing_rule_id: string | null;
  policy_id: string | null;
  alert_count: Generated<number>;
  open_count: Generated<number>;
  opened_at: Date;
  last_alert_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  assignee_id: string | null;
  snoozed_until: Date | null;
  escalation_step: Generated<number>;
  escalation_round: Generated<number>;
  next_escalation_at: Date | null;
}

export interface AlertGroupEventTable {
  id: Generated<number>;
  group_id: string;
  at: Date;
  type: string;
  actor_id: string | null;
  actor_label: string | null;
  text: string | null;
  data: OptJson<Record<string, unknown>>;
}

export interface UserNotificationRuleTable {
  id: string;
  user_id: string;
  position: number;
  channel_id: string;
  address: string;
  min_severity: string | null;
  enabled: Generated<boolean>;
}

export interface NotificationTemplateTable {
  key: string;
  locale: string;
  template: Json<Record<string, unknown>>;
  updated_at: Date;
}

export interface RollCallTable {
  id: string;
  title: string;
  message: string | null;
  started_by: string | null;
  started_at: Date;
  deadline_at: Date;
  closed_at: Date | null;
  agency_ids: Json<string[]>;
}

export interface RollCallTargetTable {
  id: string;
  roll_call_id: string;
  agency_id: string;
  contact_point_id: string | null;
  contact_name: string;
  channel_kind: string;
  address: string;
  outbox_id: string | null;
  answered_at: Date | null;
  answered_via: string | null;
}
