import Type from 'typebox';
import { DateTime, LiteralUnion, Name, Nullable, Text, Uuid } from './common.schema.ts';

/** Contact-point roll calls (routes in http/routes/roll-calls.routes.ts). */

export const RollCallCreate = Type.Object(
  {
    title: Name(200),
    message: Type.Optional(Nullable(Text(1000))),
    agencyIds: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
    deadlineMinutes: Type.Integer({ minimum: 5, maximum: 7 * 24 * 60 }),
  },
  { additionalProperties: false },
);

export const RollCallSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  startedAt: DateTime,
  deadlineAt: DateTime,
  closedAt: Nullable(DateTime),
  startedBy: Nullable(Type.String()),
  targets: Type.Integer(),
  answered: Type.Integer(),
  agencies: Type.Integer(),
});

const State = LiteralUnion(['answered', 'waiting', 'no_answer', 'bounced', 'failed', 'unreachable'] as const);

export const RollCallBoard = Type.Object({
  id: Uuid,
  title: Type.String(),
  message: Nullable(Type.String()),
  startedAt: DateTime,
  deadlineAt: DateTime,
  closedAt: Nullable(DateTime),
  now: DateTime,
  counts: Type.Record(Type.String(), Type.Integer()),
  targets: Type.Array(Type.Object({
    id: Uuid,
    agencyId: Uuid,
    agencyName: Type.String(),
    contactPointId: Nullable(Uuid),
    contactName: Type.String(),
    channel: Type.String(),
    address: Type.String(),
    state: State,
    answeredAt: Nullable(DateTime),
    answeredVia: Nullable(Type.String()),
    sentAt: Nullable(DateTime),
    deliveryStatus: Nullable(Type.String()),
    error: Nullable(Type.String()),
  })),
});

export const AgencyVerification = Type.Object({
  id: Uuid,
  name: Type.String(),
  contacts: Type.Integer(),
  verifiedContacts: Type.Integer(),
  lastVerifiedAt: Nullable(DateTime),
});
