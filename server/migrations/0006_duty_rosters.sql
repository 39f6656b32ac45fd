-- Duty rosters (issue 5): alert periods the province asks for 24/7 duty in, the rosters each
-- agency plans over them, and hand-over notes. The planning rules live in server/src/duty
-- (pure); these tables only store what the forms send, validated by the service first.

-- Local wall-clock bounds are the source of truth (a period is "29/8 18:00 – 3/9 08:00" in its
-- zone); starts_at/ends_at are the same bounds as instants, written by the service alongside,
-- so "which periods cover this instant" is an indexable query.
create table alert_periods (
  id uuid primary key,
  name text not null,
  start_local text not null check (start_local ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$'),
  end_local text not null check (end_local ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$'),
  time_zone text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  -- Null: the whole province (created by coordinators); otherwise one agency's own period.
  agency_id uuid references agencies(id) on delete cascade,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index alert_periods_span_idx on alert_periods (starts_at, ends_at);
create index alert_periods_agency_idx on alert_periods (agency_id);

create table duty_rosters (
  id uuid primary key,
  period_id uuid not null references alert_periods(id) on delete cascade,
  agency_id uuid not null references agencies(id) on delete cascade,
  name text not null,
  time_zone text not null,
  -- Ordered user ids (rotation order). Not a foreign key: jsonb; the service checks them on
  -- every write, and a deleted user shows up by id rather than breaking the plan.
  members jsonb not null default '[]',
  -- The domain's Rotation, Override[] and Swap[] as sent (see server/src/duty/roster.ts).
  rotation jsonb not null,
  overrides jsonb not null default '[]',
  swaps jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index duty_rosters_period_idx on duty_rosters (period_id);
create index duty_rosters_agency_idx on duty_rosters (agency_id);

create table duty_handover_notes (
  id uuid primary key,
  roster_id uuid not null references duty_rosters(id) on delete cascade,
  -- The boundary instant (the incoming shift's start).
  at timestamptz not null,
  author_id uuid references users(id) on delete set null,
  text text not null,
  created_at timestamptz not null
);
create index duty_handover_notes_roster_idx on duty_handover_notes (roster_id, at);
