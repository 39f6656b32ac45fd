import { Counter, Gauge, type Registry } from 'prom-client';

/** Job metrics on the given registry (the app's under `vigil serve`); reused if already there. */
export function jobMetrics(registry: Registry) {
  const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
  return {
    lastSuccess: get('vigil_job_last_success_timestamp_seconds', () => new Gauge({
      name: 'vigil_job_last_success_timestamp_seconds', help: 'When the job last succeeded (any process), Unix seconds',
      labelNames: ['job'] as const, registers: [registry],
    })),
    lastOk: get('vigil_job_last_run_ok', () => new Gauge({
      name: 'vigil_job_last_run_ok', help: 'Whether the job\'s last run (any process) succeeded: 1 or 0',
      labelNames: ['job'] as const, registers: [registry],
    })),
    lastDuration: get('vigil_job_last_duration_seconds', () => new Gauge({
      name: 'vigil_job_last_duration_seconds', help: 'Duration of the job\'s last run (any process)',
      labelNames: ['job'] as const, registers: [registry],
    })),
    runs: get('vigil_job_runs_total', () => new Counter({
      name: 'vigil_job_runs_total', help: 'Job runs in this process, by outcome',
      labelNames: ['job', 'status'] as const, registers: [registry],
    })),
    running: get('vigil_job_running', () => new Gauge({
      name: 'vigil_job_running', help: 'Whether this process is running the job now',
      labelNames: ['job'] as const, registers: [registry],
    })),
  };
}

export type JobMetrics = ReturnType<typeof jobMetrics>;
