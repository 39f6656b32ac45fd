import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import {
  HOUR_MS, instantToNaive, isTimeZone, naiveDayStart, naiveToInstant, naiveWeekday, parseLocalDateTime, parseLocalTime,
} from './local-time.ts';
import { periodTimeZone, rosterTimeZone, shiftId, type AlertPeriod, type Roster, type Shift } from './roster.ts';

/**
 * Expands a roster over an alert period into concrete shifts: rotation first, then swaps
 * (which exchange rotation shifts), then overrides (which cut into whatever is there).
 * Pure and bounded: a period holding more than `maxShifts` slots is refused before any work.
 * Call `validateRoster` first for readable field errors; this only throws on what it cannot
 * expand at all.
 */
export const DEFAULT_MAX_SHIFTS = 5000;

export interface ExpandOptions {
  maxShifts?: number;
}

export interface ResolvedPeriod {
  start: Date;
  end: Date;
  timeZone: string;
}

/** Period start/end as instants; throws ValidationError when they cannot be read. */
export function resolvePeriod(period: AlertPeriod): ResolvedPeriod {
  const timeZone = periodTimeZone(period);
  const issues: FieldIssue[] = [];
  if (!isTimeZone(timeZone)) issues.push({ field: '/timeZone', message: `unknown time zone "${timeZone}"` });
  const s = parseLocalDateTime(period.start);
  const e = parseLocalDateTime(period.end);
  if (s === null) issues.push({ field: '/start', message: 'must be a local date-time YYYY-MM-DDTHH:mm' });
  if (e === null) issues.push({ field: '/end', message: 'must be a local date-time YYYY-MM-DDTHH:mm' });
  if (issues.length) throw new ValidationError('The alert period is not valid', issues);
  const start = naiveToInstant(s!, timeZone);
  const end = naiveToInstant(e!, timeZone);
  if (end <= start) throw new ValidationError('The alert period is not valid', [{ field: '/end', message: 'must be after the start' }]);
  return { start, end, timeZone };
}

/** The rotation alone: who the hand-round puts on each staffed slot, clipped to the period. */
export function expandRotation(roster: Roster, period: AlertPeriod, options: ExpandOptions = {}): Shift[] {
  const p = resolvePeriod(period);
  const timeZone = rosterTimeZone(roster);
  const { rotation } = roster;
  const handover = parseLocalTime(rotation.handoverTime);
  const issues: FieldIssue[] = [];
  if (!isTimeZone(timeZone)) issues.push({ field: '/timeZone', message: `unknown time zone "${timeZone}"` });
  if (!Number.isInteger(rotation.shiftHours) || rotation.shiftHours < 1 || rotation.shiftHours > 72) {
    issues.push({ field: '/rotation/shiftHours', message: 'must be a whole number of hours from 1 to 72' });
  }
  if (handover === null) issues.push({ field: '/rotation/handoverTime', message: 'must be a time HH:mm' });
  const participants = rotation.participants ?? roster.members;
  if (participants.length === 0) issues.push({ field: '/members', message: 'must not be empty' });
  if (issues.length) throw new ValidationError('The roster cannot be expanded', issues);

  const step = rotation.shiftHours * HOUR_MS;
  const maxShifts = options.maxShifts ?? DEFAULT_MAX_SHIFTS;
  // Refuse before looping: every slot in the period could be staffed.
  const slots = Math.ceil((p.end.getTime() - p.start.getTime()) / step) + 1;
  if (slots > maxShifts) {
    throw new ValidationError(`The period holds ${slots} shifts, more than the limit of ${maxShifts}`, [
      { field: '/rotation/shiftHours', message: `too many shifts (${slots} > ${maxShifts})` },
    ]);
  }
  const weekdays = rotation.weekdays && rotation.weekdays.length ? new Set<number>(rotation.weekdays) : null;
  const startTimes = rotation.startTimes && rotation.startTimes.length
    ? new Set(rotation.startTimes.map((t) => parseLocalTime(t)))
    : null;

  // The wall-clock boundary at or before the period start, on the hand-over grid.
  let b = naiveDayStart(instantToNaive(p.start, timeZone)) + handover! * 60_000;
  while (naiveToInstant(b, timeZone) > p.start) b -= step;

  const shifts: Shift[] = [];
  let staffed = 0;
  const startIndex = rotation.startIndex ?? 0;
  for (; ; b += step) {
    const slotStart = naiveToInstant(b, timeZone);
    if (slotStart >= p.end) break;
    const slotEnd = naiveToInstant(b + step, timeZone);
    if (slotEnd <= p.start) continue;
    // A slot swallowed by a DST gap has no length: nobody is "on" it, and it uses no turn.
    if (slotEnd <= slotStart) continue;
    if (weekdays && !weekdays.has(naiveWeekday(b))) continue;
    if (startTimes && !startTimes.has(Math.round((b - naiveDayStart(b)) / 60_000))) continue;
    const start = slotStart < p.start ? p.start : slotStart;
    const end = slotEnd > p.end ? p.end : slotEnd;
    const n = participants.length;
    const personId = participants[(((startIndex + staffed) % n) + n) % n]!;
    staffed++;
    shifts.push({ id: shiftId(roster.id, start), rosterId: roster.id, start, end, personId, source: 'rotation' });
  }
  return shifts;
}

