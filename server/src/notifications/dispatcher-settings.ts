import type { Config } from '../config/config.ts';
import type { DispatcherSettings } from './outbox-dispatcher.ts';
import { DEFAULT_RETRY } from './retry-policy.ts';

/** The dispatcher's settings from the configuration (VIGIL_NOTIFY_*); backoff is fixed at 10 s × 2^n, at most 1 h. */
export function dispatcherSettings(c: Config): DispatcherSettings {
  return {
    ...DEFAULT_RETRY,
    maxAttempts: c.notifyMaxAttempts,
    concurrency: c.notifyConcurrency,
    perChannel: c.notifyPerChannelConcurrency,
    pollMs: c.notifyPollMs,
    timeoutMs: c.notifyTimeoutMs,
    leaseMarginMs: 5_000,
    stopGraceMs: 5_000,
  };
}
