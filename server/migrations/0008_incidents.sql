-- Incident reporting and coordination (issue 6): the Circular 20/2017 workflow. Legal deadlines,
-- playbooks and form texts are data (jurisdictions, playbooks), not code: they change.

-- Deadline rules per jurisdiction. A jurisdiction belongs to an agency subtree (a province may set
-- a 3-day notice instead of 5); the incident follows the nearest one above its reporting agency,
-- else the national default (agency_id null). `rules`: the domain's DeadlineRule[]
-- (server/src/incidents/deadlines.ts).
create table jurisdictions (
  id uuid primary key,
  name text not null,
  agency_id uuid references agencies(id) on delete cascade,
  rules jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index jurisdictions_agency_key on jurisdictions (coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- A response plan per incident type: phases with a task checklist, instantiated into tasks.
create table playbooks (
  id uuid primary key,
  incident_type text not null unique,
  name text not null,
  phases jsonb not null,
  updated_at timestamptz not null
);

-- Report numbers: one sequence per year (e.g. SC-2026-0007).
create table incident_counters (
  year integer primary key,
  last integer not null
);

create table incidents (
  id uuid primary key,
  number text not null unique,
  reporting_agency_id uuid not null references agencies(id) on delete restrict,
  reported_by uuid references users(id) on delete set null,
  title text not null,
  -- The 10 official types (server/src/incidents/incident-types.ts); null until classified.
  type text check (type in ('dos', 'spoofing', 'malware', 'intrusion', 'defacement', 'encryption', 'destruction', 'espionage', 'combined', 'other')),
  cause text check (cause in ('attack', 'fault', 'operator_error', 'natural_disaster', 'unknown')),
  cause_detail text,
  description text not null,
  detected_at timestamptz not null,
  detection_method text not null check (detection_method in ('ids', 'log_review', 'notified', 'other')),
  detection_detail text,
  handled boolean not null,
  already_notified jsonb not null default '[]',
  -- Decision 05/2017 art. 9 as a checklist; `serious` is set from it (kept beside the priority).
  serious_checklist jsonb not null default '{}',
  serious boolean not null default false,
  priority text not null default 'medium' check (priority in ('low', 'medium', 'high', 'critical')),
  tlp text not null default 'amber' check (tlp in ('clear', 'green', 'amber', 'red')),
  confidential boolean not null default false,
  status text not null default 'received' check (status in ('received', 'verifying', 'handling', 'closed')),
  phase text check (phase in ('contain', 'eradicate', 'recover', 'check')),
  -- The Mẫu 03 fields as the reporter filled them (the record of what was reported, and when).
  form03 jsonb not null,
  received_at timestamptz not null,
  -- Receipt is acknowledged automatically on arrival; kept explicit because the rules require it.
  receipt_acknowledged_at timestamptz not null,
  response_ended_at timestamptz,
  closed_at timestamptz,
  -- Mẫu 04 (closing report); required to close.
  form04 jsonb,
  assignee_id uuid references users(id) on delete set null,
  team text,
  alert_group_id uuid references alert_groups(id) on delete set null,
  jurisdiction_id uuid references jurisdictions(id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index incidents_agency_idx on incidents (reporting_agency_id);
create index incidents_status_idx on incidents (status, received_at desc);
create index incidents_received_idx on incidents (received_at desc, id);

create table incident_systems (
  incident_id uuid not null references incidents(id) on delete cascade,
  system_id uuid not null references information_systems(id) on delete cascade,
  primary key (incident_id, system_id)
);
create index incident_systems_system_idx on incident_systems (system_id);

-- Who may see a confidential incident besides administrators.
create table incident_access (
  incident_id uuid not null references incidents(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  primary key (incident_id, user_id)
);

create table incident_events (
  id bigint generated always as identity primary key,
  incident_id uuid not null references incidents(id) on delete cascade,
  at timestamptz not null,
  type text not null,
  actor_id uuid references users(id) on delete set null,
  actor_label text,
  text text,
  data jsonb not null default '{}'
);
create index incident_events_incident_idx on incident_events (incident_id, id);

create table incident_tasks (
  id uuid primary key,
  incident_id uuid not null references incidents(id) on delete cascade,
  phase text not null,
  title text not null,
  position integer not null,
  assignee_id uuid references users(id) on delete set null,
  due_at timestamptz,
  done_at timestamptz,
  done_by uuid references users(id) on delete set null
);
create index incident_tasks_incident_idx on incident_tasks (incident_id, position);

-- The legal and internal deadlines of each incident, computed from its jurisdiction's rules.
create table incident_deadlines (
  id uuid primary key,
  incident_id uuid not null references incidents(id) on delete cascade,
  key text not null,
  label text not null,
  due_at timestamptz not null,
  met_at timestamptz,
  reminded_at timestamptz,
  escalated_at timestamptz,
  unique (incident_id, key)
);
create index incident_deadlines_open_idx on incident_deadlines (due_at) where met_at is null;

create table incident_observables (
  id uuid primary key,
  incident_id uuid not null references incidents(id) on delete cascade,
  type text not null check (type in ('ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256')),
  value text not null,
  tlp text check (tlp in ('clear', 'green', 'amber', 'red')),
  comment text,
  source text not null check (source in ('text', 'attachment', 'manual', 'misp', 'alert')),
  created_at timestamptz not null,
  unique (incident_id, type, value)
);
-- "This IP appears in 3 other incidents".
create index incident_observables_value_idx on incident_observables (type, value);

-- Attachments stored once by content hash; never served inline.
create table attachment_blobs (
  sha256 text primary key,
  size integer not null,
  bytes bytea not null,
  created_at timestamptz not null
);
create table incident_attachments (
  id uuid primary key,
  incident_id uuid not null references incidents(id) on delete cascade,
  sha256 text not null references attachment_blobs(sha256) on delete restrict,
  name text not null,
  size integer not null,
  declared_type text,
  uploaded_by uuid references users(id) on delete set null,
  created_at timestamptz not null
);
create index incident_attachments_incident_idx on incident_attachments (incident_id);

-- The national default (Circular 20/2017 art. 9 and 11): notice within 5 days of detection,
-- closing report within 5 days after the response ends. Jurisdictions override or add.
insert into jurisdictions (id, name, agency_id, rules, created_at, updated_at) values (
  'a0000000-0000-4000-8000-000000000001', 'Mặc định (Thông tư 20/2017/TT-BTTTT)', null,
  '[{"key":"notice","label":"Thông báo sự cố (Điều 9 TT 20/2017)","from":"detected_at","days":5,"remindBeforeHours":24},{"key":"closing_report","label":"Báo cáo kết thúc ứng phó (Mẫu 04)","from":"response_ended_at","days":5,"remindBeforeHours":24}]',
  now(), now());

-- Installation-wide settings edited in the UI (the official documents' texts: authority names,
-- place name, signer, recipients). Keyed documents of JSON, validated by the service.
create table app_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null
);
