-- Foundation: agencies (tree), users and access, the registry of information systems,
-- 24/7 contact points with history, and the hash-chained audit log.

create table agencies (
  id uuid primary key,
  parent_id uuid references agencies(id) on delete restrict,
  -- Materialized path of ids, '/root/child/self/': a subtree is one prefix match.
  path text not null,
  depth integer not null,
  code text not null,
  name text not null,
  kind text not null check (kind in ('province', 'ministry', 'department', 'district', 'unit', 'enterprise', 'other')),
  address text,
  intake_email text,
  intake_phone text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index agencies_code_key on agencies (lower(code));
create index agencies_path_idx on agencies (path text_pattern_ops);
create index agencies_parent_idx on agencies (parent_id);

create table users (
  id uuid primary key,
  username text not null,
  display_name text not null,
  email text,
  role text not null check (role in ('admin', 'coordinator', 'agency_admin', 'agency_member', 'viewer')),
  agency_id uuid references agencies(id) on delete restrict,
  password_hash text not null,
  must_change_password boolean not null default false,
  totp_secret text,
  totp_enabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled boolean not null default false,
  locale text not null default 'vi',
  last_login_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (role in ('admin', 'coordinator', 'viewer') or agency_id is not null)
);
create unique index users_username_key on users (lower(username));
create index users_agency_idx on users (agency_id);

create table sessions (
  id text primary key, -- sha256 of the cookie value; the raw value is never stored
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null,
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id);

create table information_systems (
  id uuid primary key,
  name text not null,
  description text,
  owner_agency_id uuid not null references agencies(id) on delete restrict,
  operator_agency_id uuid references agencies(id) on delete restrict,
  security_level smallint not null check (security_level between 1 and 5),
  critical_national boolean not null default false,
  urls jsonb not null default '[]',
  domains jsonb not null default '[]',
  ip_addresses jsonb not null default '[]',
  hosting_provider text,
  tags jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index systems_owner_idx on information_systems (owner_agency_id);
create index systems_operator_idx on information_systems (operator_agency_id);
create index systems_name_idx on information_systems (lower(name));
create index systems_tags_idx on information_systems using gin (tags);
create unique index systems_owner_name_key on information_systems (owner_agency_id, lower(name));

create table system_software (
  id uuid primary key,
  system_id uuid not null references information_systems(id) on delete cascade,
  vendor text not null,
  product text not null,
  version text,
  cpe text,
  position integer not null default 0
);
create index system_software_system_idx on system_software (system_id);
create index system_software_product_idx on system_software (lower(vendor), lower(product));

create table contact_points (
  id uuid primary key,
  agency_id uuid not null references agencies(id) on delete restrict,
  priority text not null check (priority in ('primary', 'backup')),
  availability text not null check (availability in ('office_hours', 'out_of_hours', 'leadership')),
  name text not null,
  title text,
  phone text,
  mobile text,
  email text,
  messaging jsonb not null default '{}',
  last_verified_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index contact_points_agency_idx on contact_points (agency_id);

-- Kept even after the contact point is deleted, hence no foreign key.
create table contact_point_history (
  id bigint generated always as identity primary key,
  contact_point_id uuid not null,
  agency_id uuid not null,
  action text not null check (action in ('create', 'update', 'delete', 'verify')),
  changed_at timestamptz not null,
  changed_by uuid,
  changed_by_label text not null,
  before jsonb,
  after jsonb
);
create index contact_point_history_cp_idx on contact_point_history (contact_point_id, id);

-- Append-only and hash-chained: every entry carries the hash of the one before it.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_id uuid,
  actor_label text not null,
  action text not null,
  entity_type text not null,
  entity_id text,
  agency_id uuid,
  summary text,
  before jsonb,
  after jsonb,
  ip text,
  prev_hash text not null,
  hash text not null
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id);
create index audit_log_agency_idx on audit_log (agency_id);
create index audit_log_at_idx on audit_log (at);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
