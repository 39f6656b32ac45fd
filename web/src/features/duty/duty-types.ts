/** What the duty API sends (server/src/contracts/duty.schema.ts, duty-report.schema.ts). */

export interface AlertPeriod {
  id: string;
  name: string;
  /** Local wall-clock YYYY-MM-DDTHH:mm in timeZone. */
  start: string;
  end: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  agencyId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlertPeriodInput {
  name: string;
  start: string;
  end: string;
  timeZone: string;
  agencyId: string | null;
}

export interface Rotation {
  shiftHours: number;
  handoverTime: string;
  weekdays?: number[];
  startTimes?: string[];
  participants?: string[];
  startIndex?: number;
}

export interface Override {
  id?: string;
  personId: string;
  from: string;
  to: string;
  reason?: string;
}

export interface Swap {
  id?: string;
  shiftA: string;
  shiftB: string;
}

export interface DutyRoster {
  id: string;
  periodId: string;
  agencyId: string;
  agencyName: string;
  name: string;
  timeZone: string;
  members: string[];
  rotation: Rotation;
  overrides: Override[];
  swaps: Swap[];
  createdAt: string;
  updatedAt: string;
}

export interface DutyRosterInput {
  name: string;
  agencyId: string;
  timeZone: string;
  members: string[];
  rotation: Rotation;
  overrides: Override[];
  swaps: Swap[];
}

export interface ShiftView {
  id: string;
  rosterId: string;
  rosterName: string;
  personId: string;
  personName: string;
  start: string;
  end: string;
  source: 'rotation' | 'override' | 'swap';
  sourceId: string | null;
}

export interface HandoverNote {
  id: string;
  rosterId: string;
  at: string;
  authorId: string | null;
  text: string;
  createdAt: string;
}

export interface Schedule {
  period: AlertPeriod;
  rosters: DutyRoster[];
  shifts: ShiftView[];
  handoverNotes: HandoverNote[];
}

interface Interval {
  start: string;
  end: string;
  startLocal: string;
  endLocal: string;
  hours: number;
  message: string;
}

export interface Coverage {
  period: AlertPeriod;
  ok: boolean;
  agencies: {
    agencyId: string;
    agencyName: string;
    rosterIds: string[];
    report: {
      ok: boolean;
      gaps: (Interval & { scope: 'roster' | 'agency'; rosterId: string | null })[];
      doubleBookings: (Interval & { personId: string; shifts: { rosterId: string }[] })[];
      warnings: (Interval & { personId: string })[];
    };
  }[];
}

export interface OnDuty {
  at: string;
  rosters: { roster: DutyRoster; period: AlertPeriod; onDuty: ShiftView[]; nextHandover: { at: string; outgoing: ShiftView[]; incoming: ShiftView[] } | null }[];
}

export interface DutyPerson {
  id: string;
  displayName: string;
  username: string;
  agencyId: string | null;
  agencyName: string | null;
}

export interface DutyReportItem {
  type: 'group' | 'alert';
  id: string;
  title: string;
  kind: string;
  severity: string;
  agencyName: string | null;
  systemName: string | null;
  alertCount: number;
  openedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  statusAtEnd: 'open' | 'acknowledged' | 'resolved';
}

export interface DutyReportIncident {
  id: string;
  number: string;
  title: string;
  type: string | null;
  serious: boolean;
  agencyName: string;
  receivedAt: string;
  closedAt: string | null;
  receivedToday: boolean;
  openAtEnd: boolean;
}

export interface DutyReport {
  period: AlertPeriod;
  date: string;
  timeZone: string;
  unitName: string;
  window: { start: string; end: string; startLocal: string; endLocal: string };
  rosters: { id: string; name: string; agencyName: string; shifts: ShiftView[] }[];
  handoverNotes: { id: string; rosterId: string; rosterName: string; at: string; authorName: string | null; text: string }[];
  opened: DutyReportItem[];
  resolved: DutyReportItem[];
  stillOpen: DutyReportItem[];
  incidents: DutyReportIncident[];
  summary: { opened: number; resolved: number; stillOpen: number; stillOpenCritical: number; incidentsReceived: number; incidentsOpen: number };
  truncated: boolean;
  generatedAt: string;
}
