/**
 * Shapes of the monitoring API, mirrored by hand from server/src/contracts/monitor.schema.ts
 * (the source of truth), like types.ts does for the registry.
 */

export const MONITOR_KINDS = ['http', 'content', 'tls', 'dns', 'tcp'] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];

export const MONITOR_STATES = ['up', 'degraded', 'down', 'unknown'] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

export const MONITOR_SORTS = ['name', 'state', 'lastCheckedAt', 'latency', 'tlsDaysLeft'] as const;

export const SERIES_RANGES = ['1h', '24h', '7d', '30d'] as const;
export type SeriesRange = (typeof SERIES_RANGES)[number];

/** Record types the DNS probe can watch (server/src/monitoring/probes/dns.probe.ts). */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'TXT'] as const;

export interface Uptime {
  /** Percent of successful checks; null when there is no data for the period. */
  h24: number | null;
  d7: number | null;
  d30: number | null;
}

export interface Monitor {
  id: string;
  systemId: string;
  systemName: string;
  agencyId: string;
  agencyName: string;
  kind: string;
  name: string;
  target: string;
  settings: Record<string, unknown>;
  intervalSeconds: number;
  timeoutMs: number;
  failureThreshold: number;
  paused: boolean;
  state: string;
  stateReason: string | null;
  stateSince: string | null;
  lastCheckedAt: string | null;
  lastLatencyMs: number | null;
  tlsDaysLeft: number | null;
  flapping: boolean;
  uptime: Uptime;
  /** Latency of the most recent checks, oldest first; null = a failed check. */
  sparkline: (number | null)[];
  createdAt: string;
  updatedAt: string;
}

export interface MonitorDetail extends Monitor {
  /** Details of the last check (status, timings, redirects, certificate, records…): untrusted, shown as text. */
  lastResult: unknown;
  /** Accepted DNS record sets / TLS identity. */
  baseline: unknown;
}

export interface MonitorCreate {
  systemId: string;
  kind: MonitorKind;
  name?: string;
  target: string;
  settings?: Record<string, unknown>;
  intervalSeconds?: number;
  timeoutMs?: number;
  failureThreshold?: number;
}

export type MonitorUpdate = Partial<Omit<MonitorCreate, 'systemId' | 'kind'>>;

export interface SeriesPoint {
  t: string;
  checks: number;
  failures: number;
  latencyAvgMs: number | null;
  latencyMaxMs: number | null;
}

export interface Series {
  range: string;
  resolution: 'raw' | 'minute' | 'hour' | 'day';
  points: SeriesPoint[];
}

export interface MonitorEvent {
  id: number;
  at: string;
  fromState: string;
  toState: string;
  reason: string | null;
  details: unknown;
}

export interface FromRegistryResult {
  created: number;
  existing: number;
  systems: number;
}

export type MaintenanceScope = 'monitor' | 'system' | 'agency';

export interface MaintenanceWindowCreate {
  scope: MaintenanceScope;
  scopeId: string;
  reason: string;
  startsAt?: string;
  endsAt?: string;
  /** 0 (Sunday) … 6 (Saturday), Asia/Ho_Chi_Minh. */
  weekdays?: number[];
  /** "HH:MM" */
  startTime?: string;
  durationMinutes?: number;
}

export interface MaintenanceWindow {
  id: string;
  scope: string;
  scopeId: string;
  scopeName: string;
  reason: string;
  startsAt: string | null;
  endsAt: string | null;
  weekdays: number[] | null;
  startTime: string | null;
  durationMinutes: number | null;
  activeNow: boolean;
  createdAt: string;
}

export interface JobStatus {
  name: string;
  description: string;
  intervalMs: number;
  lock: string;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  /** ok | failed | running */
  lastStatus: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  runs: number;
  failures: number;
  /** Worker holding the job lease now. */
  owner: string | null;
}

/** Data of a server-sent event named "monitor" on GET /api/v1/monitors/stream. */
export interface MonitorStreamEvent {
  id: string;
  state: string;
  stateReason: string | null;
  lastCheckedAt: string | null;
  lastLatencyMs: number | null;
  tlsDaysLeft: number | null;
  /** True when the state changed with this check. */
  transition: boolean;
}
