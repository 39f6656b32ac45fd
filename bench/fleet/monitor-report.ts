import { availableParallelism } from 'node:os';
import type { loadConfig } from '../../server/src/config/config.ts';
import type { countRows, pgliteDirBytes, SeedResult, tableSizes } from './bench-db.ts';
import type { Proc } from './child-processes.ts';
import type { CheckRecord, ScheduleReport } from './schedule-analysis.ts';

/**
 * The human summary of `npm run bench:monitor`: the same figures as its JSON line, laid out
 * for reading, with the database sizes and the growth extrapolated from them.
 */

const MiB = 1024 * 1024;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (b: number) => `${(b / MiB).toFixed(1)} MB`;

type Sizes = Awaited<ReturnType<typeof tableSizes>>;
type DirBytes = ReturnType<typeof pgliteDirBytes> | null;

export interface ReportInput {
  s: ScheduleReport;
  result: { lag_p50_ms: number; lag_p99_ms: number; lag_max_ms: number; rss_mb_total: number; claimed: number; expired: number; rejected: number; dropped: number; db_errors: number; flush_mean_ms: number | null; event_loop_lag_p99_ms: number; rollup_row_bytes: { minute: number; hour: number; day: number } };
  windowS: number;
  checks: CheckRecord[];
  t0: number;
  t1: number;
  seeded: SeedResult;
  cpuPct: number;
  engines: Proc[];
  perProcessCpu: number[];
  rssMb: number;
  maxRss: number;
  flushCount: number;
  loopMax: number;
  heapUsed: number;
  gc: { majorCount: number; majorMs: number; minorMs: number; incrementalMs: number };
  fleetCpuPct: number;
  pgCpuPct: number | null;
  loadT0: number[];
  loadT1: number[];
  fleetStats: Record<string, unknown> | null;
  sizesStart: Sizes;
  sizesEnd: Sizes;
  dirStart: DirBytes;
  dirEnd: DirBytes;
  rows: Awaited<ReturnType<typeof countRows>>;
  bytesPerSample: number;
  marginal: Record<'samples' | 'events' | 'alerts', { bytes: number; how: string }>;
  bytesPerEvent: number;
  bytesPerAlert: number;
  c: ReturnType<typeof loadConfig>;
  steady: { monitors: number; samples: number; minuteRollups: number };
  checksPerS: number;
  dbSteady: number;
  perDay: { hourRollups: number; dayRollups: number; events: number; alerts: number };
  eventsPerDay: number;
  alertsPerDay: number;
  dbBytesPerDay: number;
  dbBytesPerDayAfter: number;
}

