import { ValidationError, type FieldIssue } from '../domain/errors.ts';
import { HOUR_MS, isTimeZone, naiveToInstant, parseLocalDateTime, parseLocalTime } from './local-time.ts';
import { periodTimeZone, rosterTimeZone, type AlertPeriod, type Roster } from './roster.ts';
import { expandRotation, DEFAULT_MAX_SHIFTS } from './schedule.ts';

/**
 * Field-level checks for alert periods and rosters, as `{ field: JSON pointer, message }`
 * issues (the shape `ValidationError` carries to problem+json). Every check runs so the
 * form can show all problems at once; checks that need a readable period are skipped when
 * it is not.
 */
/** Bounded work: an alert period is days or weeks, never a year. */
export const MAX_PERIOD_DAYS = 90;
const DAY_MS = 86_400_000;

export interface PeriodBounds {
  start: Date;
  end: Date;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Issues for an alert period; pointers are relative to the period (prefix with `base`). */
export function validatePeriod(period: AlertPeriod, base = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (f: string, message: string) => issues.push({ field: `${base}/${f}`, message });
  if (!nonEmpty(period.name)) at('name', 'must not be empty');
  const timeZone = periodTimeZone(period);
  const zoneOk = isTimeZone(timeZone);
  if (!zoneOk) at('timeZone', `unknown time zone "${String(timeZone)}"`);
  const s = parseLocalDateTime(period.start);
  const e = parseLocalDateTime(period.end);
  if (s === null) at('start', 'must be a local date-time YYYY-MM-DDTHH:mm');
  if (e === null) at('end', 'must be a local date-time YYYY-MM-DDTHH:mm');
  if (s !== null && e !== null && zoneOk) {
    const start = naiveToInstant(s, timeZone).getTime();
    const end = naiveToInstant(e, timeZone).getTime();
    if (end <= start) at('end', 'must be after the start');
    else if (end - start > MAX_PERIOD_DAYS * DAY_MS) at('end', `the period must not be longer than ${MAX_PERIOD_DAYS} days`);
  }
  return issues;
}

/** The period as instants, or null when validatePeriod has issues. */
export function periodBounds(period: AlertPeriod): PeriodBounds | null {
  if (validatePeriod(period).length) return null;
  const tz = periodTimeZone(period);
  return { start: naiveToInstant(parseLocalDateTime(period.start)!, tz), end: naiveToInstant(parseLocalDateTime(period.end)!, tz) };
}

/**
 * Issues for a roster planned over `period` (pointers relative to the roster). Period issues
 * are not repeated here: validate the period on its own.
 */
export function validateRoster(roster: Roster, period: AlertPeriod, base = '', maxShifts = DEFAULT_MAX_SHIFTS): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (f: string, message: string) => issues.push({ field: `${base}/${f}`, message });
  if (!nonEmpty(roster.id)) at('id', 'must not be empty');
  if (!nonEmpty(roster.name)) at('name', 'must not be empty');
  if (!nonEmpty(roster.agencyId)) at('agencyId', 'must not be empty');
  const timeZone = rosterTimeZone(roster);
  const zoneOk = isTimeZone(timeZone);
  if (!zoneOk) at('timeZone', `unknown time zone "${String(timeZone)}"`);

