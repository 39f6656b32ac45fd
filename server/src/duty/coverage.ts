import { formatLocal, HOUR_MS } from './local-time.ts';
import { type Shift } from './roster.ts';

/**
 * The check run before an alert period starts: where nobody is on duty, who is booked twice
 * at once (typically across two rosters of one agency), and, as a warning, who would work
 * too long without a break. Intervals come back as instants and as local text for people.
 */
export interface CoverageSchedule {
  rosterId: string;
  rosterName?: string;
  shifts: Shift[];
}

export interface CoverageInput {
  /** The alert period as instants (see periodBounds / resolvePeriod). */
  period: { start: Date; end: Date };
  /** Zone the readable intervals are written in. */
  timeZone: string;
  schedules: CoverageSchedule[];
  /** Warn when one person is on duty longer than this without a break. */
  maxConsecutiveHours?: number;
}

export interface LocalInterval {
  start: Date;
  end: Date;
  /** `DD/MM/YYYY HH:mm` in the report's zone. */
  startLocal: string;
  endLocal: string;
  hours: number;
}

export interface Gap extends LocalInterval {
  /** 'roster': this roster has nobody; 'agency': none of the rosters has anybody. */
  scope: 'roster' | 'agency';
  rosterId: string | null;
  message: string;
}

export interface DoubleBooking extends LocalInterval {
  personId: string;
  shifts: [Shift, Shift];
  message: string;
}

export interface LongStretch extends LocalInterval {
  personId: string;
  shifts: Shift[];
  message: string;
}

export interface CoverageReport {
  /** No agency-wide gap (or roster gap, with one roster) and no double booking. */
  ok: boolean;
  gaps: Gap[];
  doubleBookings: DoubleBooking[];
  warnings: LongStretch[];
}

function interval(start: Date, end: Date, timeZone: string): LocalInterval {
  return {
    start, end,
    startLocal: formatLocal(start, timeZone),
    endLocal: formatLocal(end, timeZone),
    hours: (end.getTime() - start.getTime()) / HOUR_MS,
  };
}

const byStart = (a: Shift, b: Shift) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime();

/** Uncovered stretches of [from, to) given some shifts (clipped to the window). */
export function findGaps(shifts: Shift[], from: Date, to: Date): { start: Date; end: Date }[] {
  const gaps: { start: Date; end: Date }[] = [];
  let cursor = from.getTime();
  for (const s of [...shifts].sort(byStart)) {
    const start = Math.max(s.start.getTime(), from.getTime());
    const end = Math.min(s.end.getTime(), to.getTime());
    if (end <= start) continue;
    if (start > cursor) gaps.push({ start: new Date(cursor), end: new Date(start) });
    cursor = Math.max(cursor, end);
  }
  if (cursor < to.getTime()) gaps.push({ start: new Date(cursor), end: to });
  return gaps;
}

function groupByPerson(shifts: Shift[]): Map<string, Shift[]> {
  const map = new Map<string, Shift[]>();
  for (const s of shifts) {
    const list = map.get(s.personId) ?? [];
    list.push(s);
    map.set(s.personId, list);
  }
  for (const list of map.values()) list.sort(byStart);
  return map;
}

export function checkCoverage(input: CoverageInput): CoverageReport {
  const { period, timeZone, schedules } = input;
  const names = new Map(schedules.map((s) => [s.rosterId, s.rosterName ?? s.rosterId]));
  const gaps: Gap[] = [];
  for (const sch of schedules) {
    for (const g of findGaps(sch.shifts, period.start, period.end)) {
      const iv = interval(g.start, g.end, timeZone);
      gaps.push({ ...iv, scope: 'roster', rosterId: sch.rosterId, message: `${names.get(sch.rosterId)}: nobody on duty from ${iv.startLocal} to ${iv.endLocal} (${iv.hours} h)` });
    }
  }
  const all = schedules.flatMap((s) => s.shifts);
  if (schedules.length > 1) {
    for (const g of findGaps(all, period.start, period.end)) {
      const iv = interval(g.start, g.end, timeZone);
      gaps.push({ ...iv, scope: 'agency', rosterId: null, message: `No roster has anybody on duty from ${iv.startLocal} to ${iv.endLocal} (${iv.hours} h)` });
    }
  }

  const doubleBookings: DoubleBooking[] = [];
  const warnings: LongStretch[] = [];
  for (const [personId, list] of groupByPerson(all)) {
    // Sweep in start order; `active` holds shifts that may still overlap later ones.
    let active: Shift[] = [];
    for (const s of list) {
      active = active.filter((a) => a.end > s.start);
      for (const a of active) {
        const iv = interval(s.start, a.end < s.end ? a.end : s.end, timeZone);
        doubleBookings.push({
          ...iv, personId, shifts: [a, s],
          message: `${personId} is on two shifts at once from ${iv.startLocal} to ${iv.endLocal} (${names.get(a.rosterId) ?? a.rosterId} and ${names.get(s.rosterId) ?? s.rosterId})`,
        });
      }
      active.push(s);
    }
    const limit = input.maxConsecutiveHours;
    if (limit !== undefined) {
      // Back-to-back shifts (end = next start) count as one stretch: no rest in between.
      let run: Shift[] = [];
      let runEnd = 0;
      const flush = () => {
        if (run.length === 0) return;
        const iv = interval(run[0]!.start, new Date(runEnd), timeZone);
        if (iv.hours > limit) {
          warnings.push({ ...iv, personId, shifts: run, message: `${personId} is on duty ${iv.hours} h in a row from ${iv.startLocal} to ${iv.endLocal} (more than ${limit} h)` });
        }
      };
      for (const s of list) {
        if (run.length && s.start.getTime() <= runEnd) {
          run.push(s);
          runEnd = Math.max(runEnd, s.end.getTime());
        } else {
          flush();
          run = [s];
          runEnd = s.end.getTime();
        }
      }
      flush();
    }
  }
  gaps.sort((a, b) => a.start.getTime() - b.start.getTime());
  doubleBookings.sort((a, b) => a.start.getTime() - b.start.getTime());
  const blocking = gaps.some((g) => g.scope === 'agency' || schedules.length === 1);
  return { ok: !blocking && doubleBookings.length === 0, gaps, doubleBookings, warnings };
}
