import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MonitorRollupRepository, RollupRow } from '../repositories/monitor-rollup.repository.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import { decodeSlots, encodeSlots, mergeStats, type SlotStats } from './rollup-codec.ts';
import { SLOT_COUNT, periodEnd, periodStart, slotIndex, type RollupLevel } from './rollup-periods.ts';

/**
 * Builds rollup rows for complete periods: an hour from raw samples, a day from that day's
 * hour rows, a month from its day rows. Each period is read in small pieces (a few minutes
 * of samples, a page of monitors) because on the embedded database each query blocks the
 * event loop the checks run on. Writing is idempotent (upsert), so a run cut short is simply
 * repeated.
 */
/** One minute of samples per query: about 100 ms for 10,000 monitors on the embedded database. */
const SAMPLE_CHUNK_MS = 60_000;
const MONITOR_PAGE = 500;

export class RollupBuilder {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly samples: MonitorSampleRepository,
    private readonly rollups: MonitorRollupRepository,
  ) {}

  /** Level 1: the hour starting at `hour`, from raw samples. Returns the rows written. */
  async buildHour(hour: Date): Promise<number> {
    const end = periodEnd(1, hour);
    const byMonitor = new Map<string, (SlotStats | null)[]>();
    for (let t = hour.getTime(); t < end.getTime(); t += SAMPLE_CHUNK_MS) {
      const aggs = await this.samples.minuteAggregates(this.db, new Date(t), new Date(Math.min(t + SAMPLE_CHUNK_MS, end.getTime())));
      for (const a of aggs) {
        let slots = byMonitor.get(a.monitor_id);
        if (!slots) byMonitor.set(a.monitor_id, (slots = new Array(SLOT_COUNT[1]).fill(null)));
        slots[a.minute] = mergeStats(slots[a.minute] ?? null, { n: a.n, down: a.down, degraded: a.degraded, latencyMs: a.latency_ms === null ? null : Number(a.latency_ms) });
      }
    }
    const rows: RollupRow[] = [...byMonitor].map(([monitor_id, slots]) => ({ monitor_id, level: 1, bucket_start: hour, slots: encodeSlots(1, slots) }));
    await this.rollups.upsertMany(this.db, rows);
    return rows.length;
  }

  /** Level 2 (day of hour slots) from level 1, or level 3 (month of day slots) from level 2. */
  async buildFromFiner(level: 2 | 3, bucketStart: Date): Promise<number> {
    const finer = (level - 1) as RollupLevel;
    const end = periodEnd(level, bucketStart);
    let written = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.rollups.monitorIdPage(this.db, after, MONITOR_PAGE);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const source = await this.rollups.listLevel(this.db, finer, ids, bucketStart, end);
      const byMonitor = new Map<string, (SlotStats | null)[]>();
      for (const r of source) {
        let slots = byMonitor.get(r.monitor_id);
        if (!slots) byMonitor.set(r.monitor_id, (slots = new Array(SLOT_COUNT[level]).fill(null)));
        // The whole finer row becomes one slot of the coarser row.
        const total = decodeSlots(finer, r.slots).reduce<SlotStats | null>((acc, s) => mergeStats(acc, s), null);
        const i = slotIndex(level, bucketStart, r.bucket_start);
        if (i >= 0 && i < slots.length) slots[i] = mergeStats(slots[i] ?? null, total);
      }
      const rows: RollupRow[] = [...byMonitor].map(([monitor_id, slots]) => ({ monitor_id, level, bucket_start: bucketStart, slots: encodeSlots(level, slots) }));
      await this.rollups.upsertMany(this.db, rows);
      written += rows.length;
      if (ids.length < MONITOR_PAGE) break;
    }
    return written;
  }
}

/**
 * Where the rollups have got to: every period before each watermark is rolled up. Stored in
 * the rollup job's state; the retention job never deletes finer data the next level still needs.
 */
export interface RollupWatermarks {
  hourDone: Date | null;
  dayDone: Date | null;
  monthDone: Date | null;
}

export function readWatermarks(state: Record<string, unknown>): RollupWatermarks {
  const d = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  return { hourDone: d(state.hourDone), dayDone: d(state.dayDone), monthDone: d(state.monthDone) };
}

export function writeWatermarks(w: RollupWatermarks): Record<string, unknown> {
  return { hourDone: w.hourDone?.toISOString() ?? null, dayDone: w.dayDone?.toISOString() ?? null, monthDone: w.monthDone?.toISOString() ?? null };
}

/** The watermarks to start from when nothing was rolled up yet: the period of the oldest data. */
export function initialWatermarks(oldest: Date): RollupWatermarks {
  return { hourDone: periodStart(1, oldest), dayDone: periodStart(2, oldest), monthDone: periodStart(3, oldest) };
}
