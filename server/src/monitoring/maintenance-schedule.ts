import { DEFAULT_TIME_ZONE, zonedParts, zonedToUtc } from './zoned-time.ts';

/**
 * Whether a maintenance window is in effect at an instant, and whether it covers a monitor.
 * Pure, so one-off, weekly and time-zone cases are tested without a database.
 *
 * Weekly windows are "on these ISO weekdays (1 = Monday), from HH:MM local time, for N
 * minutes" in the window's time zone; a window may run past midnight into the next day.
 */
export interface MaintenanceWindowSpec {
  id: string;
  scope: 'monitor' | 'system' | 'agency';
  monitorId: string | null;
  systemId: string | null;
  /** The covered agency's materialized path (scope agency: it and its sub-agencies). */
  agencyPath: string | null;
  kind: 'once' | 'weekly';
  startsAt: Date | null;
  endsAt: Date | null;
  weekdays: number[] | null;
  startTime: string | null;
  durationMinutes: number | null;
  timeZone: string;
}

export interface CoverTarget {
  monitorId: string;
  systemId: string;
  agencyPath: string;
}

export function parseStartTime(s: string): { hour: number; minute: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

export function windowActiveAt(w: MaintenanceWindowSpec, t: Date): boolean {
  if (w.kind === 'once') return !!w.startsAt && !!w.endsAt && t >= w.startsAt && t < w.endsAt;
  const start = w.startTime ? parseStartTime(w.startTime) : null;
  if (!start || !w.durationMinutes || !w.weekdays?.length) return false;
  const tz = w.timeZone || DEFAULT_TIME_ZONE;
  const durationMs = w.durationMinutes * 60_000;
  const today = zonedParts(t, tz);
  // An occurrence that started on one of the previous days may still be running.
  const lookbackDays = Math.ceil(durationMs / 86_400_000);
  for (let back = 0; back <= lookbackDays; back++) {
    const begin = zonedToUtc(today.year, today.month, today.day - back, start.hour, start.minute, tz);
    const weekday = zonedParts(begin, tz).weekday;
    if (!w.weekdays.includes(weekday)) continue;
    if (t >= begin && t.getTime() < begin.getTime() + durationMs) return true;
  }
  return false;
}

export function windowCovers(w: MaintenanceWindowSpec, target: CoverTarget): boolean {
  switch (w.scope) {
    case 'monitor':
      return w.monitorId === target.monitorId;
    case 'system':
      return w.systemId === target.systemId;
    case 'agency':
      return !!w.agencyPath && target.agencyPath.startsWith(w.agencyPath);
  }
}

export function inMaintenance(windows: readonly MaintenanceWindowSpec[], target: CoverTarget, t: Date): boolean {
  return windows.some((w) => windowCovers(w, target) && windowActiveAt(w, t));
}
