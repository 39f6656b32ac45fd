-- Alert lifecycle, routing and escalation, contact-point roll calls, and per-user notification
-- preferences (issue 5). The model follows Grafana OnCall: an *alert* is one signal (a monitor
-- down, a detection, an external event), de-duplicated by key; an *alert group* is what people
-- are told about and act on (acknowledge, assign, snooze, resolve). An outage of one hosting
-- provider that takes 300 portals down is 300 alerts in one group, and one page.

-- Server-wide secrets generated on first use (HMAC keys for acknowledgement links and calendar
-- feeds). In the database so every process of one installation signs with the same key.
create table server_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);

-- Who is told, in which order. `steps` is the domain's EscalationStep[] (server/src/alerting/
-- escalation-policy.ts): notify a roster's on-duty officer, the owning agency's contact points,
-- named users or a channel, or wait N minutes. After the last step the policy starts again, up
-- to `repeat_count` more times, for as long as the group is neither acknowledged nor resolved.
create table escalation_policies (
  id uuid primary key,
  name text not null,
  description text,
  steps jsonb not null default '[]',
  repeat_count smallint not null default 0 check (repeat_count between 0 and 10),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index escalation_policies_name_key on escalation_policies (lower(name));

-- Which policy an alert follows, and how alerts are grouped: the first enabled rule (by
-- position) whose match fits wins. `match`: { agencyIds?, includeSubAgencies?, severities?,
-- kinds? (prefixes), sources? }; an empty match is a catch-all.
create table routing_rules (
  id uuid primary key,
  name text not null,
  position integer not null,
  enabled boolean not null default true,
  match jsonb not null default '{}',
  policy_id uuid references escalation_policies(id) on delete restrict,
  group_by text not null default 'none' check (group_by in ('none', 'hosting', 'agency', 'kind')),
  group_window_seconds integer not null default 600 check (group_window_seconds between 0 and 86400),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index routing_rules_position_idx on routing_rules (position);

create table alert_groups (
  id uuid primary key,
  group_key text not null,
  status text not null default 'triggered' check (status in ('triggered', 'acknowledged', 'resolved')),
  severity text not null check (severity in ('info', 'low', 'medium', 'high', 'critical')),
  kind text not null,
  source text not null,
  title text not null,
  -- Set when every member shares it (a single-agency group); a cross-agency group has none.
  agency_id uuid references agencies(id) on delete set null,
  system_id uuid references information_systems(id) on delete set null,
  monitor_id uuid references monitors(id) on delete set null,
  routing_rule_id uuid references routing_rules(id) on delete set null,
  policy_id uuid references escalation_policies(id) on delete set null,
  alert_count integer not null default 0,
  open_count integer not null default 0,
  opened_at timestamptz not null,
  last_alert_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by uuid references users(id) on delete set null,
  resolved_at timestamptz,
  resolved_by uuid references users(id) on delete set null,
  assignee_id uuid references users(id) on delete set null,
  snoozed_until timestamptz,
  -- Escalation position: the next step to run, the round (0 = first pass), when to run it.
  -- Null next_escalation_at: nothing left to do (finished, acknowledged, resolved).
  escalation_step integer not null default 0,
  escalation_round integer not null default 0,
  next_escalation_at timestamptz
);
-- At most one active group per key: new alerts join it instead of paging again.
create unique index alert_groups_active_key on alert_groups (group_key) where status <> 'resolved';
create index alert_groups_escalation_due_idx on alert_groups (next_escalation_at) where next_escalation_at is not null;
create index alert_groups_status_opened_idx on alert_groups (status, opened_at desc);
create index alert_groups_opened_idx on alert_groups (opened_at desc, id);
create index alert_groups_agency_idx on alert_groups (agency_id);

alter table alerts add column group_id uuid references alert_groups(id) on delete set null;
alter table alerts add column source text not null default 'monitoring' check (source in ('monitoring', 'detection', 'external'));
-- How many times the same key fired while open (external sources repeat themselves).
alter table alerts add column occurrences integer not null default 1;
alter table alerts add column last_seen_at timestamptz;
create index alerts_group_idx on alerts (group_id);

-- The group's timeline: every change and every decision of the escalation, with who and why.
create table alert_group_events (
  id bigint generated always as identity primary key,
  group_id uuid not null references alert_groups(id) on delete cascade,
  at timestamptz not null,
  type text not null,
  actor_id uuid references users(id) on delete set null,
  actor_label text,
  text text,
  data jsonb not null default '{}'
);
create index alert_group_events_group_idx on alert_group_events (group_id, id);

alter table notification_outbox add column group_id uuid references alert_groups(id) on delete set null;
create index notification_outbox_group_idx on notification_outbox (group_id);

-- Per-user channel preferences, in order: which channel, which address there, from which
-- severity. Quiet hours and the user's time zone live on the user (one set per person).
create table user_notification_rules (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  position integer not null,
  channel_id uuid not null references notification_channels(id) on delete cascade,
  address text not null,
  min_severity text check (min_severity in ('info', 'low', 'medium', 'high', 'critical')),
  enabled boolean not null default true
);
create index user_notification_rules_user_idx on user_notification_rules (user_id, position);
alter table users add column quiet_hours jsonb;
alter table users add column time_zone text not null default 'Asia/Ho_Chi_Minh';
alter table users add column phone text;

-- Administrator overrides of the built-in message texts (validated against template-fields.ts).
create table notification_templates (
  key text not null,
  locale text not null check (locale in ('vi', 'en')),
  template jsonb not null,
  updated_at timestamptz not null,
  primary key (key, locale)
);

-- Contact-point roll calls: a test message to every registered 24/7 contact asking them to
-- answer; the board is the targets with their delivery status and answer.
create table roll_calls (
  id uuid primary key,
  title text not null,
  message text,
  started_by uuid references users(id) on delete set null,
  started_at timestamptz not null,
  deadline_at timestamptz not null check (deadline_at > started_at),
  closed_at timestamptz,
  -- The agencies asked (subtrees already expanded), for the record.
  agency_ids jsonb not null default '[]'
);
create index roll_calls_started_idx on roll_calls (started_at desc);

create table roll_call_targets (
  id uuid primary key,
  roll_call_id uuid not null references roll_calls(id) on delete cascade,
  agency_id uuid not null references agencies(id) on delete cascade,
  contact_point_id uuid references contact_points(id) on delete set null,
  contact_name text not null,
  channel_kind text not null,
  address text not null,
  -- Null when there was no way to reach the contact (no address for any configured channel).
  outbox_id uuid references notification_outbox(id) on delete set null,
  answered_at timestamptz,
  answered_via text
);
create index roll_call_targets_call_idx on roll_call_targets (roll_call_id);
create index roll_call_targets_agency_idx on roll_call_targets (agency_id);

-- Group counts follow their alerts wherever an alert is resolved (a recovery, a dismissed
-- detection, a deleted monitor): the last open member resolving resolves the group, which also
-- stops its escalation. O(1) per row, so a 1,000-portal recovery is 1,000 small updates.
create function alerts_settle_group() returns trigger language plpgsql as $$
declare
  left_open integer;
begin
  if new.group_id is null or old.status <> 'open' or new.status <> 'resolved' then
    return new;
  end if;
  update alert_groups set open_count = greatest(open_count - 1, 0) where id = new.group_id returning open_count into left_open;
  if left_open = 0 then
    update alert_groups set status = 'resolved', resolved_at = coalesce(new.resolved_at, now()), resolved_by = null, next_escalation_at = null
      where id = new.group_id and status <> 'resolved';
    if found then
      insert into alert_group_events (group_id, at, type, text, data)
        values (new.group_id, coalesce(new.resolved_at, now()), 'resolved', 'Every alert of the group recovered', '{"auto": true}');
    end if;
  end if;
  return new;
end
$$;
create trigger alerts_settle_group_on_resolve after update of status on alerts
  for each row execute function alerts_settle_group();
