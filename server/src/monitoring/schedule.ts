/**
 * When checks happen. Pure functions of the database clock (see monitor-worker.ts for why the
 * database's clock and not the local one).
 *
 * - A new (or resumed) monitor's first check is spread uniformly over one interval, so 10,000
 *   monitors created at once do not all fire in the same second.
 * - Next due = previous due + interval: no drift, the spread is kept.
 * - A check that ran late (its lease was taken over, the worker was saturated) stands in for
 *   a slot less than half an interval away: a monitor is never checked twice in quick
 *   succession, and the grid is kept.
 * - A monitor that fell more than an interval behind (workers down, database down) restarts
 *   half to one interval from now, spread, instead of firing its whole backlog at once.
 * - A failure below the down threshold is confirmed by a retry after `retrySeconds` (at most
 *   half the interval): the one deliberate exception to the above.
 */
export function initialDue(now: Date, intervalSeconds: number, random: () => number = Math.random): Date {
  return new Date(now.getTime() + Math.floor(random() * intervalSeconds * 1000));
}

export function nextDue(
  previousDue: Date,
  intervalSeconds: number,
  now: Date,
  opts: { confirm?: boolean; retrySeconds?: number; random?: () => number } = {},
): Date {
  const intervalMs = intervalSeconds * 1000;
  if (opts.confirm) {
    const retryMs = Math.min((opts.retrySeconds ?? 20) * 1000, intervalMs / 2);
    return new Date(now.getTime() + retryMs);
  }
  const t = now.getTime();
  let next = previousDue.getTime() + intervalMs;
  if (next <= t) return new Date(t + intervalMs / 2 + Math.floor((opts.random ?? Math.random)() * (intervalMs / 2)));
  if (next - t < intervalMs / 2) next += intervalMs;
  return new Date(next);
}

/**
 * How long a claim holds a monitor: the check's timeout, the hard-timeout grace, and a margin
 * for the wait before the start and the batched write after it. A killed worker's monitors
 * are free again after this, so it must stay below one interval for "no monitor waits more
 * than two intervals".
 */
export const HARD_TIMEOUT_GRACE_MS = 1000;

export function leaseMs(timeoutMs: number, marginSeconds: number): number {
  return timeoutMs + HARD_TIMEOUT_GRACE_MS + marginSeconds * 1000;
}
