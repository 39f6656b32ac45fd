import Type, { type Static } from 'typebox';
import { DateTime, LiteralUnion, Name, Nullable, Text, Uuid } from './common.schema.ts';

/** Alert groups (routes in http/routes/alerts.routes.ts): what people are told about and act on. */

export const SEVERITY_VALUES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = LiteralUnion(SEVERITY_VALUES);
export const GroupStatus = LiteralUnion(['triggered', 'acknowledged', 'resolved'] as const);

export const AlertGroup = Type.Object({
  id: Uuid,
  status: GroupStatus,
  severity: Severity,
  kind: Type.String(),
  source: Type.String(),
  title: Type.String(),
  groupKey: Type.String(),
  agencyId: Nullable(Uuid),
  agencyName: Nullable(Type.String()),
  systemId: Nullable(Uuid),
  systemName: Nullable(Type.String()),
  monitorId: Nullable(Uuid),
  policyId: Nullable(Uuid),
  policyName: Nullable(Type.String()),
  alertCount: Type.Integer(),
  openCount: Type.Integer(),
  openedAt: DateTime,
  lastAlertAt: DateTime,
  acknowledgedAt: Nullable(DateTime),
  acknowledgedBy: Nullable(Type.String()),
  resolvedAt: Nullable(DateTime),
  assigneeId: Nullable(Uuid),
  assigneeName: Nullable(Type.String()),
  snoozedUntil: Nullable(DateTime),
  nextEscalationAt: Nullable(DateTime),
  escalationStep: Type.Integer(),
  escalationRound: Type.Integer(),
});
export type AlertGroup = Static<typeof AlertGroup>;

export const AlertMember = Type.Object({
  id: Uuid,
  kind: Type.String(),
  severity: Type.String(),
  status: Type.String(),
  source: Type.String(),
  summary: Type.String(),
  openedAt: DateTime,
  resolvedAt: Nullable(DateTime),
  occurrences: Type.Integer(),
  monitorId: Nullable(Uuid),
  systemId: Nullable(Uuid),
  systemName: Nullable(Type.String()),
  agencyId: Nullable(Uuid),
  agencyName: Nullable(Type.String()),
});

export const AlertEvent = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  type: Type.String(),
  actorName: Nullable(Type.String()),
  text: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const AlertDelivery = Type.Object({
  id: Uuid,
  template: Type.String(),
  recipient: Type.String(),
  recipientName: Nullable(Type.String()),
  channelName: Type.String(),
  channelKind: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  createdAt: DateTime,
  nextAttemptAt: DateTime,
  sentAt: Nullable(DateTime),
  lastError: Nullable(Type.String()),
  lastCode: Nullable(Type.String()),
});

export const AlertGroupDetail = Type.Object({
  group: AlertGroup,
  members: Type.Array(AlertMember),
  events: Type.Array(AlertEvent),
  deliveries: Type.Array(AlertDelivery),
});

export const AlertGroupQuery = Type.Object(
  {
    status: Type.Optional(LiteralUnion(['active', 'triggered', 'acknowledged', 'resolved'] as const)),
    severity: Type.Optional(Severity),
    agencyId: Type.Optional(Uuid),
    assigneeId: Type.Optional(Uuid),
    monitorId: Type.Optional(Uuid),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const ResolveBody = Type.Object({ note: Type.Optional(Nullable(Text(4000))) }, { additionalProperties: false });
export const AssignBody = Type.Object({ userId: Nullable(Uuid) }, { additionalProperties: false });
export const CommentBody = Type.Object({ text: Text(4000, { minLength: 1 }) }, { additionalProperties: false });
export const SnoozeBody = Type.Object({ minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }) }, { additionalProperties: false });

/** An alert from an external source. Repeats of the same key while open are counted, not re-paged. */
export const ExternalAlertBody = Type.Object(
  {
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: "the sender's de-duplication key (printable ASCII)" })),
    title: Name(500),
    severity: Severity,
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9][a-z0-9._-]*$' })),
    status: Type.Optional(LiteralUnion(['firing', 'resolved'] as const, { default: 'firing' })),
    agencyId: Type.Optional(Uuid),
    systemId: Type.Optional(Uuid),
    summary: Type.Optional(Text(4000)),
    details: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 })),
  },
  { additionalProperties: false },
);
export type ExternalAlertBody = Static<typeof ExternalAlertBody>;

export const ExternalAlertResult = Type.Object({
  status: LiteralUnion(['created', 'repeated', 'resolved', 'not_open'] as const),
  alertId: Nullable(Uuid),
  groupId: Nullable(Uuid),
});