  const members = Array.isArray(roster.members) ? roster.members : [];
  if (members.length === 0) at('members', 'must not be empty');
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (!nonEmpty(m)) at(`members/${i}`, 'must not be empty');
    else if (seen.has(m)) at(`members/${i}`, `"${m}" is listed more than once`);
    seen.add(m);
  });

  const bounds = periodBounds(period);
  const r = roster.rotation ?? ({} as Roster['rotation']);
  const hoursOk = Number.isInteger(r.shiftHours) && r.shiftHours >= 1 && r.shiftHours <= 72;
  if (!hoursOk) at('rotation/shiftHours', 'must be a whole number of hours from 1 to 72');
  else if (bounds && r.shiftHours * HOUR_MS > bounds.end.getTime() - bounds.start.getTime()) {
    at('rotation/shiftHours', 'a shift must not be longer than the alert period');
  }
  const handover = parseLocalTime(r.handoverTime);
  if (handover === null) at('rotation/handoverTime', 'must be a time HH:mm (00:00–23:59)');
  (r.weekdays ?? []).forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > 7) at(`rotation/weekdays/${i}`, 'must be an ISO weekday 1 (Monday) to 7 (Sunday)');
  });
  (r.startTimes ?? []).forEach((t, i) => {
    const m = parseLocalTime(t);
    if (m === null) at(`rotation/startTimes/${i}`, 'must be a time HH:mm (00:00–23:59)');
    // When shifts tile the day, a start time off the hand-over grid would never match.
    else if (hoursOk && handover !== null && 24 % r.shiftHours === 0 && (((m - handover) % (r.shiftHours * 60)) + r.shiftHours * 60) % (r.shiftHours * 60) !== 0) {
      at(`rotation/startTimes/${i}`, `no shift starts at ${t} with ${r.shiftHours} h shifts handed over at ${r.handoverTime}`);
    }
  });
  if (r.participants !== undefined) {
    if (r.participants.length === 0) at('rotation/participants', 'must not be empty');
    const inRotation = new Set<string>();
    r.participants.forEach((p, i) => {
      if (!seen.has(p)) at(`rotation/participants/${i}`, `"${p}" is not a member of the roster`);
      else if (inRotation.has(p)) at(`rotation/participants/${i}`, `"${p}" is listed more than once`);
      inRotation.add(p);
    });
  }
  const n = (r.participants ?? members).length;
  if (r.startIndex !== undefined && (!Number.isInteger(r.startIndex) || r.startIndex < 0 || (n > 0 && r.startIndex >= n))) {
    at('rotation/startIndex', `must be a position in the rotation (0–${Math.max(n - 1, 0)})`);
  }

  // Overrides: readable, inside the period, and never two claiming the same time.
  const intervals: { i: number; personId: string; from: number; to: number }[] = [];
  (roster.overrides ?? []).forEach((o, i) => {
    if (!nonEmpty(o.personId)) at(`overrides/${i}/personId`, 'must not be empty');
    const f = parseLocalDateTime(o.from);
    const t = parseLocalDateTime(o.to);
    if (f === null) at(`overrides/${i}/from`, 'must be a local date-time YYYY-MM-DDTHH:mm');
    if (t === null) at(`overrides/${i}/to`, 'must be a local date-time YYYY-MM-DDTHH:mm');
    if (f === null || t === null || !zoneOk) return;
    const from = naiveToInstant(f, timeZone).getTime();
    const to = naiveToInstant(t, timeZone).getTime();
    if (to <= from) {
      at(`overrides/${i}/to`, 'must be after from');
      return;
    }
    if (bounds && from < bounds.start.getTime()) at(`overrides/${i}/from`, 'is before the alert period starts');
    if (bounds && to > bounds.end.getTime()) at(`overrides/${i}/to`, 'is after the alert period ends');
    for (const other of intervals) {
      if (from < other.to && other.from < to) {
        // Two overrides on one stretch would make "who replaces whom" depend on their order.
        at(`overrides/${i}`, other.personId === o.personId
          ? `overlaps override ${other.i} for the same person`
          : `overlaps override ${other.i} (${other.personId}): only one person can replace the scheduled one`);
      }
    }
    intervals.push({ i, personId: o.personId, from, to });
  });

  // Swaps refer to rotation shifts, so they can only be checked once the rest expands.
  const swaps = roster.swaps ?? [];
  if (swaps.length && issues.length === 0 && bounds) {
    let shifts;
    try {
      shifts = expandRotation(roster, period, { maxShifts });
    } catch (err) {
      if (err instanceof ValidationError) {
        for (const f of err.fields) issues.push({ field: `${base}${f.field}`, message: f.message });
        return issues;
      }
      throw err;
    }
    const byId = new Map(shifts.map((s) => [s.id, s]));
    const used = new Map<string, number>();
    swaps.forEach((s, i) => {
      const a = byId.get(s.shiftA);
      const b = byId.get(s.shiftB);
      if (!a) at(`swaps/${i}/shiftA`, `no shift "${s.shiftA}" in this period`);
      if (!b) at(`swaps/${i}/shiftB`, `no shift "${s.shiftB}" in this period`);
      if (!a || !b) return;
      if (s.shiftA === s.shiftB) at(`swaps/${i}/shiftB`, 'must be a different shift from shiftA');
      else if (a.personId === b.personId) at(`swaps/${i}`, 'both shifts belong to the same person');
      for (const [key, id] of [['shiftA', s.shiftA], ['shiftB', s.shiftB]] as const) {
        const prev = used.get(id);
        if (prev !== undefined) at(`swaps/${i}/${key}`, `shift is already exchanged by swap ${prev}`);
        else used.set(id, i);
      }
    });
  } else if (issues.length === 0 && bounds && hoursOk) {
    // Without swaps, still refuse a roster that would not expand within the bound.
    const slots = Math.ceil((bounds.end.getTime() - bounds.start.getTime()) / (r.shiftHours * HOUR_MS)) + 1;
    if (slots > maxShifts) at('rotation/shiftHours', `too many shifts (${slots} > ${maxShifts})`);
  }
  return issues;
}

/** Throws ValidationError with every issue of the period and the rosters planned over it. */
export function assertValidPlan(period: AlertPeriod, rosters: Roster[]): void {
  const issues = [
    ...validatePeriod(period, '/period'),
    ...rosters.flatMap((r, i) => validateRoster(r, period, `/rosters/${i}`)),
  ];
  if (issues.length) throw new ValidationError('The duty plan is not valid', issues);
}
