import type { AlertRow } from '../repositories/alert.repository.ts';
import type { ClaimedMonitor, ResultRow } from '../repositories/monitor-lease.repository.ts';
import type { NewMonitorEvent } from '../repositories/monitor-event.repository.ts';
import type { SampleRow } from '../repositories/monitor-sample.repository.ts';
import { alertDedupKey, alertSeverity, desiredAlerts, planAlerts, type AlertPlan, type MonitorAlertKind } from './alert-plan.ts';
import type { ProbeResult } from './probe.ts';
import { nextDue } from './schedule.ts';
import { nextState, type NextState } from './state-machine.ts';
import { STATUS_CODE } from './types.ts';

/**
 * Everything one finished check changes, computed without I/O from the monitor as claimed and
 * the probe's result: the next state, the next due time, which alerts to open or resolve,
 * and the rows the batch writer stores.
 */
export interface OutcomeSettings {
  flap: { transitions: number; windowMs: number };
  retrySeconds: number;
  random?: () => number;
}

export interface CheckOutcome {
  monitor: ClaimedMonitor;
  result: ProbeResult;
  checkedAt: Date;
  durationMs: number;
  next: NextState;
  nextDueAt: Date;
  alerts: AlertPlan;
  suppressed: boolean;
  newBaseline: Record<string, unknown> | null;
}

export function buildOutcome(
  m: ClaimedMonitor,
  raw: ProbeResult,
  t: { checkedAt: Date; finishedAt: Date },
  suppressed: boolean,
  s: OutcomeSettings,
): CheckOutcome {
  const result = cleanResult(raw);
  const next = nextState({
    previous: {
      state: m.state,
      reason: m.state_reason,
      since: m.state_since,
      consecutiveFailures: m.consecutive_failures,
      flapping: m.flapping,
      recentTransitions: m.recent_transitions ?? [],
    },
    failureThreshold: m.failure_threshold,
    result,
    now: t.checkedAt,
    flap: s.flap,
  });
  const nextDueAt = nextDue(new Date(m.next_due_at), m.interval_seconds, t.finishedAt, {
    confirm: next.confirm,
    retrySeconds: s.retrySeconds,
    random: s.random,
  });
  const alerts = planAlerts(m.alert_kinds ?? [], desiredAlerts(next.state, next.flapping), suppressed);
  // A learned baseline (content profile) replaces the old one; otherwise the first successful
  // observation becomes the baseline (DNS record sets, TLS identity).
  const newBaseline = result.learned ?? (!m.baseline && result.status === 'up' && result.observed ? result.observed : null);
  return { monitor: m, result, checkedAt: t.checkedAt, durationMs: t.finishedAt.getTime() - t.checkedAt.getTime(), next, nextDueAt, alerts, suppressed, newBaseline };
}

const MAX_DETAILS_JSON = 8 * 1024;
const MAX_REASON = 500;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text from monitored sites goes into text and jsonb columns, which refuse NUL characters and
 * unpaired surrogates: one hostile header would otherwise fail every batch it is in, forever.
 */
