import type { MonitorEventRow } from '../repositories/monitor-event.repository.ts';
import type { MonitorWithSystem } from '../repositories/monitor.repository.ts';
import type { MonitorKind } from './probe.ts';
import type { MonitorState } from './types.ts';

/** What the service hands out (and the API will serialize): camelCase, ISO dates. */
export interface MonitorDto {
  id: string;
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  kind: MonitorKind;
  name: string;
  target: string;
  settings: Record<string, unknown>;
  intervalSeconds: number;
  timeoutMs: number;
  failureThreshold: number;
  paused: boolean;
  state: MonitorState;
  stateReason: string | null;
  stateSince: string | null;
  consecutiveFailures: number;
  flapping: boolean;
  lastCheckedAt: string | null;
  lastLatencyMs: number | null;
  tlsDaysLeft: number | null;
  lastResult: Record<string, unknown> | null;
  baseline: Record<string, unknown> | null;
  nextDueAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface MonitorEventDto {
  id: number;
  monitorId: string;
  at: string;
  from: string;
  to: string;
  reason: string | null;
  flapping: boolean;
  suppressed: boolean;
  details: Record<string, unknown> | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toMonitorDto(m: MonitorWithSystem): MonitorDto {
  return {
    id: m.id,
    systemId: m.system_id,
    systemName: m.system_name,
    agencyId: m.agency_id,
    agencyName: m.owner_agency_name,
    kind: m.kind as MonitorKind,
    name: m.name,
    target: m.target,
    settings: m.settings ?? {},
    intervalSeconds: m.interval_seconds,
    timeoutMs: m.timeout_ms,
    failureThreshold: m.failure_threshold,
    paused: m.paused,
    state: m.state,
    stateReason: m.state_reason,
    stateSince: iso(m.state_since),
    consecutiveFailures: m.consecutive_failures,
    flapping: m.flapping,
    lastCheckedAt: iso(m.last_checked_at),
    lastLatencyMs: m.last_latency_ms,
    tlsDaysLeft: m.tls_days_left,
    lastResult: m.last_result,
    baseline: m.kind === 'content' ? profileSummary(m.baseline) : m.baseline,
    nextDueAt: new Date(m.next_due_at).toISOString(),
    createdAt: new Date(m.created_at).toISOString(),
    updatedAt: new Date(m.updated_at).toISOString(),
  };
}

export function toMonitorEventDto(e: MonitorEventRow): MonitorEventDto {
  return {
    id: e.id,
    monitorId: e.monitor_id,
    at: new Date(e.at).toISOString(),
    from: e.from_state,
    to: e.to_state,
    reason: e.reason,
    flapping: e.flapping,
    suppressed: e.suppressed,
    details: e.details,
  };
}

/**
 * A content monitor's baseline is its learned page profile (tens of KB of hashes and counts):
 * the page shows how much it has learned, never the hashes themselves.
 */
function profileSummary(b: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!b) return null;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').slice(0, 5) : []);
  return { samples: typeof b.samples === 'number' ? b.samples : 0, updatedAt: b.updatedAt ?? null, titles: list(b.titles), ownDomains: list(b.ownDomains), lang: b.lang ?? '' };
}
