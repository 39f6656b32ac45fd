import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The engine's Prometheus metrics, on the registry it is given (the app's `app.metrics` under
 * `vigil serve`). Metrics already on the registry are reused, so several engines in one
 * process (tests) share them instead of failing on duplicate names.
 */
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter<L>({ name, help, labelNames, registers: [registry] });
}
function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return (registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge<L>({ name, help, labelNames, registers: [registry] });
}
function histogram<L extends string>(registry: Registry, name: string, help: string, buckets: number[], labelNames: readonly L[] = []) {
  return (registry.getSingleMetric(name) as Histogram<L> | undefined) ?? new Histogram<L>({ name, help, buckets, labelNames, registers: [registry] });
}

export function engineMetrics(registry: Registry) {
  return {
    checks: counter(registry, 'vigil_monitor_checks_total', 'Checks completed, by monitor kind and result status', ['kind', 'status'] as const),
    lag: histogram(registry, 'vigil_monitor_check_lag_seconds', 'How late checks started after their due time', [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60]),
    duration: histogram(registry, 'vigil_monitor_check_duration_seconds', 'Check duration by kind', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], ['kind'] as const),
    inFlight: gauge(registry, 'vigil_monitor_checks_in_flight', 'Checks running in this process'),
    queued: gauge(registry, 'vigil_monitor_checks_queued', 'Claimed checks waiting for their due time or a free slot'),
    buffered: gauge(registry, 'vigil_monitor_results_buffered', 'Results waiting to be written'),
    claimed: counter(registry, 'vigil_monitor_claimed_total', 'Monitors claimed'),
    rejected: counter(registry, 'vigil_monitor_results_rejected_total', 'Results not written because the lease had moved on (edited, paused or taken over)'),
    dropped: counter(registry, 'vigil_monitor_results_dropped_total', 'Results dropped because the write buffer was full (database unreachable)'),
    expired: counter(registry, 'vigil_monitor_checks_expired_total', 'Claimed checks handed back because they could not start within their lease'),
    stateChanges: counter(registry, 'vigil_monitor_state_changes_total', 'Monitor state changes, by new state', ['to'] as const),
    dbErrors: counter(registry, 'vigil_monitor_database_errors_total', 'Failed engine database operations, by operation', ['op'] as const),
    flush: histogram(registry, 'vigil_monitor_flush_duration_seconds', 'Time to write one batch of results', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]),
  };
}

export type EngineMetrics = ReturnType<typeof engineMetrics>;