export function storable<T>(v: T, depth = 0): T {
  if (typeof v === 'string') return v.replace(/\u0000/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD') as T;
  if (v === null || typeof v !== 'object' || depth > 20) return v;
  if (Array.isArray(v)) return v.map((x) => storable(x, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[storable(k)] = storable(x, depth + 1);
  return out as T;
}

/** The probe's result made safe to store: clean text, a bounded reason. */
export function cleanResult(r: ProbeResult): ProbeResult {
  const reason = storable(String(r.reason ?? '')).slice(0, MAX_REASON);
  return {
    ...r, reason, details: storable(r.details ?? {}),
    ...(r.observed && { observed: storable(r.observed) }),
    ...(r.learned && { learned: storable(r.learned) }),
    ...(r.alert && { alert: { ...r.alert, kind: storable(String(r.alert.kind)).slice(0, 100), details: storable(r.alert.details ?? {}) } }),
  };
}

/** Keeps what a probe reports storable: oversize values (a huge header list) are replaced by a note. */
export function capDetails(details: Record<string, unknown>): Record<string, unknown> {
  const whole = JSON.stringify(details ?? {});
  if (whole.length <= MAX_DETAILS_JSON) return details ?? {};
  const out: Record<string, unknown> = {};
  let size = 0;
  for (const [k, v] of Object.entries(details)) {
    const len = JSON.stringify(v)?.length ?? 0;
    if (len <= 1024 && size + len <= MAX_DETAILS_JSON) {
      out[k] = v;
      size += len;
    } else out[k] = { omitted: true, bytes: len };
  }
  return out;
}

export function toResultRow(o: CheckOutcome): ResultRow {
  const r = o.result;
  return {
    id: o.monitor.id,
    due_at: new Date(o.monitor.next_due_at).toISOString(),
    next_due_at: o.nextDueAt.toISOString(),
    state: o.next.state,
    state_reason: o.next.reason,
    state_since: o.next.since.toISOString(),
    consecutive_failures: o.next.consecutiveFailures,
    flapping: o.next.flapping,
    recent_transitions: o.next.recentTransitions,
    alert_kinds: o.alerts.held,
    checked_at: o.checkedAt.toISOString(),
    latency_ms: r.latencyMs === null ? null : Math.round(r.latencyMs),
    tls_reported: r.tlsDaysLeft !== undefined,
    tls_days_left: r.tlsDaysLeft === undefined || r.tlsDaysLeft === null ? null : Math.floor(r.tlsDaysLeft),
    last_result: {
      status: r.status,
      reason: r.reason,
      latencyMs: r.latencyMs,
      checkedAt: o.checkedAt.toISOString(),
      durationMs: o.durationMs,
      details: capDetails(r.details),
      ...(r.observed && { observed: r.observed }),
      ...(r.tlsDaysLeft !== undefined && { tlsDaysLeft: r.tlsDaysLeft }),
      ...(o.next.consecutiveFailures > 0 && { consecutiveFailures: o.next.consecutiveFailures }),
    },
    set_baseline: o.newBaseline !== null,
    baseline: o.newBaseline,
  };
}

export function toSampleRow(o: CheckOutcome): SampleRow {
  return {
    monitor_id: o.monitor.id,
    checked_at: o.checkedAt,
    latency_ms: o.result.latencyMs === null ? null : Math.min(2_147_483_647, Math.round(o.result.latencyMs)),
    status: STATUS_CODE[o.result.status],
  };
}

/** A state change, and flapping starting or ending, are each one event. */
export function toEventRows(o: CheckOutcome): NewMonitorEvent[] {
  if (!o.next.changed && !o.next.flappingChanged) return [];
  const m = o.monitor;
  let reason = o.next.reason;
  if (!o.next.changed) reason = o.next.flapping ? 'flapping started' : 'flapping ended';
  return [{
    monitor_id: m.id,
    system_id: m.system_id,
    agency_id: m.agency_id,
    at: o.checkedAt,
    from_state: m.state,
    to_state: o.next.state,
    reason,
    flapping: o.next.flapping,
    suppressed: o.suppressed,
    details: { latencyMs: o.result.latencyMs, result: o.result.reason, details: capDetails(o.result.details) },
  }];
}

const SUMMARIES: Record<MonitorAlertKind, string> = { down: 'is down', degraded: 'is degraded', flapping: 'is flapping' };

export function toAlertRows(o: CheckOutcome, newId: () => string): AlertRow[] {
  const m = o.monitor;
  return o.alerts.open.map((kind) => {
    // A probe may say what its failure is (content.injection and its analysis); the
    // de-duplication key stays monitor:<id>:down, so resolving works the same for every kind.
    const custom = kind === 'down' ? o.result.alert : undefined;
    return {
      id: newId(),
      dedup_key: alertDedupKey(m.id, kind),
      monitor_id: m.id,
      system_id: m.system_id,
      agency_id: m.agency_id,
      kind: custom?.kind ?? `monitor.${kind}`,
      severity: custom?.severity ?? alertSeverity(kind, { securityLevel: m.security_level, criticalNational: m.critical_national }),
      status: 'open',
      opened_at: o.checkedAt,
      resolved_at: null,
      summary: custom ? `${m.name}: ${o.result.reason}` : `${m.name} ${SUMMARIES[kind]}: ${o.next.reason ?? o.result.reason}`,
      details: { ...custom?.details, target: m.target, monitorKind: m.kind, systemName: m.system_name, state: o.next.state, reason: o.result.reason },
    };
  });
}

export function resolveKeys(o: CheckOutcome): { key: string; at: Date }[] {
  return o.alerts.resolve.map((k) => ({ key: alertDedupKey(o.monitor.id, k), at: o.checkedAt }));
}
