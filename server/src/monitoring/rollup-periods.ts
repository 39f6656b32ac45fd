import { localDayStart, localMonthStart, nextLocalMonth } from './zoned-time.ts';

/**
 * The rollup levels and their calendar. Level 1 = one hour of minute slots, level 2 = one
 * local (Asia/Ho_Chi_Minh) day of hour slots, level 3 = one local month of day slots. Hours
 * nest in local days because the zone's offset is whole hours, and the zone has no daylight
 * saving, so a local day is always 24 hours.
 */
export type RollupLevel = 1 | 2 | 3;

export const LEVELS: readonly RollupLevel[] = [1, 2, 3];

export const SLOT_MS: Record<RollupLevel, number> = { 1: 60_000, 2: 3_600_000, 3: 86_400_000 };
export const SLOT_COUNT: Record<RollupLevel, number> = { 1: 60, 2: 24, 3: 31 };

export function periodStart(level: RollupLevel, t: Date): Date {
  if (level === 1) return new Date(Math.floor(t.getTime() / 3_600_000) * 3_600_000);
  if (level === 2) return localDayStart(t);
  return localMonthStart(t);
}

export function periodEnd(level: RollupLevel, start: Date): Date {
  if (level === 1) return new Date(start.getTime() + 3_600_000);
  if (level === 2) return new Date(start.getTime() + 86_400_000);
  return nextLocalMonth(start);
}

export function slotIndex(level: RollupLevel, bucketStart: Date, t: Date): number {
  return Math.floor((t.getTime() - bucketStart.getTime()) / SLOT_MS[level]);
}

export function slotStartMs(level: RollupLevel, bucketStart: Date, index: number): number {
  return bucketStart.getTime() + index * SLOT_MS[level];
}