export function printReport(log: (line: string) => void, { s, result, windowS, checks, t0, t1, seeded, cpuPct, engines, perProcessCpu, rssMb, maxRss, flushCount, loopMax, heapUsed, gc, fleetCpuPct, pgCpuPct, loadT0, loadT1, fleetStats, sizesStart, sizesEnd, dirStart, dirEnd, rows, bytesPerSample, marginal, bytesPerEvent, bytesPerAlert, c, steady, checksPerS, dbSteady, perDay, eventsPerDay, alertsPerDay, dbBytesPerDay, dbBytesPerDayAfter }: ReportInput): void {
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(2)} %` : '-');
  log('');
  log(`checks due        ${fmt(s.due)} in ${windowS / 60} min (${(s.due / windowS).toFixed(1)}/s)`);
  log(`done              ${fmt(s.done)}   missed ${fmt(s.missed)}`);
  log(`on time (≤ 5 s)   ${pct(s.onTime, s.due)}   (${fmt(s.onTime)} of ${fmt(s.due)})`);
  log(`schedule lag      p50 ${fmt(result.lag_p50_ms)} ms   p99 ${fmt(result.lag_p99_ms)} ms   max ${fmt(result.lag_max_ms)} ms`);
  for (const [k, v] of Object.entries(s.byKind)) log(`  ${k.padEnd(5)} due ${fmt(v.due).padStart(8)}  done ${fmt(v.done).padStart(8)}  on time ${pct(v.onTime, v.due).padStart(8)}  missed ${fmt(v.missed)}`);
  log(`results           ${Object.entries(s.statuses).sort().map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  const bySite = new Map<string, Record<string, number>>();
  for (const ck of checks) {
    if (ck.dueAt < t0 || ck.dueAt >= t1) continue;
    const key = `${ck.kind} on ${seeded.siteKind.get(ck.monitorId) ?? '?'} sites`;
    const r = bySite.get(key) ?? {};
    r[ck.status] = (r[ck.status] ?? 0) + 1;
    bySite.set(key, r);
  }
  for (const [k, g] of Object.entries(s.byGroup).sort()) {
    const r = Object.entries(bySite.get(k) ?? {}).map(([st, v]) => `${st} ${fmt(v)}`).join(', ');
    log(`  ${k.padEnd(24)} due ${fmt(g.due).padStart(7)}  on time ${pct(g.onTime, g.due).padStart(8)}  missed ${fmt(g.missed).padStart(6)}  results: ${r}`);
  }
  log(`engine CPU        ${cpuPct.toFixed(1)} % of one core${engines.length > 1 ? ` (per process ${perProcessCpu.join(' / ')})` : ''}; this machine: ${availableParallelism()} cores = ${availableParallelism() * 100} %`);
  log(`engine peak RSS   ${rssMb.toFixed(0)} MB (VmHWM${engines.length > 1 ? `, largest of ${engines.length}; total ${result.rss_mb_total} MB` : ''}); highest sampled RSS of one process ${mb(maxRss)}`);
  log(`engine internals  claimed ${fmt(result.claimed)}, expired ${result.expired}, rejected ${result.rejected}, dropped ${result.dropped}, db errors ${result.db_errors}; flush mean ${result.flush_mean_ms ?? '-'} ms over ${fmt(flushCount)} flushes; event-loop lag p99 ${result.event_loop_lag_p99_ms} ms, max ${(loopMax * 1000).toFixed(0)} ms (last 10 s)`);
  log(`engine memory     JS heap used ${mb(heapUsed)} at the window's end; GC in the window: ${gc.majorCount} major (${gc.majorMs.toFixed(0)} ms), minor ${gc.minorMs.toFixed(0)} ms, incremental ${gc.incrementalMs.toFixed(0)} ms`);
  log(`other processes   fleet ${fleetCpuPct.toFixed(1)} %${pgCpuPct === null ? '' : `, PostgreSQL backends of this database ${pgCpuPct.toFixed(1)} %`}; load average ${loadT0.join(' ')} → ${loadT1.join(' ')}`);
  if (fleetStats) log(`fleet             ${JSON.stringify((fleetStats as { served: unknown }).served)}, DNS queries ${fmt(Number((fleetStats as { dnsQueries: number }).dnsQueries))}`);
  log('');
  log('database (measured, pg_total_relation_size: heap + indexes + TOAST)');
  for (const k of ['monitors', 'monitor_samples', 'monitor_events', 'alerts', 'monitor_rollups', 'jobs'] as const) {
    log(`  ${k.padEnd(16)} ${mb(sizesStart[k]).padStart(10)} → ${mb(sizesEnd[k]).padStart(10)}`);
  }
  log(`  all tables       ${mb(sizesStart.database).padStart(10)} → ${mb(sizesEnd.database).padStart(10)} (before the synthetic rollup rows)`);
  if (dirStart && dirEnd) log(`  PGlite data directory on disk ${mb(dirStart.total)} → ${mb(dirEnd.total)}, of which write-ahead log ${mb(dirStart.wal)} → ${mb(dirEnd.wal)}`);
  log(`  rows: ${fmt(rows.samples)} samples, ${fmt(rows.events)} state changes (${fmt(rows.eventsInWindow)} in the window), ${fmt(rows.alerts)} alerts (${fmt(rows.alertsInWindow)} opened in the window, ${fmt(rows.openAlerts)} open at the end)`);
  log(`  per row: sample ${bytesPerSample.toFixed(1)} B (${marginal.samples.how}), state change ${bytesPerEvent.toFixed(0)} B (${marginal.events.how}), alert ${bytesPerAlert.toFixed(0)} B (${marginal.alerts.how})`);
  log(`  rollup rows: minute ${result.rollup_row_bytes.minute} B, hour ${result.rollup_row_bytes.hour} B, day ${result.rollup_row_bytes.day} B (one full row per monitor written after the run)`);
  log('database growth (extrapolated from the above)');
  log(`  steady after 48 h: monitors ${mb(steady.monitors)} + raw samples (${c.monitorRawRetentionMinutes} min at ${checksPerS.toFixed(0)}/s) ${mb(steady.samples)} + minute rollups (${c.monitorMinuteRetentionHours} h) ${mb(steady.minuteRollups)} = ${mb(dbSteady)}`);
  log(`  per day, first ${c.monitorHourRetentionDays} days: hour rollups ${mb(perDay.hourRollups)} + day rollups ${mb(perDay.dayRollups)} + state changes (${fmt(eventsPerDay)}/day) ${mb(perDay.events)} + alerts (${fmt(alertsPerDay)}/day) ${mb(perDay.alerts)} = ${mb(dbBytesPerDay)}/day`);
  log(`  per day after ${c.monitorHourRetentionDays} days: ${mb(dbBytesPerDayAfter)}/day (hour rollups then deleted as fast as they are written)`);
  log('');
}
