import { type Shift } from './roster.ts';

/**
 * Who is on duty at an instant. Shifts are half-open [start, end): at a hand-over instant the
 * outgoing shift has ended and the incoming one has begun, so exactly one person answers.
 */
export function whoIsOnDuty(shifts: readonly Shift[], at: Date): Shift[] {
  const t = at.getTime();
  return shifts
    .filter((s) => s.start.getTime() <= t && t < s.end.getTime())
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.rosterId.localeCompare(b.rosterId));
}

export interface Handover {
  at: Date;
  /** Shifts ending at `at`. */
  outgoing: Shift[];
  /** Shifts starting at `at`. */
  incoming: Shift[];
}

/**
 * The first boundary strictly after `at` where the people on duty change (a boundary where
 * the same person simply continues, e.g. into their own override, is not a hand-over).
 * Null when nothing changes any more.
 */
export function nextHandover(shifts: readonly Shift[], at: Date): Handover | null {
  const t = at.getTime();
  const instants = [...new Set(shifts.flatMap((s) => [s.start.getTime(), s.end.getTime()]))]
    .filter((x) => x > t)
    .sort((a, b) => a - b);
  for (const x of instants) {
    const outgoing = shifts.filter((s) => s.end.getTime() === x);
    const incoming = shifts.filter((s) => s.start.getTime() === x);
    const key = (list: Shift[]) => list.map((s) => `${s.rosterId}\u0000${s.personId}`).sort().join('\u0001');
    if (key(outgoing) !== key(incoming)) return { at: new Date(x), outgoing, incoming };
  }
  return null;
}
