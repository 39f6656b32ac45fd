import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { MonitorRollupRepository } from '../repositories/monitor-rollup.repository.ts';
import type { MonitorSampleRepository } from '../repositories/monitor-sample.repository.ts';
import type { RollupLevel } from './rollup-periods.ts';
import { bucketize, chooseResolution, collectSlots, summarize, type Resolution, type SeriesPoint, type Summary } from './series.ts';

/**
 * Latency and uptime series read back from raw samples and rollups (see series.ts for how
 * the levels are combined without counting anything twice).
 */
export interface RetentionWindows {
  rawMinutes: number;
  minuteHours: number;
  hourDays: number;
}

export const UPTIME_WINDOWS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type UptimeWindow = keyof typeof UPTIME_WINDOWS;

export class MonitorHistoryReader {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly samples: MonitorSampleRepository,
    private readonly rollups: MonitorRollupRepository,
    private readonly retention: RetentionWindows,
  ) {}

  async series(monitorId: string, from: Date, to: Date, now: Date, resolution?: Resolution): Promise<{ resolution: Resolution; points: SeriesPoint[] }> {
    const res = resolution ?? chooseResolution(from, to, now, this.retention);
    const [raw, rows] = await Promise.all([
      this.samples.listForMonitors(this.db, [monitorId], from, to),
      this.rollups.listForMonitors(this.db, [monitorId], from, to),
    ]);
    const slots = collectSlots(
      raw.map((s) => ({ checkedAt: new Date(s.checked_at), status: s.status, latencyMs: s.latency_ms })),
      rows.map((r) => ({ level: r.level as RollupLevel, bucketStart: new Date(r.bucket_start), slots: r.slots })),
      from,
      to,
    );
    return { resolution: res, points: bucketize(slots, res) };
  }

  /** Uptime and mean latency per monitor over each window ending now. */
  async uptime(monitorIds: string[], windows: readonly UptimeWindow[], now: Date): Promise<Map<string, Record<UptimeWindow, Summary>>> {
    const out = new Map<string, Record<UptimeWindow, Summary>>();
    if (monitorIds.length === 0 || windows.length === 0) return out;
    const longest = Math.max(...windows.map((w) => UPTIME_WINDOWS[w]));
    const from = new Date(now.getTime() - longest);
    const [raw, rows] = await Promise.all([
      this.samples.listForMonitors(this.db, monitorIds, from, now),
      this.rollups.listForMonitors(this.db, monitorIds, from, now),
    ]);
    const rawBy = groupBy(raw, (s) => s.monitor_id);
    const rowsBy = groupBy(rows, (r) => r.monitor_id);
    for (const id of monitorIds) {
      const slots = collectSlots(
        (rawBy.get(id) ?? []).map((s) => ({ checkedAt: new Date(s.checked_at), status: s.status, latencyMs: s.latency_ms })),
        (rowsBy.get(id) ?? []).map((r) => ({ level: r.level as RollupLevel, bucketStart: new Date(r.bucket_start), slots: r.slots })),
        from,
        now,
      );
      const res = {} as Record<UptimeWindow, Summary>;
      for (const w of windows) res[w] = summarize(slots, new Date(now.getTime() - UPTIME_WINDOWS[w]), now);
      out.set(id, res);
    }
    return out;
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
