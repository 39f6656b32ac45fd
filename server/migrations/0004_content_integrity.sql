-- Content integrity: defacement, injected spam and cloaking detection (monitor kind 'content').
-- What is stored when, and for how long: server/src/monitoring/README.md ("Content integrity").

alter table monitors drop constraint if exists monitors_kind_check;
alter table monitors add constraint monitors_kind_check check (kind in ('http', 'tls', 'dns', 'tcp', 'content'));

-- Snapshots (HTML as fetched, sitemaps, rendered HTML) and screenshots, addressed by the SHA-256
-- of their bytes: an unchanged page checked every 10 minutes is stored once. Written
-- insert-if-absent; last_referenced_at is touched on every reuse so retention never deletes a
-- blob a new analysis has just started to point at.
create table page_blobs (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text not null,
  size integer not null check (size >= 0),
  bytes bytea not null,
  created_at timestamptz not null,
  last_referenced_at timestamptz not null
);
create index page_blobs_referenced_idx on page_blobs (last_referenced_at);

-- One row per stored analysis (an alarm, an error, or a page that changed since the previous
-- stored one), never per identical check.
create table page_analyses (
  id uuid primary key,
  monitor_id uuid not null references monitors(id) on delete cascade,
  system_id uuid not null,
  -- The monitor's owner agency at the time (scoping of lists follows the monitor itself).
  agency_id uuid not null,
  at timestamptz not null,
  url text not null,
  -- Every fetch of the check: [{variant, url, finalUrl, status, redirects, sha256, bytes, truncated, contentType, error}].
  fetches jsonb not null default '[]',
  -- The page as a desktop browser got it; null when it could not be fetched.
  snapshot_sha256 text,
  screenshot_sha256 text,
  title text,
  alarm boolean not null default false,
  -- Null when nothing could be analysed (the fetch failed): then error says why.
  kind text check (kind in ('defacement', 'injection', 'cloaking', 'legit')),
  score real,
  severity text check (severity in ('info', 'low', 'medium', 'high', 'critical')),
  reasons jsonb not null default '[]',
  detectors jsonb not null default '[]',
  diff jsonb,
  error text,
  analysis_ms integer,
  -- How the profile stood: {samples, learning}.
  profile jsonb,
  -- Review of alarms by an analyst ('new' is only meaningful for alarms).
  review_status text not null default 'new' check (review_status in ('new', 'confirmed', 'dismissed')),
  reviewed_by uuid references users(id) on delete set null,
  reviewed_at timestamptz,
  review_note text,
  alert_id uuid
);
create index page_analyses_agency_at_idx on page_analyses (agency_id, at desc);
create index page_analyses_monitor_at_idx on page_analyses (monitor_id, at desc);
create index page_analyses_at_idx on page_analyses (at desc);
create index page_analyses_review_idx on page_analyses (at desc) where alarm and review_status = 'new';
-- Retention asks "does any analysis still point at this blob?" through the fetch list.
create index page_analyses_fetches_idx on page_analyses using gin (fetches jsonb_path_ops);
