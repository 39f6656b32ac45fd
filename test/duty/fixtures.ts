import type { AlertPeriod, Roster } from '../../server/src/duty/roster.ts';
import { formatLocal } from '../../server/src/duty/local-time.ts';
import type { Shift } from '../../server/src/duty/roster.ts';

export const VN = 'Asia/Ho_Chi_Minh';

/** The example from the brief: Quốc khánh 2/9/2026, 29/8 18:00 – 3/9 08:00. */
export function nationalDay(): AlertPeriod {
  return { name: 'Quốc khánh 2/9/2026', start: '2026-08-29T18:00', end: '2026-09-03T08:00', timeZone: VN };
}

export function socRoster(extra: Partial<Roster> = {}): Roster {
  return {
    id: 'soc', name: 'Trung tâm SOC', agencyId: 'agency-1',
    members: ['an', 'binh', 'chi', 'dung'],
    rotation: { shiftHours: 12, handoverTime: '08:00' },
    ...extra,
  };
}

/** Readable rows for assertions: "29/08/2026 18:00–29/08/2026 20:00 an rotation". */
export function rows(shifts: Shift[], timeZone = VN): string[] {
  return shifts.map((s) => `${formatLocal(s.start, timeZone)}–${formatLocal(s.end, timeZone)} ${s.personId} ${s.source}`);
}
