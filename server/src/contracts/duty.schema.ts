import Type, { type Static } from 'typebox';
import { DateTime, LiteralUnion, Name, Nullable, Text, Uuid } from './common.schema.ts';

/**
 * Duty rosters (routes in http/routes/duty.routes.ts). Shapes only: local date-times, time
 * zones, shift lengths and overlaps are checked by the duty domain (server/src/duty), which
 * answers with field pointers into these bodies.
 */

const LocalDateTime = Type.String({ maxLength: 40, description: 'local wall-clock YYYY-MM-DDTHH:mm in the time zone' });
const LocalTime = Type.String({ maxLength: 10, description: 'HH:mm (24 h)' });
const TimeZone = Type.String({ maxLength: 64, description: 'IANA zone; Asia/Ho_Chi_Minh when absent' });

export const AlertPeriodCreate = Type.Object(
  {
    name: Name(200),
    start: LocalDateTime,
    end: LocalDateTime,
    timeZone: Type.Optional(TimeZone),
    agencyId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export type AlertPeriodCreate = Static<typeof AlertPeriodCreate>;
export const AlertPeriodUpdate = Type.Partial(AlertPeriodCreate, { additionalProperties: false, minProperties: 1 });

export const AlertPeriod = Type.Object({
  id: Uuid,
  name: Type.String(),
  start: Type.String(),
  end: Type.String(),
  timeZone: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  agencyId: Nullable(Uuid),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const Rotation = Type.Object(
  {
    shiftHours: Type.Integer(),
    handoverTime: LocalTime,
    weekdays: Type.Optional(Type.Array(Type.Integer(), { maxItems: 7 })),
    startTimes: Type.Optional(Type.Array(LocalTime, { maxItems: 48 })),
    participants: Type.Optional(Type.Array(Uuid, { maxItems: 200 })),
    startIndex: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
const OverrideIn = Type.Object(
  { id: Type.Optional(Text(100, { minLength: 1 })), personId: Uuid, from: LocalDateTime, to: LocalDateTime, reason: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
const SwapIn = Type.Object(
  { id: Type.Optional(Text(100, { minLength: 1 })), shiftA: Text(200), shiftB: Text(200) },
  { additionalProperties: false },
);

export const DutyRosterCreate = Type.Object(
  {
    name: Name(200),
    agencyId: Type.Optional(Uuid),
    timeZone: Type.Optional(TimeZone),
    members: Type.Array(Uuid, { maxItems: 200, description: 'user ids in rotation order' }),
    rotation: Rotation,
    overrides: Type.Optional(Type.Array(OverrideIn, { maxItems: 500 })),
    swaps: Type.Optional(Type.Array(SwapIn, { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type DutyRosterCreate = Static<typeof DutyRosterCreate>;
export const DutyRosterUpdate = Type.Partial(DutyRosterCreate, { additionalProperties: false, minProperties: 1 });

export const DutyRoster = Type.Object({
  id: Uuid,
  periodId: Uuid,
  agencyId: Uuid,
  agencyName: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  members: Type.Array(Type.String()),
  rotation: Rotation,
  overrides: Type.Array(Type.Object({ id: Type.String(), personId: Type.String(), from: Type.String(), to: Type.String(), reason: Type.Optional(Type.String()) })),
  swaps: Type.Array(Type.Object({ id: Type.String(), shiftA: Type.String(), shiftB: Type.String() })),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const Shift = Type.Object({
  id: Type.String({ description: 'roster id / start instant; swaps name rotation shifts by it' }),
  rosterId: Uuid,
  rosterName: Type.String(),
  personId: Type.String(),
  personName: Type.String(),
  start: DateTime,
  end: DateTime,
  source: LiteralUnion(['rotation', 'override', 'swap'] as const),
  sourceId: Nullable(Type.String()),
});

export const HandoverNoteCreate = Type.Object(
  { at: Type.String({ format: 'date-time', description: 'the incoming shift\'s start' }), text: Text(4000, { minLength: 1 }) },
  { additionalProperties: false },
);
export const HandoverNote = Type.Object({ id: Uuid, rosterId: Uuid, at: DateTime, authorId: Nullable(Uuid), text: Type.String(), createdAt: DateTime });

export const Schedule = Type.Object({ period: AlertPeriod, rosters: Type.Array(DutyRoster), shifts: Type.Array(Shift), handoverNotes: Type.Array(HandoverNote) });

const Interval = {
  start: DateTime,
  end: DateTime,
  startLocal: Type.String({ description: 'DD/MM/YYYY HH:mm in the period\'s zone' }),
  endLocal: Type.String(),
  hours: Type.Number(),
  message: Type.String(),
};
const ShiftRef = Type.Object({ id: Type.String(), rosterId: Type.String(), personId: Type.String(), start: DateTime, end: DateTime, source: Type.String() });
export const Coverage = Type.Object({
  period: AlertPeriod,
  ok: Type.Boolean(),
  agencies: Type.Array(Type.Object({
    agencyId: Uuid,
    agencyName: Type.String(),
    rosterIds: Type.Array(Uuid),
    report: Type.Object({
      ok: Type.Boolean(),
      gaps: Type.Array(Type.Object({ ...Interval, scope: LiteralUnion(['roster', 'agency'] as const), rosterId: Nullable(Type.String()) })),
      doubleBookings: Type.Array(Type.Object({ ...Interval, personId: Type.String(), shifts: Type.Array(ShiftRef) })),
      warnings: Type.Array(Type.Object({ ...Interval, personId: Type.String(), shifts: Type.Array(ShiftRef) })),
    }),
  })),
});

export const OnDutyQuery = Type.Object(
  { at: Type.Optional(Type.String({ format: 'date-time' })), agencyId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const OnDuty = Type.Object({
  at: DateTime,
  rosters: Type.Array(Type.Object({
    roster: DutyRoster,
    period: AlertPeriod,
    onDuty: Type.Array(Shift),
    nextHandover: Nullable(Type.Object({ at: DateTime, outgoing: Type.Array(Shift), incoming: Type.Array(Shift) })),
  })),
});
