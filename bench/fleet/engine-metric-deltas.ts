import { sumSeries } from './child-processes.ts';

/**
 * What the engine processes did during the window, from their /metrics scraped at its start
 * (m0) and end (m1): counter deltas summed over processes, gauges at the end (worst process).
 */
const COUNTERS = {
  claimed: 'vigil_monitor_claimed_total',
  expired: 'vigil_monitor_checks_expired_total',
  rejected: 'vigil_monitor_results_rejected_total',
  dropped: 'vigil_monitor_results_dropped_total',
  dbErrors: 'vigil_monitor_database_errors_total',
} as const;

type Scrape = Map<string, number>;

export function engineMetricDeltas(m0: Scrape[], m1: Scrape[]) {
  const delta = (name: string, labels = '') => m1.reduce((a, m, i) => a + sumSeries(m, name, labels) - sumSeries(m0[i]!, name, labels), 0);
  const worst = (name: string) => Math.max(...m1.map((m) => sumSeries(m, name)));
  const counters = Object.fromEntries(Object.entries(COUNTERS).map(([k, name]) => [k, delta(name)])) as Record<keyof typeof COUNTERS, number>;
  const gcDelta = (kind: string, part: 'sum' | 'count') => delta(`vigil_nodejs_gc_duration_seconds_${part}`, `kind="${kind}"`);
  return {
    counters,
    flushCount: delta('vigil_monitor_flush_duration_seconds_count'),
    flushSum: delta('vigil_monitor_flush_duration_seconds_sum'),
    loopP99: worst('vigil_nodejs_eventloop_lag_p99_seconds'),
    loopMax: worst('vigil_nodejs_eventloop_lag_max_seconds'),
    heapUsed: worst('vigil_nodejs_heap_size_used_bytes'),
    gc: { majorCount: gcDelta('major', 'count'), majorMs: gcDelta('major', 'sum') * 1000, minorMs: gcDelta('minor', 'sum') * 1000, incrementalMs: gcDelta('incremental', 'sum') * 1000 },
  };
}
