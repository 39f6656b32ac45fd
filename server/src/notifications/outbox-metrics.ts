import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The notification dispatcher's Prometheus metrics. Metrics already on the registry are
 * reused, so several dispatchers in one process (tests) share them.
 */
function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]) {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter<L>({ name, help, labelNames, registers: [registry] });
}
function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return (registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge<L>({ name, help, labelNames, registers: [registry] });
}

export function outboxMetrics(registry: Registry) {
  return {
    sent: counter(registry, 'vigil_notify_sent_total', 'Notifications delivered, by channel kind', ['kind'] as const),
    failed: counter(registry, 'vigil_notify_failed_total', 'Failed sends that will be retried, by channel kind and code', ['kind', 'code'] as const),
    dead: counter(registry, 'vigil_notify_dead_total', 'Notifications given up on, by channel kind and code', ['kind', 'code'] as const),
    lateResults: counter(registry, 'vigil_notify_late_results_total', 'Send results not recorded because another dispatcher had taken the delivery over', [] as const),
    inFlight: gauge(registry, 'vigil_notify_in_flight', 'Sends running in this process'),
    queue: gauge(registry, 'vigil_notify_queue_depth', 'Outbox rows by state (waiting = pending or failed)', ['state'] as const),
    duration: (registry.getSingleMetric('vigil_notify_send_duration_seconds') as Histogram<'kind'> | undefined)
      ?? new Histogram<'kind'>({ name: 'vigil_notify_send_duration_seconds', help: 'Time of one send, by channel kind', labelNames: ['kind'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] }),
  };
}

export type OutboxMetrics = ReturnType<typeof outboxMetrics>;
