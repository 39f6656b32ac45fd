import { createAddressPolicy } from '../../../server/src/monitoring/address-policy.ts';
import type { AddressPolicy, ProbeContext } from '../../../server/src/monitoring/probe.ts';

/** Loopback allowed, nothing else internal: what every probe test uses unless it tests refusal. */
export const LOOPBACK_POLICY = createAddressPolicy({ allowInternal: false, allowLoopbackForTests: true });
export const PUBLIC_ONLY_POLICY = createAddressPolicy({ allowInternal: false });

export function probeContext(over: Partial<ProbeContext> = {}): ProbeContext {
  return {
    signal: new AbortController().signal,
    timeoutMs: 1500,
    addressPolicy: LOOPBACK_POLICY,
    baseline: null,
    now: () => new Date(),
    ...over,
  };
}

/** Wraps a policy and records every address it was asked about (to prove what was checked). */
export function recordingPolicy(inner: AddressPolicy): AddressPolicy & { checked: string[] } {
  const checked: string[] = [];
  return {
    checked,
    check(address, family) {
      checked.push(address);
      return inner.check(address, family);
    },
  };
}
