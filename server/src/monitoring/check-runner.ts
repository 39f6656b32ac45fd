import type { AddressPolicy, Probe, ProbeResult } from './probe.ts';
import { HARD_TIMEOUT_GRACE_MS } from './schedule.ts';

/**
 * Runs one probe once, bounded no matter what the probe does: its signal is aborted at the
 * monitor's timeout (or at shutdown), and if the probe still has not returned shortly after,
 * the engine stops waiting and records a failure. A probe that throws is a failed check, never
 * a crashed worker.
 */
export interface RunOptions {
  target: string;
  settings: Record<string, unknown>;
  timeoutMs: number;
  addressPolicy: AddressPolicy;
  baseline: Record<string, unknown> | null;
  /** Aborted when the worker shuts down. */
  shutdown: AbortSignal;
  now(): Date;
  graceMs?: number;
}

const STATUSES = new Set(['up', 'degraded', 'down']);

function failed(reason: string, details: Record<string, unknown> = {}): ProbeResult {
  return { status: 'down', reason, latencyMs: null, details };
}

function sane(r: unknown): r is ProbeResult {
  const x = r as ProbeResult | null;
  return !!x && typeof x === 'object' && STATUSES.has(x.status) && typeof x.reason === 'string';
}

export async function runProbe(probe: Probe<any>, o: RunOptions): Promise<ProbeResult> {
  const controller = new AbortController();
  const seconds = Math.round(o.timeoutMs / 100) / 10;
  const onShutdown = () => controller.abort(new Error('worker shutting down'));
  if (o.shutdown.aborted) onShutdown();
  else o.shutdown.addEventListener('abort', onShutdown, { once: true });
  const soft = setTimeout(() => controller.abort(new Error(`timed out after ${seconds} s`)), o.timeoutMs);
  let hard: NodeJS.Timeout | undefined;
  const hardStop = new Promise<ProbeResult>((resolve) => {
    hard = setTimeout(
      () => resolve(failed(`timed out after ${seconds} s`, { hardTimeout: true })),
      o.timeoutMs + (o.graceMs ?? HARD_TIMEOUT_GRACE_MS),
    );
  });
  const settings = { ...(probe.defaults as Record<string, unknown>), ...o.settings };
  const run = (async (): Promise<ProbeResult> => {
    try {
      const r = await probe.run(o.target, settings, {
        signal: controller.signal,
        timeoutMs: o.timeoutMs,
        addressPolicy: o.addressPolicy,
        baseline: o.baseline,
        now: o.now,
      });
      if (!sane(r)) return failed('the probe returned an invalid result');
      return r;
    } catch (e) {
      if (controller.signal.aborted) return failed(String((controller.signal.reason as Error)?.message ?? 'aborted'));
      return failed(`probe error: ${(e as Error)?.message ?? String(e)}`);
    }
  })();
  try {
    return await Promise.race([run, hardStop]);
  } finally {
    clearTimeout(soft);
    clearTimeout(hard);
    o.shutdown.removeEventListener('abort', onShutdown);
  }
}
