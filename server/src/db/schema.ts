import type { ColumnType, Generated } from 'kysely';

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
}
