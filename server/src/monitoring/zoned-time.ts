/**
 * Wall-clock time in a named time zone (Asia/Ho_Chi_Minh by default) without a library:
 * Intl gives the parts of an instant, and local → instant is found from the zone's offset.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface ZonedParts {
  year: number;
  month: number; // 1..12
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zonedParts(t: Date, timeZone = DEFAULT_TIME_ZONE): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(t)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday!] ?? 1,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at an instant, in ms (+7 h for Asia/Ho_Chi_Minh). */
export function zoneOffsetMs(t: Date, timeZone = DEFAULT_TIME_ZONE): number {
  const p = zonedParts(t, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(t.getTime() / 1000) * 1000;
}

/** The instant a local wall-clock time names (month 1..12; day may overflow, Date.UTC normalises). */
export function zonedToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone = DEFAULT_TIME_ZONE): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess - zoneOffsetMs(new Date(guess), timeZone);
  // Across a DST change the offset at the result can differ from the guess's: one correction.
  const again = guess - zoneOffsetMs(new Date(t), timeZone);
  if (again !== t) t = again;
  return new Date(t);
}

/** Start of the local calendar day containing t. */
export function localDayStart(t: Date, timeZone = DEFAULT_TIME_ZONE): Date {
  const p = zonedParts(t, timeZone);
  return zonedToUtc(p.year, p.month, p.day, 0, 0, timeZone);
}

/** Start of the local calendar month containing t. */
export function localMonthStart(t: Date, timeZone = DEFAULT_TIME_ZONE): Date {
  const p = zonedParts(t, timeZone);
  return zonedToUtc(p.year, p.month, 1, 0, 0, timeZone);
}

/** Start of the next local month after the month starting at `monthStart`. */
export function nextLocalMonth(monthStart: Date, timeZone = DEFAULT_TIME_ZONE): Date {
  const p = zonedParts(monthStart, timeZone);
  return zonedToUtc(p.year, p.month + 1, 1, 0, 0, timeZone);
}
