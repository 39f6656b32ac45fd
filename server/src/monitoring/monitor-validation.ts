import { Value } from 'typebox/value';
import type { FieldIssue } from '../domain/errors.ts';
import type { MonitorKind, Probe } from './probe.ts';
import { isMonitorKind, type ProbeMap } from './types.ts';

/**
 * Field-level checks of a monitor definition: the kind has a probe, the target is one that
 * probe accepts, the settings match its schema, and the timing is sane. Field names are JSON
 * pointers into the request body, like the rest of the API's errors.
 */
export interface MonitorFields {
  kind?: string;
  target?: string;
  name?: string;
  settings?: Record<string, unknown>;
  intervalSeconds?: number;
  timeoutMs?: number;
  failureThreshold?: number;
}

export interface Limits {
  minIntervalSeconds: number;
}

export const MAX_INTERVAL_SECONDS = 86_400;
export const MAX_TIMEOUT_MS = 120_000;

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** TypeBox's errors, one per field, in words a user can act on. */
function settingsIssues(errors: SchemaError[]): FieldIssue[] {
  const out = new Map<string, string>();
  for (const e of errors) {
    // An unknown key comes twice: "schema is false" at the key and "additional properties" above it.
    if (e.keyword === 'boolean' && e.schemaPath.endsWith('additionalProperties')) {
      out.set(`/settings${e.instancePath}`, 'is not a setting of this monitor kind');
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      for (const k of (e.params.additionalProperties as string[] | undefined) ?? []) out.set(`/settings${e.instancePath}/${k}`, 'is not a setting of this monitor kind');
      continue;
    }
    const field = `/settings${e.instancePath}`;
    if (!out.has(field)) out.set(field, e.message);
  }
  return [...out].map(([field, message]) => ({ field, message }));
}

export function probeFor(probes: ProbeMap, kind: string | undefined): Probe<any> | null {
  return kind && isMonitorKind(kind) ? (probes[kind] ?? null) : null;
}

/** Validates the merged definition (after a patch, the whole of it). */
export function validateMonitor(probes: ProbeMap, m: Required<Omit<MonitorFields, 'name'>> & { name: string }, limits: Limits): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const probe = probeFor(probes, m.kind);
  if (!probe) {
    const known = Object.keys(probes).join(', ');
    issues.push({ field: '/kind', message: `must be one of ${known}` });
  } else {
    const t = m.target.trim();
    const err = t.length === 0 ? 'must not be empty' : t.length > 2000 ? 'is too long (at most 2000 characters)' : probe.validateTarget(t);
    if (err) issues.push({ field: '/target', message: `${err} (expected ${probe.targetHelp})` });
    const merged = { ...(probe.defaults as Record<string, unknown>), ...m.settings };
    issues.push(...settingsIssues(Value.Errors(probe.settingsSchema, merged) as unknown as SchemaError[]));
  }
  if (m.name.trim().length === 0 || m.name.length > 300) issues.push({ field: '/name', message: 'must be 1 to 300 characters' });
  // Heavy probes (content: several page fetches per check) have their own floor.
  const minInterval = Math.max(limits.minIntervalSeconds, probe?.schedule?.minIntervalSeconds ?? 0);
  if (!Number.isInteger(m.intervalSeconds) || m.intervalSeconds < minInterval || m.intervalSeconds > MAX_INTERVAL_SECONDS) {
    issues.push({ field: '/intervalSeconds', message: `must be a whole number of seconds from ${minInterval} to ${MAX_INTERVAL_SECONDS}` });
  }
  if (!Number.isInteger(m.timeoutMs) || m.timeoutMs < 100 || m.timeoutMs > MAX_TIMEOUT_MS) {
    issues.push({ field: '/timeoutMs', message: `must be from 100 to ${MAX_TIMEOUT_MS} ms` });
  } else if (Number.isInteger(m.intervalSeconds) && m.timeoutMs > m.intervalSeconds * 1000) {
    // A check must end before the next is due, or one slow site would pile up its own checks.
    issues.push({ field: '/timeoutMs', message: 'must not be longer than the interval' });
  }
  if (!Number.isInteger(m.failureThreshold) || m.failureThreshold < 1 || m.failureThreshold > 20) {
    issues.push({ field: '/failureThreshold', message: 'must be a whole number from 1 to 20' });
  }
  return issues;
}

export function defaultTimeoutMs(intervalSeconds: number, probe?: Probe<any> | null): number {
  return Math.min(probe?.schedule?.defaultTimeoutMs ?? 10_000, intervalSeconds * 1000);
}

export function defaultIntervalSeconds(probe?: Probe<any> | null): number {
  return probe?.schedule?.defaultIntervalSeconds ?? 60;
}

export function defaultName(kind: MonitorKind | string, target: string): string {
  return `${String(kind ?? '').toUpperCase()} ${target}`.slice(0, 300);
}
