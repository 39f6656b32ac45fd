import type { MonitorState } from './types.ts';

/**
 * Which alerts a monitor should hold open, from its state, and what to open or resolve to
 * get there. Reconciled on every check (the monitor row remembers which kinds it holds open),
 * so an alert held back by a maintenance window is opened on the first check after the window
 * if the monitor is still down. While a monitor flaps, a single flapping alert replaces the
 * stream of down/up alerts.
 */
export type MonitorAlertKind = 'down' | 'degraded' | 'flapping';

export function desiredAlerts(state: MonitorState, flapping: boolean): MonitorAlertKind[] {
  if (flapping) return ['flapping'];
  if (state === 'down') return ['down'];
  if (state === 'degraded') return ['degraded'];
  return [];
}

export interface AlertPlan {
  open: MonitorAlertKind[];
  resolve: string[];
  /** The kinds held open afterwards (stored on the monitor). */
  held: string[];
}

/** Resolving is never suppressed (a recovery in a maintenance window still closes the alert). */
export function planAlerts(held: readonly string[], desired: readonly MonitorAlertKind[], suppressed: boolean): AlertPlan {
  const resolve = held.filter((k) => !desired.includes(k as MonitorAlertKind));
  const open = suppressed ? [] : desired.filter((k) => !held.includes(k));
  const kept = held.filter((k) => desired.includes(k as MonitorAlertKind));
  return { open, resolve, held: [...kept, ...open] };
}

export function alertDedupKey(monitorId: string, kind: string): string {
  return `monitor:${monitorId}:${kind}`;
}

/** Severity: a down system of level 4–5 or of critical national importance is critical. */
export function alertSeverity(kind: MonitorAlertKind, system: { securityLevel: number; criticalNational: boolean }): string {
  if (kind === 'down') return system.criticalNational || system.securityLevel >= 4 ? 'critical' : 'high';
  if (kind === 'flapping') return 'medium';
  return 'low';
}
