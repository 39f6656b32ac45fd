/**
 * Dates are always shown in Vietnam time as dd/mm/yyyy, whatever the browser's own zone or
 * language: officers compare times across agencies and read them aloud on the phone.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of partsFormatter.formatToParts(d)) out[p.type] = p.value;
  return out;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = parts(iso);
  return p ? `${p.day}/${p.month}/${p.year}` : iso;
}

export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const p = parts(iso);
  if (!p) return iso;
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/** Start of a calendar day (yyyy-mm-dd from a date input) in Vietnam time, as ISO. */
export function vnDayStart(ymd: string, addDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return undefined;
  // Vietnam has no daylight saving: midnight there is always 17:00 UTC the day before.
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays, 0, 0, 0) - 7 * 3600_000;
  return new Date(utc).toISOString();
}

export function daysSince(iso: string | null | undefined, now = Date.now()): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : Math.floor((now - t) / 86_400_000);
}

/** Lines of a textarea to a clean list: trimmed, no blanks, no duplicates. */
export function linesToList(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const v = line.trim();
    if (v) seen.add(v);
  }
  return [...seen];
}

export const listToLines = (list: readonly string[]) => list.join('\n');

/** Empty inputs mean "no value", which the API spells null. */
export const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Only http(s) links are made clickable; anything else imported is shown as text. */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
