/**
 * Due slots, on-time checks and missed checks from what the engine reported, without
 * re-implementing its scheduler.
 *
 * Input: every check the engine wrote (its `check` events: monitor, due time, lag), and after
 * the run each monitor's pending `next_due_at` from the database. The window is a range of
 * *due times* [t0, t1).
 *
 * - done: written checks whose due time is in the window (confirming retries included: they
 *   are due slots too).
 * - on time: done, and started at most `onTimeMs` after its due time (lag = start − due, both
 *   on the database clock, as the engine computes it).
 * - missed: due slots in the window with no check. Two places show them: a monitor's
 *   consecutive due times more than 1.5 intervals apart (each whole interval in the gap beyond
 *   the first is a slot that was skipped — the engine skips slots when a check runs more than
 *   half an interval late, by design, and restarts a schedule that fell a whole interval
 *   behind), and a pending due time still before t1 when the run ended (with every further
 *   interval up to t1).
 * - due = done + missed.
 */
export interface CheckRecord {
  monitorId: string;
  dueAt: number;
  lagMs: number;
  status: string;
  kind: string;
}

export interface MonitorAtEnd {
  id: string;
  kind: string;
  intervalMs: number;
  nextDueAt: number;
}

export interface Tally {
  due: number;
  done: number;
  onTime: number;
  missed: number;
}

export interface ScheduleReport extends Tally {
  lags: number[];
  byKind: Record<string, Tally>;
  /** By `group(monitorId)` when given (the benchmark groups by monitor kind and site behaviour). */
  byGroup: Record<string, Tally>;
  statuses: Record<string, number>;
}

const empty = (): Tally => ({ due: 0, done: 0, onTime: 0, missed: 0 });

export function analyseSchedule(
  checks: CheckRecord[],
  monitors: MonitorAtEnd[],
  t0: number,
  t1: number,
  onTimeMs: number,
  group: (monitorId: string, kind: string) => string = (_id, kind) => kind,
): ScheduleReport {
  const inWindow = (t: number) => t >= t0 && t < t1;
  const byMonitor = new Map<string, number[]>();
  const report: ScheduleReport = { ...empty(), lags: [], byKind: {}, byGroup: {}, statuses: {} };
  const kindTally = (k: string) => (report.byKind[k] ??= empty());
  const groupTally = (id: string, k: string) => (report.byGroup[group(id, k)] ??= empty());

  for (const c of checks) {
    let list = byMonitor.get(c.monitorId);
    if (!list) byMonitor.set(c.monitorId, (list = []));
    list.push(c.dueAt);
    if (!inWindow(c.dueAt)) continue;
    const k = kindTally(c.kind);
    const g = groupTally(c.monitorId, c.kind);
    report.done++;
    k.done++;
    g.done++;
    report.lags.push(c.lagMs);
    report.statuses[`${c.kind} ${c.status}`] = (report.statuses[`${c.kind} ${c.status}`] ?? 0) + 1;
    if (c.lagMs <= onTimeMs) {
      report.onTime++;
      k.onTime++;
      g.onTime++;
    }
  }

  for (const m of monitors) {
    const dues = [...new Set(byMonitor.get(m.id) ?? [])].sort((a, b) => a - b);
    const k = kindTally(m.kind);
    const g = groupTally(m.id, m.kind);
    const miss = (slot: number) => {
      if (!inWindow(slot)) return;
      report.missed++;
      k.missed++;
      g.missed++;
    };
    const seq = [...dues, m.nextDueAt];
    for (let i = 1; i < seq.length; i++) {
      const gap = seq[i]! - seq[i - 1]!;
      if (gap <= 1.5 * m.intervalMs) continue;
      const skipped = Math.round(gap / m.intervalMs) - 1;
      for (let j = 1; j <= skipped; j++) miss(seq[i - 1]! + j * m.intervalMs);
    }
    // Still pending when the run ended: that slot and every later one before t1 had no check.
    for (let slot = m.nextDueAt; slot < t1; slot += m.intervalMs) miss(slot);
  }

  report.due = report.done + report.missed;
  for (const k of [...Object.values(report.byKind), ...Object.values(report.byGroup)]) k.due = k.done + k.missed;
  report.lags.sort((a, b) => a - b);
  return report;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
