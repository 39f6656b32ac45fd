import Type from 'typebox';
import { DateTime, LiteralUnion, Name, Nullable, Text, Uuid } from './common.schema.ts';

/**
 * Escalation policies and routing rules (routes in http/routes/escalation.routes.ts). Shapes
 * only: step sense (a repeating policy must wait somewhere) and references are checked by the
 * service with field pointers into these bodies.
 */

export const EscalationStep = Type.Union([
  Type.Object({ type: Type.Literal('notify_on_duty'), rosterId: Uuid }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('notify_agency_on_duty') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('notify_agency_contacts'), availability: Type.Optional(Type.Array(LiteralUnion(['office_hours', 'out_of_hours', 'leadership'] as const), { minItems: 1, maxItems: 3 })) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('notify_users'), userIds: Type.Array(Uuid, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('notify_channel'), channelId: Uuid }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('wait'), minutes: Type.Integer({ minimum: 1, maximum: 1440 }) }, { additionalProperties: false }),
]);

export const PolicyCreate = Type.Object(
  {
    name: Name(200),
    description: Type.Optional(Nullable(Text(2000))),
    steps: Type.Array(EscalationStep, { maxItems: 20 }),
    repeat: Type.Integer({ minimum: 0, maximum: 10 }),
  },
  { additionalProperties: false },
);
export const PolicyUpdate = Type.Partial(PolicyCreate, { additionalProperties: false, minProperties: 1 });

export const Policy = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  steps: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  repeat: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const RouteMatch = Type.Object(
  {
    agencyIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    includeSubAgencies: Type.Optional(Type.Boolean()),
    severities: Type.Optional(Type.Array(LiteralUnion(['info', 'low', 'medium', 'high', 'critical'] as const), { maxItems: 5 })),
    kinds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50 })),
    sources: Type.Optional(Type.Array(LiteralUnion(['monitoring', 'detection', 'external'] as const), { maxItems: 3 })),
  },
  { additionalProperties: false },
);

export const RuleCreate = Type.Object(
  {
    name: Name(200),
    enabled: Type.Optional(Type.Boolean()),
    match: RouteMatch,
    policyId: Nullable(Uuid),
    groupBy: LiteralUnion(['none', 'hosting', 'agency', 'kind'] as const),
    groupWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export const RuleUpdate = Type.Partial(RuleCreate, { additionalProperties: false, minProperties: 1 });

export const Rule = Type.Object({
  id: Uuid,
  name: Type.String(),
  position: Type.Integer(),
  enabled: Type.Boolean(),
  match: Type.Record(Type.String(), Type.Unknown()),
  policyId: Nullable(Uuid),
  groupBy: Type.String(),
  groupWindowSeconds: Type.Integer(),
});
