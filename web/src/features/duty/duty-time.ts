/**
 * Times of a duty plan are read in the plan's own zone (an alert period or roster names it),
 * not the browser's: officers compare them with the period's announced hours.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(iso: string, timeZone: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** `dd/MM/yyyy HH:mm` in the zone. */
export function zonedDateTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return p ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : iso;
}

/** `HH:mm` in the zone. */
export function zonedTime(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return p ? `${p.hour}:${p.minute}` : iso;
}

/** `YYYY-MM-DD` of the local day an instant falls on. */
export function zonedDay(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone);
  return p ? `${p.year}-${p.month}-${p.day}` : iso.slice(0, 10);
}

/** `YYYY-MM-DDTHH:mm` local → `dd/MM/yyyy HH:mm`. */
export function localToVn(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : local;
}

/** `YYYY-MM-DD` → `dd/MM/yyyy`. */
export function dayToVn(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** Every local day a period touches, in order (the end day only when the period runs into it). */
export function periodDays(period: { startsAt: string; endsAt: string; timeZone: string }): string[] {
  const first = zonedDay(period.startsAt, period.timeZone);
  // The last instant inside the period: an end at 00:00 does not add a day.
  const last = zonedDay(new Date(new Date(period.endsAt).getTime() - 60_000).toISOString(), period.timeZone);
  const days: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); days.length < 100; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    days.push(day);
    if (day >= last) break;
  }
  return days;
}

/** Zones offered in forms; any IANA name can still be typed. */
export const COMMON_TIME_ZONES = ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/Paris', 'UTC'] as const;
