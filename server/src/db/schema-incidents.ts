import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of migration 0008 (incidents); schema.ts re-exports them in `DB`. */

type Json<T> = ColumnType<T, string, string>;
type OptJson<T> = ColumnType<T, string | undefined, string>;

export interface JurisdictionTable {
  id: string;
  name: string;
  agency_id: string | null;
  rules: Json<unknown[]>;
  created_at: Date;
  updated_at: Date;
}

export interface PlaybookTable {
  id: string;
  incident_type: string;
  name: string;
  phases: Json<unknown[]>;
  updated_at: Date;
}

export interface IncidentCounterTable {
  year: number;
  last: number;
}

export interface IncidentTable {
  id: string;
  number: string;
  reporting_agency_id: string;
  reported_by: string | null;
  title: string;
  type: string | null;
  cause: string | null;
  cause_detail: string | null;
  description: string;
  detected_at: Date;
  detection_method: string;
  detection_detail: string | null;
  handled: boolean;
  already_notified: OptJson<string[]>;
  serious_checklist: OptJson<Record<string, boolean>>;
  serious: Generated<boolean>;
  priority: Generated<string>;
  tlp: Generated<string>;
  confidential: Generated<boolean>;
  status: Generated<string>;
  phase: string | null;
  form03: Json<Record<string, unknown>>;
  received_at: Date;
  receipt_acknowledged_at: Date;
  response_ended_at: Date | null;
  closed_at: Date | null;
  form04: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  assignee_id: string | null;
  team: string | null;
  alert_group_id: string | null;
  jurisdiction_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface IncidentSystemTable {
  incident_id: string;
  system_id: string;
}

export interface IncidentAccessTable {
  incident_id: string;
  user_id: string;
}

export interface IncidentEventTable {
  id: Generated<number>;
  incident_id: string;
  at: Date;
  type: string;
  actor_id: string | null;
  actor_label: string | null;
  text: string | null;
  data: OptJson<Record<string, unknown>>;
}

export interface IncidentTaskTable {
  id: string;
  incident_id: string;
  phase: string;
  title: string;
  position: number;
  assignee_id: string | null;
  due_at: Date | null;
  done_at: Date | null;
  done_by: string | null;
}

export interface IncidentDeadlineTable {
  id: string;
  incident_id: string;
  key: string;
  label: string;
  due_at: Date;
  met_at: Date | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
}

export interface IncidentObservableTable {
  id: string;
  incident_id: string;
  type: string;
  value: string;
  tlp: string | null;
  comment: string | null;
  source: string;
  created_at: Date;
}

export interface AttachmentBlobTable {
  sha256: string;
  size: number;
  bytes: Uint8Array;
  created_at: Date;
}

export interface IncidentAttachmentTable {
  id: string;
  incident_id: string;
  sha256: string;
  name: string;
  size: number;
  declared_type: string | null;
  uploaded_by: string | null;
  created_at: Date;
}

export interface AppSettingTable {
  key: string;
  value: Json<Record<string, unknown>>;
  updated_at: Date;
}
