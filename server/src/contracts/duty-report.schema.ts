import Type from 'typebox';
import { DateTime, LiteralUnion, Nullable, Uuid } from './common.schema.ts';
import { AlertPeriod, Shift } from './duty.schema.ts';

/**
 * The daily duty report, signed calendar links and the people a roster can be staffed with
 * (routes in http/routes/duty-report.routes.ts and calendar-feed.routes.ts).
 */

export const DutyReportQuery = Type.Object(
  { date: Type.String({ maxLength: 20, description: 'a local day of the period, YYYY-MM-DD' }) },
  { additionalProperties: false },
);

const Item = Type.Object({
  type: LiteralUnion(['group', 'alert'] as const),
  id: Uuid,
  title: Type.String(),
  kind: Type.String(),
  severity: Type.String(),
  agencyName: Nullable(Type.String()),
  systemName: Nullable(Type.String()),
  alertCount: Type.Integer(),
  openedAt: DateTime,
  acknowledgedAt: Nullable(DateTime),
  resolvedAt: Nullable(DateTime),
  statusAtEnd: LiteralUnion(['open', 'acknowledged', 'resolved'] as const),
});

export const DutyReport = Type.Object({
  period: AlertPeriod,
  date: Type.String(),
  timeZone: Type.String(),
  unitName: Type.String(),
  window: Type.Object({ start: DateTime, end: DateTime, startLocal: Type.String(), endLocal: Type.String() }),
  rosters: Type.Array(Type.Object({ id: Uuid, name: Type.String(), agencyName: Type.String(), shifts: Type.Array(Shift) })),
  handoverNotes: Type.Array(Type.Object({ id: Uuid, rosterId: Uuid, rosterName: Type.String(), at: DateTime, authorName: Nullable(Type.String()), text: Type.String() })),
  opened: Type.Array(Item),
  resolved: Type.Array(Item),
  stillOpen: Type.Array(Item),
  incidents: Type.Array(Type.Object({
    id: Uuid, number: Type.String(), title: Type.String(), type: Nullable(Type.String()), serious: Type.Boolean(), agencyName: Type.String(),
    receivedAt: DateTime, closedAt: Nullable(DateTime), receivedToday: Type.Boolean(), openAtEnd: Type.Boolean(),
  })),
  summary: Type.Object({
    opened: Type.Integer(), resolved: Type.Integer(), stillOpen: Type.Integer(), stillOpenCritical: Type.Integer(), incidentsReceived: Type.Integer(), incidentsOpen: Type.Integer(),
  }),
  truncated: Type.Boolean(),
  generatedAt: DateTime,
});

export const CalendarLink = Type.Object({ url: Type.String({ description: 'subscribe to this URL in a calendar app; it carries its own authority, keep it private' }) });

export const CalendarFeedParams = Type.Object({ token: Type.String({ maxLength: 400 }) }, { additionalProperties: false });

export const DutyPeopleQuery = Type.Object({ agencyId: Type.Optional(Uuid) }, { additionalProperties: false });
export const DutyPeople = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, displayName: Type.String(), username: Type.String(), agencyId: Nullable(Uuid), agencyName: Nullable(Type.String()) })),
});
