/**
 * Times typed in incident forms are Vietnam wall-clock times (the native datetime-local input,
 * which phones show with their own date-time picker); every time shown is Vietnam time too.
 * Vietnam has no daylight saving, so the offset is always +07:00.
 */
const OFFSET_MS = 7 * 3_600_000;

/** `YYYY-MM-DDTHH:mm` (Vietnam time) → ISO instant, or null when incomplete. */
export function vnLocalToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return null;
  const d = new Date(`${local.length === 16 ? `${local}:00` : local}+07:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An instant → `YYYY-MM-DDTHH:mm` in Vietnam time, for a datetime-local input's value or max. */
export function isoToVnLocal(iso: string | number | Date): string {
  const d = new Date(new Date(iso).getTime() + OFFSET_MS);
  return d.toISOString().slice(0, 16);
}
