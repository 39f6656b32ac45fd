/**
 * The duty-roster domain: the shapes every other duty module works on. Plain JSON-friendly
 * data (local date-times are strings) so the same objects can later be stored and sent over
 * HTTP unchanged; instants only appear once a roster is expanded into shifts.
 */
export const DEFAULT_DUTY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A local wall-clock date-time, `YYYY-MM-DDTHH:mm` (no offset: the zone is given next to it). */
export type LocalDateTime = string;
/** A local time of day, `HH:mm` (24 h). */
export type LocalTime = string;
/** ISO weekday, 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A stretch the seeds ask for 24/7 duty in (Quốc khánh, Tết, elections). */
export interface AlertPeriod {
  id?: string;
  name: string;
  start: LocalDateTime;
  end: LocalDateTime;
  /** IANA zone name; Asia/Ho_Chi_Minh when absent. */
  timeZone?: string;
}

/**
 * How shifts are cut and handed round. Boundaries are wall-clock: the hand-over time on the
 * period's first local day, then every `shiftHours` of local time, so 08:00/20:00 stay
 * 08:00/20:00 across a DST change (the shift that spans it is an hour longer or shorter).
 */
export interface Rotation {
  /** 1..72 hours. */
  shiftHours: number;
  /** A boundary time of day, `HH:mm`, in the roster's zone. */
  handoverTime: LocalTime;
  /** Only shifts that start on these local weekdays are staffed; all days when absent. */
  weekdays?: IsoWeekday[];
  /** Only shifts that start at these local times are staffed (nights only: ['20:00']); all when absent. */
  startTimes?: LocalTime[];
  /** Rotation order; the roster's members when absent. */
  participants?: string[];
  /** Index into the participants of who takes the first staffed shift of the period (the anchor). */
  startIndex?: number;
}

/** Person `personId` covers [from, to), replacing whoever was scheduled (or covering a gap). */
export interface Override {
  id: string;
  personId: string;
  from: LocalDateTime;
  to: LocalDateTime;
  reason?: string;
}

/** Two people exchange two rotation shifts, named by the ids `expandSchedule` gives them. */
export interface Swap {
  id: string;
  shiftA: string;
  shiftB: string;
}

export interface Roster {
  id: string;
  name: string;
  agencyId: string;
  /** IANA zone the rotation's times are read in; Asia/Ho_Chi_Minh when absent. */
  timeZone?: string;
  /** Person ids, in rotation order. */
  members: string[];
  rotation: Rotation;
  overrides?: Override[];
  swaps?: Swap[];
}

export type ShiftSource = 'rotation' | 'override' | 'swap';

/** A concrete shift: half-open [start, end). */
export interface Shift {
  /** Stable: roster id + start instant. Swaps refer to rotation shifts by this id. */
  id: string;
  rosterId: string;
  start: Date;
  end: Date;
  personId: string;
  source: ShiftSource;
  /** The override or swap that put this person here. */
  sourceId?: string;
}

/** Free text the outgoing person leaves at a shift boundary for the incoming one. */
export interface HandoverNote {
  rosterId: string;
  /** The boundary instant (the incoming shift's start). */
  at: Date;
  authorId: string;
  text: string;
  createdAt: Date;
}

export function shiftId(rosterId: string, start: Date): string {
  return `${rosterId}/${start.toISOString()}`;
}

export function rosterTimeZone(roster: Pick<Roster, 'timeZone'>): string {
  return roster.timeZone ?? DEFAULT_DUTY_TIME_ZONE;
}

export function periodTimeZone(period: Pick<AlertPeriod, 'timeZone'>): string {
  return period.timeZone ?? DEFAULT_DUTY_TIME_ZONE;
}
