import { isValidTimeZone, zoneOffsetMs } from '../monitoring/zoned-time.ts';

/**
 * Local wall-clock ⇄ instant for the duty roster. A local date-time is handled as "naive ms":
 * Date.UTC of its fields, so wall-clock arithmetic (add 12 h of local time) is plain addition
 * and the zone only matters when converting to an instant.
 *
 * DST is resolved deterministically, like Temporal's 'compatible' disambiguation:
 * - a local time in a gap (spring forward, 02:30 in Europe/Berlin) moves forward by the gap
 *   (03:30 CEST), so a boundary never jumps backwards;
 * - an ambiguous local time (fall back, 02:30 happens twice) takes the earlier instant.
 */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;
const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export function isTimeZone(timeZone: unknown): timeZone is string {
  return typeof timeZone === 'string' && timeZone.length > 0 && isValidTimeZone(timeZone);
}

/** `YYYY-MM-DDTHH:mm` → naive ms, or null when malformed or not a real calendar time (31/2). */
export function parseLocalDateTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Date.UTC normalises 31/2 into March: a round trip catches it.
  if (new Date(naive).getUTCDate() !== d) return null;
  return naive;
}

/** `HH:mm` → minutes after local midnight, or null when malformed. */
export function parseLocalTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = LOCAL_TIME.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (h > 23 || mi > 59) return null;
  return h * 60 + mi;
}

/** The instant a naive local time names in `timeZone` (gap → forward, overlap → earlier). */
export function naiveToInstant(naive: number, timeZone: string): Date {
  // The offsets a day either side bracket any single transition near this time.
  const before = zoneOffsetMs(new Date(naive - DAY_MS), timeZone);
  const after = zoneOffsetMs(new Date(naive + DAY_MS), timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => naive - offset)
    .filter((t) => naive - zoneOffsetMs(new Date(t), timeZone) === t)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]!);
  // In a gap: read the time with the offset in force before the transition, which lands
  // the same distance past the transition as the local time is past the gap's start.
  return new Date(naive - before);
}

export function instantToNaive(t: Date, timeZone: string): number {
  return t.getTime() + zoneOffsetMs(t, timeZone);
}

export function localToInstant(value: string, timeZone: string): Date | null {
  const naive = parseLocalDateTime(value);
  return naive === null ? null : naiveToInstant(naive, timeZone);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `DD/MM/YYYY HH:mm` in `timeZone`: the form duty officers read. */
export function formatLocal(t: Date, timeZone: string): string {
  const d = new Date(instantToNaive(t, timeZone));
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `YYYY-MM-DDTHH:mm` of a naive time (round-trips with parseLocalDateTime). */
export function formatNaive(naive: number): string {
  const d = new Date(naive);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** ISO weekday (1 = Monday) of a naive local time. */
export function naiveWeekday(naive: number): number {
  return ((new Date(naive).getUTCDay() + 6) % 7) + 1;
}

/** Naive local midnight of the day containing `naive`. */
export function naiveDayStart(naive: number): number {
  return Math.floor(naive / DAY_MS) * DAY_MS;
}
