import Type, { type Static } from 'typebox';
import { DateTime, LiteralUnion, Name, Nullable, PageQuery, Text, Uuid } from './common.schema.ts';

/** The monitoring API's transport contract (routes in http/routes/monitors.routes.ts). */

export const MONITOR_KINDS = ['http', 'tls', 'dns', 'tcp', 'content'] as const;
export const MONITOR_STATES = ['up', 'degraded', 'down', 'unknown'] as const;
export const MonitorKindSchema = LiteralUnion(MONITOR_KINDS);
export const MonitorStateSchema = LiteralUnion(MONITOR_STATES);

const Settings = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50, description: "Probe-specific settings; see each probe's schema" });

export const MonitorCreate = Type.Object(
  {
    systemId: Uuid,
    kind: MonitorKindSchema,
    name: Type.Optional(Name(200)),
    target: Text(2000, { minLength: 1, description: 'URL for http and content; host or host:port for tls; host name for dns; host:port for tcp' }),
    settings: Type.Optional(Settings),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86400 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 500, maximum: 60000 })),
    failureThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  },
  { additionalProperties: false },
);
export type MonitorCreate = Static<typeof MonitorCreate>;

export const MonitorUpdate = Type.Partial(Type.Omit(MonitorCreate, ['systemId', 'kind']), { additionalProperties: false, minProperties: 1 });
export type MonitorUpdate = Static<typeof MonitorUpdate>;

export const Uptime = Type.Object({
  h24: Nullable(Type.Number({ description: 'percent of successful checks, null when no data' })),
  d7: Nullable(Type.Number()),
  d30: Nullable(Type.Number()),
});

export const Monitor = Type.Object({
  id: Uuid,
  systemId: Uuid,
  systemName: Type.String(),
  agencyId: Uuid,
  agencyName: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  target: Type.String(),
  settings: Type.Record(Type.String(), Type.Unknown()),
  intervalSeconds: Type.Integer(),
  timeoutMs: Type.Integer(),
  failureThreshold: Type.Integer(),
  paused: Type.Boolean(),
  state: Type.String(),
  stateReason: Nullable(Type.String()),
  stateSince: Nullable(DateTime),
  lastCheckedAt: Nullable(DateTime),
  lastLatencyMs: Nullable(Type.Integer()),
  tlsDaysLeft: Nullable(Type.Integer()),
  flapping: Type.Boolean(),
  uptime: Uptime,
  /** Latency of the most recent checks, oldest first (null = failed check). */
  sparkline: Type.Array(Nullable(Type.Integer()), { maxItems: 60 }),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Monitor = Static<typeof Monitor>;

export const MonitorDetail = Type.Intersect([
  Monitor,
  Type.Object({
    lastResult: Type.Unknown({ description: 'details of the last check (status, timings, redirects, certificate, records…)' }),
    baseline: Type.Unknown({ description: 'accepted DNS record sets / TLS identity; for content monitors a summary of the learned page profile' }),
  }),
]);

export const MonitorListQuery = Type.Object(
  {
    ...PageQuery,
    agencyId: Type.Optional(Uuid),
    systemId: Type.Optional(Uuid),
    state: Type.Optional(MonitorStateSchema),
    kind: Type.Optional(MonitorKindSchema),
    paused: Type.Optional(Type.Boolean()),
    sort: Type.Optional(LiteralUnion(['name', 'state', 'lastCheckedAt', 'latency', 'tlsDaysLeft'], { default: 'name' })),
  },
  { additionalProperties: false },
);
export type MonitorListQuery = Static<typeof MonitorListQuery>;

export const SeriesQuery = Type.Object({ range: Type.Optional(LiteralUnion(['1h', '24h', '7d', '30d'], { default: '24h' })) }, { additionalProperties: false });
export const SeriesPoint = Type.Object({
  t: DateTime,
  checks: Type.Integer(),
  failures: Type.Integer(),
  latencyAvgMs: Nullable(Type.Integer()),
  latencyMaxMs: Nullable(Type.Integer()),
});
export const Series = Type.Object({ range: Type.String(), resolution: LiteralUnion(['raw', 'minute', 'hour', 'day']), points: Type.Array(SeriesPoint) });

export const MonitorEvent = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  fromState: Type.String(),
  toState: Type.String(),
  reason: Nullable(Type.String()),
  details: Type.Unknown(),
});

export const FromRegistryRequest = Type.Object({ agencyId: Type.Optional(Uuid) }, { additionalProperties: false });
export const FromRegistryResult = Type.Object({ created: Type.Integer(), existing: Type.Integer(), systems: Type.Integer() });

export const MaintenanceWindowCreate = Type.Object(
  {
    scope: LiteralUnion(['monitor', 'system', 'agency']),
    scopeId: Uuid,
    reason: Text(500, { minLength: 1 }),
    /** One-off window. */
    startsAt: Type.Optional(DateTime),
    endsAt: Type.Optional(DateTime),
    /** Recurring weekly window in Asia/Ho_Chi_Minh: days 0 (Sunday)…6, start "HH:MM", duration. */
    weekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, maxItems: 7, uniqueItems: true })),
    startTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 })),
  },
  { additionalProperties: false },
);
export type MaintenanceWindowCreate = Static<typeof MaintenanceWindowCreate>;

export const MaintenanceWindow = Type.Object({
  id: Uuid,
  scope: Type.String(),
  scopeId: Uuid,
  scopeName: Type.String(),
  reason: Type.String(),
  startsAt: Nullable(DateTime),
  endsAt: Nullable(DateTime),
  weekdays: Nullable(Type.Array(Type.Integer())),
  startTime: Nullable(Type.String()),
  durationMinutes: Nullable(Type.Integer()),
  activeNow: Type.Boolean(),
  createdAt: DateTime,
});

export const JobStatus = Type.Object({
  name: Type.String(),
  description: Type.String(),
  intervalMs: Type.Integer(),
  lock: Type.String(),
  lastStartedAt: Nullable(DateTime),
  lastFinishedAt: Nullable(DateTime),
  lastStatus: Nullable(Type.String({ description: 'ok | failed | running' })),
  lastError: Nullable(Type.String()),
  lastDurationMs: Nullable(Type.Integer()),
  runs: Type.Integer(),
  failures: Type.Integer(),
  owner: Nullable(Type.String({ description: 'worker holding the job lease now' })),
});

/** Server-sent event payload on GET /api/v1/monitors/stream (event name "monitor"). */
export const MonitorStreamEvent = Type.Object({
  id: Uuid,
  state: Type.String(),
  stateReason: Nullable(Type.String()),
  lastCheckedAt: Nullable(DateTime),
  lastLatencyMs: Nullable(Type.Integer()),
  tlsDaysLeft: Nullable(Type.Integer()),
  transition: Type.Boolean({ description: 'true when the state changed with this check' }),
});