/** Exchanges the people on pairs of rotation shifts; throws on a reference that does not exist. */
export function applySwaps(shifts: Shift[], roster: Roster): Shift[] {
  const out = shifts.map((s) => ({ ...s }));
  const byId = new Map(out.map((s) => [s.id, s]));
  const issues: FieldIssue[] = [];
  (roster.swaps ?? []).forEach((swap, i) => {
    const a = byId.get(swap.shiftA);
    const b = byId.get(swap.shiftB);
    if (!a) issues.push({ field: `/swaps/${i}/shiftA`, message: `no shift "${swap.shiftA}" in this period` });
    if (!b) issues.push({ field: `/swaps/${i}/shiftB`, message: `no shift "${swap.shiftB}" in this period` });
    if (!a || !b) return;
    const pa = a.personId;
    a.personId = b.personId;
    b.personId = pa;
    a.source = b.source = 'swap';
    a.sourceId = b.sourceId = swap.id;
  });
  if (issues.length) throw new ValidationError('A swap refers to a shift that does not exist', issues);
  return out;
}

/** Cuts each override's interval out of the shifts and puts the override's person there. */
export function applyOverrides(shifts: Shift[], roster: Roster, period: ResolvedPeriod): Shift[] {
  const timeZone = rosterTimeZone(roster);
  let out = shifts;
  (roster.overrides ?? []).forEach((o, i) => {
    const f = parseLocalDateTime(o.from);
    const t = parseLocalDateTime(o.to);
    if (f === null || t === null) {
      throw new ValidationError('An override is not valid', [{ field: `/overrides/${i}/${f === null ? 'from' : 'to'}`, message: 'must be a local date-time YYYY-MM-DDTHH:mm' }]);
    }
    const from = new Date(Math.max(naiveToInstant(f, timeZone).getTime(), period.start.getTime()));
    const to = new Date(Math.min(naiveToInstant(t, timeZone).getTime(), period.end.getTime()));
    if (to <= from) return;
    const next: Shift[] = [];
    for (const s of out) {
      if (s.end <= from || s.start >= to) {
        next.push(s);
        continue;
      }
      // Keep what sticks out on either side: the override splits the shift.
      if (s.start < from) next.push({ ...s, id: shiftId(roster.id, s.start), end: from });
      if (s.end > to) next.push({ ...s, id: shiftId(roster.id, to), start: to });
    }
    next.push({ id: shiftId(roster.id, from), rosterId: roster.id, start: from, end: to, personId: o.personId, source: 'override', sourceId: o.id });
    out = next.sort((a, b) => a.start.getTime() - b.start.getTime());
  });
  return out;
}

/** Rotation, then swaps, then overrides: the shifts as they will be worked, sorted by start. */
export function expandSchedule(roster: Roster, period: AlertPeriod, options: ExpandOptions = {}): Shift[] {
  const resolved = resolvePeriod(period);
  const rotation = expandRotation(roster, period, options);
  return applyOverrides(applySwaps(rotation, roster), roster, resolved);
}
