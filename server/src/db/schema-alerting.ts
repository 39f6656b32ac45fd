import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely's view of the alerting tables (migrations 0005 notification outbox, 0006 duty rosters),
 * kept apart from schema.ts so each file stays readable; schema.ts re-exports them in `DB`.
 */

type Json<T> = ColumnType<T, string, string>;

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

export interface NotificationChannelTable {
  id: string;
  name: string;
  kind: string;
  /** Secrets included: never returned by an API. */
  config: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationOutboxTable {
  id: string;
  alert_id: string | null;
  /** The alert group the delivery is about (0007); null for roll calls and reports. */
  group_id: ColumnType<string | null, string | null | undefined, string | null>;
  channel_id: string;
  recipient: string;
  recipient_user_id: string | null;
  template: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  last_code: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  provider_id: string | null;
}

export interface NotificationAttemptTable {
  id: Generated<number>;
  outbox_id: string;
  attempt: number;
  worker: string | null;
  at: Generated<Date>;
  ok: boolean;
  code: string | null;
  error: string | null;
  duration_ms: number;
  provider_id: string | null;
}

export interface AlertPeriodTable {
  id: string;
  name: string;
  start_local: string;
  end_local: string;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  agency_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DutyRosterTable {
  id: string;
  period_id: string;
  agency_id: string;
  name: string;
  time_zone: string;
  members: Json<string[]>;
  rotation: Json<Record<string, unknown>>;
  overrides: Json<Record<string, unknown>[]>;
  swaps: Json<Record<string, unknown>[]>;
  created_at: Date;
  updated_at: Date;
}

export interface DutyHandoverNoteTable {
  id: string;
  roster_id: string;
  at: Date;
  author_id: string | null;
  text: string;
  created_at: Date;
}
