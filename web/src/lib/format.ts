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

/** "14:05" in Vietnam time, for chart axes and same-day times. */
export function formatTimeOfDay(iso: string | number | Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d.toISOString());
  return p ? `${p.hour}:${p.minute}` : '';
}

/** "05/03" (day/month) in Vietnam time, for chart axes spanning days. */
export function formatDayMonth(iso: string | number | Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d.toISOString());
  return p ? `${p.day}/${p.month}` : '';
}

/** The BCP 47 tag number and relative-time formatting use for a UI language. */
export const numberLocale = (locale: string) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 phút trước" / "3 minutes ago"; seconds below a minute, days beyond 24 h. */
export function formatRelative(iso: string | null | undefined, locale: string, now = Date.now()): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  // A server clock slightly ahead of this one must not read "in 5 seconds".
  const diff = t - now > 0 && t - now < 600_000 ? 0 : t - now;
  const rtf = new Intl.RelativeTimeFormat(numberLocale(locale), { numeric: 'auto', style: 'short' });
  for (const [unit, size] of relativeUnits) {
    if (Math.abs(diff) >= size || unit === 'second') return rtf.format(Math.round(diff / size), unit);
  }
  return '';
}

/** A latency or duration: "85 ms", "1,2 s", "4,5 min" (SI units read the same in both languages). */
export function formatMs(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const nf = (max: number) => new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: max });
  if (Math.abs(ms) < 1000) return `${nf(ms < 10 ? 1 : 0).format(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${nf(1).format(ms / 1000)} s`;
  if (Math.abs(ms) < 3_600_000) return `${nf(1).format(ms / 60_000)} min`;
  return `${nf(1).format(ms / 3_600_000)} h`;
}

/** Uptime percent with up to two decimals: "99,95 %" in Vietnamese, "99.95%" in English. */
export function formatPercent(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // Never round a real outage up to a perfect 100.
  const v = value < 100 ? Math.min(Math.floor(value * 100) / 100, 99.99) : 100;
  return new Intl.NumberFormat(numberLocale(locale), { style: 'percent', maximumFractionDigits: 2 }).format(v / 100);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(numberLocale(locale)).format(value);
}

/** An interval in words, "1 phút", "2,5 giờ" / "1 minute", "2.5 hours" (job schedules, not latencies). */
export function formatDuration(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const units: [string, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];
  const [unit, size] = units.find(([, size]) => Math.abs(ms) >= size) ?? ['millisecond', 1];
  return new Intl.NumberFormat(numberLocale(locale), { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(ms / size);
}
