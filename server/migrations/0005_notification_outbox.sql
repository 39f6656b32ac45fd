-- Notification delivery that survives faults: a transactional outbox. Whoever decides that
-- someone must be told (alert intake, escalation) writes outbox rows in the SAME transaction as
-- the alert, so a committed alert always has its deliveries and a rolled-back one never does.
-- Dispatchers in any process claim due rows under a lease (like monitors), send them through
-- the channel library and log every attempt. See server/src/notifications/README.md.

-- Where messages go: an SMTP relay, a bot, a webhook URL... `config` holds secrets (passwords,
-- tokens, signing keys) and is never returned by any API.
create table notification_channels (
  id uuid primary key,
  name text not null,
  kind text not null check (kind in ('email', 'telegram', 'webhook', 'slack', 'teams', 'sms')),
  config jsonb not null default '{}',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One row per (recipient, channel) delivery. `id` is the idempotency key handed to the channel
-- as msg.id (e-mail Message-ID, webhook X-Vigil-Delivery), identical on every retry.
create table notification_outbox (
  id uuid primary key,
  alert_id uuid references alerts(id) on delete set null,
  -- Disable a channel rather than delete it: its delivery log must outlive it.
  channel_id uuid not null references notification_channels(id) on delete restrict,
  recipient text not null,
  recipient_user_id uuid references users(id) on delete set null,
  template text not null,
  -- The rendered OutboundMessage minus id and to (subject, text, html, severity, links, meta).
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'dead')),
  -- Claims so far (counted at claim time, so a row that crashes its sender still runs out).
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  last_code text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  provider_id text
);
-- The claim walks this index in due order; sent and dead rows are not in it.
create index notification_outbox_due_idx on notification_outbox (next_attempt_at) where status in ('pending', 'failed');
-- ...and this one per channel, so a backlog on one slow channel never hides the others' rows.
create index notification_outbox_channel_due_idx on notification_outbox (channel_id, next_attempt_at) where status in ('pending', 'failed');
-- Rows whose sender died mid-send come back when their lease expires.
create index notification_outbox_sending_idx on notification_outbox (lease_until) where status = 'sending';
create index notification_outbox_alert_idx on notification_outbox (alert_id);
create index notification_outbox_dead_idx on notification_outbox (created_at desc) where status = 'dead';

-- Every send attempt, kept with its delivery: the "who was told, when, and what failed" log of an alert.
create table notification_attempts (
  id bigint generated always as identity primary key,
  outbox_id uuid not null references notification_outbox(id) on delete cascade,
  attempt integer not null,
  worker text,
  at timestamptz not null default now(),
  ok boolean not null,
  code text,
  error text,
  duration_ms integer not null,
  provider_id text
);
create index notification_attempts_outbox_idx on notification_attempts (outbox_id, attempt);
