import type { Config } from '../config/config.ts';
import { createAddressPolicy } from './address-policy.ts';
import type { WorkerSettings } from './monitor-worker.ts';
import type { RetentionWindows } from './monitor-history.ts';
import type { PageRenderer } from './content/page-renderer.ts';
import { PROBES } from './probe-registry.ts';
import { createContentProbe } from './probes/content.probe.ts';
import { fakeProbes } from './testing/fake-probes.ts';
import type { AddressPolicyFactory, ProbeMap } from './types.ts';

/**
 * The real probes, or the test-only fake set when VIGIL_TEST_PROBES=fake (never in production).
 * A page renderer (headless browser) enables the content probe's rendered check.
 */
export function defaultProbes(env: NodeJS.ProcessEnv = process.env, o: { renderer?: PageRenderer | null } = {}): ProbeMap {
  if (env.VIGIL_TEST_PROBES === 'fake') return fakeProbes();
  return o.renderer ? { ...PROBES, content: createContentProbe({ renderer: o.renderer }) } : PROBES;
}

/** The SSRF guard for one check: private ranges only for systems an administrator marked internal. */
export const defaultAddressPolicy: AddressPolicyFactory = ({ internal, allowLoopback }) =>
  createAddressPolicy({ allowInternal: internal, allowLoopbackForTests: allowLoopback });

export function workerSettings(c: Config): WorkerSettings {
  return {
    concurrency: c.monitorConcurrency,
    perHost: c.monitorPerHostConcurrency,
    claimBatch: c.monitorClaimBatch,
    pollMs: c.monitorPollMs,
    flushMs: c.monitorFlushMs,
    leaseMarginSeconds: c.monitorLeaseMarginSeconds,
    retrySeconds: c.monitorRetrySeconds,
    flap: { transitions: c.monitorFlapTransitions, windowMs: c.monitorFlapWindowMinutes * 60_000 },
    allowLoopback: c.monitorAllowLoopback,
  };
}

export function retentionWindows(c: Config): RetentionWindows {
  return { rawMinutes: c.monitorRawRetentionMinutes, minuteHours: c.monitorMinuteRetentionHours, hourDays: c.monitorHourRetentionDays };
}
