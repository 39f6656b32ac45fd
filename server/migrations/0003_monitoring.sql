-- Agentless monitoring: monitors and their leases, state changes, raw samples and compact
-- rollups, alerts, maintenance windows, and the status of background jobs.
-- Storage design and measured sizes: server/src/monitoring/README.md.

-- Only administrators may set it: an internal system's monitors may reach private addresses.
alter table information_systems add column internal boolean not null default false;

create table monitors (
  id uuid primary key,
  system_id uuid not null references information_systems(id) on delete cascade,
  -- The system's owner agency, copied for scoping and alert routing (kept in step by the trigger below).
  agency_id uuid not null references agencies(id) on delete restrict,
  kind text not null check (kind in ('http', 'tls', 'dns', 'tcp')),
  name text not null,
  target text not null,
  settings jsonb not null default '{}',
  -- The service enforces the real minimum (10 s, VIGIL_MONITOR_MIN_INTERVAL_SECONDS); tests go lower.
  interval_seconds integer not null default 60 check (interval_seconds between 1 and 86400),
  timeout_ms integer not null default 10000 check (timeout_ms between 100 and 120000),
  failure_threshold smallint not null default 2 check (failure_threshold between 1 and 20),
  paused boolean not null default false,
  -- Scheduling and leases: a worker owns a monitor from claim until its result is written.
  next_due_at timestamptz not null,
  lease_owner text,
  lease_until timestamptz,
  -- Current state (what the state machine decided) and what it needs to decide the next one.
  state text not null default 'unknown' check (state in ('up', 'degraded', 'down', 'unknown')),
  state_reason text,
  state_since timestamptz,
  consecutive_failures integer not null default 0,
  flapping boolean not null default false,
  recent_transitions jsonb not null default '[]', -- epoch ms of recent state changes (flapping window)
  alert_kinds jsonb not null default '[]',        -- kinds of the alerts this monitor holds open
  last_checked_at timestamptz,
  last_latency_ms integer,
  tls_days_left integer,
  last_result jsonb,
  baseline jsonb,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- The claim query walks this index in due order; paused monitors are not in it.
create index monitors_due_idx on monitors (next_due_at) where not paused;
create index monitors_system_idx on monitors (system_id);
create index monitors_agency_idx on monitors (agency_id);
create index monitors_name_sort_idx on monitors (name, id);
create unique index monitors_system_kind_target_key on monitors (system_id, kind, target);

create function monitors_follow_system_owner() returns trigger language plpgsql as $$
begin
  update monitors set agency_id = new.owner_agency_id where system_id = new.id;
  return new;
end
$$;
create trigger information_systems_owner_to_monitors after update of owner_agency_id on information_systems
  for each row when (old.owner_agency_id is distinct from new.owner_agency_id)
  execute function monitors_follow_system_owner();

-- Every state change, kept forever. No foreign key: the history outlives a deleted monitor.
create table monitor_events (
  id bigint generated always as identity primary key,
  monitor_id uuid not null,
  system_id uuid not null,
  agency_id uuid not null,
  at timestamptz not null,
  from_state text not null,
  to_state text not null,
  reason text,
  flapping boolean not null default false,
  -- A maintenance window covered it: recorded, but no alert was opened.
  suppressed boolean not null default false,
  details jsonb
);
create index monitor_events_monitor_idx on monitor_events (monitor_id, at desc);
create index monitor_events_agency_idx on monitor_events (agency_id, at desc);
create index monitor_events_at_idx on monitor_events (at);

-- One row per check, kept a short while (VIGIL_MONITOR_RAW_RETENTION_MINUTES) until rolled up.
-- Columns ordered widest first so rows pack without padding; no foreign key on this hot path
-- (a deleted monitor's samples simply age out).
create table monitor_samples (
  monitor_id uuid not null,
  checked_at timestamptz not null,
  latency_ms integer,
  status smallint not null check (status in (0, 1, 2)) -- 0 up, 1 degraded, 2 down
);
create index monitor_samples_monitor_idx on monitor_samples (monitor_id, checked_at);
-- Rows arrive in time order, so a BRIN index finds a time range for rollups and retention at almost no cost.
create index monitor_samples_time_idx on monitor_samples using brin (checked_at);

-- Rollups: one row per monitor per period holding that period's slots, packed (see
-- server/src/monitoring/rollup-codec.ts): level 1 = an hour of 60 minute slots (kept 48 h),
-- level 2 = a day of 24 hour slots (90 days), level 3 = a month of day slots (forever).
-- Days and months are Asia/Ho_Chi_Minh calendar days.
create table monitor_rollups (
  monitor_id uuid not null references monitors(id) on delete cascade,
  level smallint not null check (level in (1, 2, 3)),
  bucket_start timestamptz not null,
  slots bytea not null,
  primary key (monitor_id, level, bucket_start)
);
create index monitor_rollups_time_idx on monitor_rollups using brin (bucket_start);

-- Minimal alert records; the alerting issue builds the lifecycle on them. At most one open
-- alert per de-duplication key (e.g. monitor:<id>:down).
create table alerts (
  id uuid primary key,
  dedup_key text not null,
  monitor_id uuid references monitors(id) on delete set null,
  system_id uuid references information_systems(id) on delete set null,
  agency_id uuid references agencies(id) on delete set null,
  kind text not null,
  severity text not null check (severity in ('info', 'low', 'medium', 'high', 'critical')),
  status text not null default 'open' check (status in ('open', 'resolved')),
  opened_at timestamptz not null,
  resolved_at timestamptz,
  summary text not null,
  details jsonb not null default '{}'
);
create unique index alerts_open_dedup_key on alerts (dedup_key) where status = 'open';
create index alerts_status_opened_idx on alerts (status, opened_at desc);
create index alerts_monitor_idx on alerts (monitor_id);
create index alerts_agency_idx on alerts (agency_id);

-- A deleted monitor (directly, or with its system) can no longer recover: close its open alerts
-- rather than leave them open forever with no monitor.
create function monitors_resolve_alerts() returns trigger language plpgsql as $$
begin
  update alerts set status = 'resolved', resolved_at = now() where monitor_id = old.id and status = 'open';
  return old;
end
$$;
create trigger monitors_resolve_alerts_on_delete before delete on monitors
  for each row execute function monitors_resolve_alerts();

-- Windows that suppress alert creation (state is still recorded). One-off (starts_at..ends_at)
-- or weekly (ISO weekdays 1=Mon..7=Sun, local start time, duration) in time_zone.
create table maintenance_windows (
  id uuid primary key,
  scope text not null check (scope in ('monitor', 'system', 'agency')),
  monitor_id uuid references monitors(id) on delete cascade,
  system_id uuid references information_systems(id) on delete cascade,
  -- The agency the window covers (scope agency, with its sub-agencies) or the owner of the
  -- system/monitor (for scoping who may see and change the window).
  agency_id uuid not null references agencies(id) on delete cascade,
  title text not null,
  kind text not null check (kind in ('once', 'weekly')),
  starts_at timestamptz,
  ends_at timestamptz,
  weekdays jsonb,
  start_time text check (start_time is null or start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  duration_minutes integer check (duration_minutes is null or duration_minutes between 1 and 10080),
  time_zone text not null default 'Asia/Ho_Chi_Minh',
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (scope <> 'monitor' or monitor_id is not null),
  check (scope <> 'system' or system_id is not null),
  check (kind <> 'once' or (starts_at is not null and ends_at is not null and ends_at > starts_at)),
  check (kind <> 'weekly' or (weekdays is not null and start_time is not null and duration_minutes is not null))
);
create index maintenance_windows_agency_idx on maintenance_windows (agency_id);
create index maintenance_windows_system_idx on maintenance_windows (system_id);
create index maintenance_windows_monitor_idx on maintenance_windows (monitor_id);

-- Background jobs: one row per job; the lease makes a job run in one process at a time.
create table jobs (
  name text primary key,
  interval_ms integer not null,
  lock_kind text not null check (lock_kind in ('lease', 'none')),
  lease_owner text,
  lease_until timestamptz,
  next_run_at timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_success_at timestamptz,
  last_status text check (last_status in ('running', 'ok', 'error')),
  last_error text,
  last_duration_ms integer,
  runs bigint not null default 0,
  failures bigint not null default 0,
  -- The job's own progress between runs (e.g. rollup watermarks).
  state jsonb not null default '{}',
  -- What the last run did (rows deleted, hours rolled up, worker statistics).
  details jsonb,
  updated_at timestamptz not null default now()
);
