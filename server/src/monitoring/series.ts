import { decodeSlots, mergeStats, type SlotStats } from './rollup-codec.ts';
import { LEVELS, SLOT_MS, periodStart, slotStartMs, type RollupLevel } from './rollup-periods.ts';

/**
 * Reading history across storage levels. Raw samples (level 0) and the three rollup levels
 * overlap in time: a rollup row exists only for a complete period, and finer data stays until
 * retention removes it. Every piece of time is counted once, at the finest resolution still
 * stored: a rollup slot is used unless a finer rollup row covers its period, and raw samples
 * only where no rollup row covers them yet (the period in progress).
 */
export interface RawSample {
  checkedAt: Date;
  /** 0 up, 1 degraded, 2 down. */
  status: number;
  latencyMs: number | null;
}

export interface RollupRowData {
  level: RollupLevel;
  bucketStart: Date;
  slots: Uint8Array;
}

export interface TimedSlot {
  start: number;
  ms: number;
  level: 0 | RollupLevel;
  stats: SlotStats;
}

export type Resolution = 'raw' | 'minute' | 'hour' | 'day';

export function sampleStats(s: RawSample): SlotStats {
  return {
    n: 1,
    down: s.status === 2 ? 1 : 0,
    degraded: s.status === 1 ? 1 : 0,
    latencyMs: s.status === 2 ? null : s.latencyMs,
  };
}

/** periodStart for levels 2–3 goes through Intl; memoised per UTC hour (periods nest hours). */
function periodStarts() {
  const cache = new Map<number, number>();
  return (level: RollupLevel, t: number): number => {
    if (level === 1) return Math.floor(t / 3_600_000) * 3_600_000;
    const key = Math.floor(t / 3_600_000) * 4 + level;
    let v = cache.get(key);
    if (v === undefined) {
      v = periodStart(level, new Date(t)).getTime();
      cache.set(key, v);
    }
    return v;
  };
}

/** Every slot with data whose start lies in [from, to), each piece of time once, in time order. */
export function collectSlots(raw: readonly RawSample[], rollups: readonly RollupRowData[], from: Date, to: Date): TimedSlot[] {
  const startOf = periodStarts();
  const rowsAt: Record<RollupLevel, Set<number>> = { 1: new Set(), 2: new Set(), 3: new Set() };
  for (const r of rollups) rowsAt[r.level].add(r.bucketStart.getTime());
  // Days that have any hour row: such a day's month slot would count those hours twice.
  const daysWithHours = new Set([...rowsAt[1]].map((h) => startOf(2, h)));
  const finerCovers = (level: RollupLevel, slotStart: number): boolean => {
    if (level === 1) return false;
    if (level === 2) return rowsAt[1].has(slotStart);
    return rowsAt[2].has(slotStart) || daysWithHours.has(slotStart);
  };
  const rolledUp = (t: number) => LEVELS.some((l) => rowsAt[l].size > 0 && rowsAt[l].has(startOf(l, t)));
  const lo = from.getTime();
  const hi = to.getTime();
  const out: TimedSlot[] = [];
  for (const r of rollups) {
    decodeSlots(r.level, r.slots).forEach((stats, i) => {
      if (!stats) return;
      const start = slotStartMs(r.level, r.bucketStart, i);
      if (start >= lo && start < hi && !finerCovers(r.level, start)) out.push({ start, ms: SLOT_MS[r.level], level: r.level, stats });
    });
  }
  for (const s of raw) {
    const t = s.checkedAt.getTime();
    if (t < lo || t >= hi || rolledUp(t)) continue;
    out.push({ start: t, ms: 0, level: 0, stats: sampleStats(s) });
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface SeriesPoint {
  t: Date;
  n: number;
  down: number;
  degraded: number;
  /** Share of checks that were not down (degraded counts as available), null without checks. */
  uptime: number | null;
  latencyMs: number | null;
}

function toPoint(t: number, s: SlotStats): SeriesPoint {
  return {
    t: new Date(t),
    n: s.n,
    down: s.down,
    degraded: s.degraded,
    uptime: s.n > 0 ? (s.n - s.down) / s.n : null,
    latencyMs: s.latencyMs === null ? null : Math.round(s.latencyMs),
  };
}

/** Groups slots into points of the given resolution (days are local calendar days). */
export function bucketize(slots: readonly TimedSlot[], resolution: Resolution): SeriesPoint[] {
  if (resolution === 'raw') return slots.map((s) => toPoint(s.start, s.stats));
  const startOf = periodStarts();
  const keyOf = (t: number) =>
    resolution === 'minute' ? Math.floor(t / 60_000) * 60_000 : resolution === 'hour' ? startOf(1, t) : startOf(2, t);
  const buckets = new Map<number, SlotStats>();
  for (const s of slots) {
    const k = keyOf(s.start);
    buckets.set(k, mergeStats(buckets.get(k) ?? null, s.stats)!);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, s]) => toPoint(t, s));
}

export interface Summary {
  n: number;
  down: number;
  degraded: number;
  uptime: number | null;
  latencyMs: number | null;
}

export function summarize(slots: readonly TimedSlot[], from: Date, to: Date): Summary {
  let acc: SlotStats | null = null;
  for (const s of slots) if (s.start >= from.getTime() && s.start < to.getTime()) acc = mergeStats(acc, s.stats);
  if (!acc) return { n: 0, down: 0, degraded: 0, uptime: null, latencyMs: null };
  const p = toPoint(0, acc);
  return { n: p.n, down: p.down, degraded: p.degraded, uptime: p.uptime, latencyMs: p.latencyMs };
}

/** The finest resolution still stored for a range (raw samples, then minute, hour, day rollups). */
export function chooseResolution(from: Date, to: Date, now: Date, retention: { rawMinutes: number; minuteHours: number; hourDays: number }): Resolution {
  const age = now.getTime() - from.getTime();
  const span = to.getTime() - from.getTime();
  if (age <= retention.rawMinutes * 60_000 && span <= 3 * 3_600_000) return 'raw';
  if (age <= retention.minuteHours * 3_600_000) return 'minute';
  if (age <= retention.hourDays * 86_400_000) return 'hour';
  return 'day';
}
