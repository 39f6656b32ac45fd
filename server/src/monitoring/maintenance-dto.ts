import type { FieldIssue } from '../domain/errors.ts';
import type { MaintenanceWindowWithPath } from '../repositories/maintenance-window.repository.ts';
import { parseStartTime } from './maintenance-schedule.ts';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from './zoned-time.ts';

/** Maintenance windows as the service takes and gives them, and their field-level checks. */
export interface MaintenanceWindowInput {
  scope: 'monitor' | 'system' | 'agency';
  monitorId?: string | null;
  systemId?: string | null;
  agencyId?: string | null;
  title: string;
  kind: 'once' | 'weekly';
  startsAt?: string | null;
  endsAt?: string | null;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays?: number[] | null;
  /** Local start time, HH:MM. */
  startTime?: string | null;
  durationMinutes?: number | null;
  timeZone?: string;
}

export interface MaintenanceWindowDto {
  id: string;
  scope: 'monitor' | 'system' | 'agency';
  monitorId: string | null;
  systemId: string | null;
  agencyId: string;
  title: string;
  kind: 'once' | 'weekly';
  startsAt: string | null;
  endsAt: string | null;
  weekdays: number[] | null;
  startTime: string | null;
  durationMinutes: number | null;
  timeZone: string;
  createdAt: string;
  updatedAt: string;
}

export function toMaintenanceDto(w: MaintenanceWindowWithPath): MaintenanceWindowDto {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: w.id,
    scope: w.scope as MaintenanceWindowDto['scope'],
    monitorId: w.monitor_id,
    systemId: w.system_id,
    agencyId: w.agency_id,
    title: w.title,
    kind: w.kind as MaintenanceWindowDto['kind'],
    startsAt: iso(w.starts_at),
    endsAt: iso(w.ends_at),
    weekdays: w.weekdays,
    startTime: w.start_time,
    durationMinutes: w.duration_minutes,
    timeZone: w.time_zone,
    createdAt: new Date(w.created_at).toISOString(),
    updatedAt: new Date(w.updated_at).toISOString(),
  };
}

function date(v: string | null | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The timing fields, normalised, or the issues that make them unusable. */
export function validateTiming(i: MaintenanceWindowInput): { issues: FieldIssue[]; timing: {
  starts_at: Date | null; ends_at: Date | null; weekdays: number[] | null; start_time: string | null; duration_minutes: number | null; time_zone: string;
} } {
  const issues: FieldIssue[] = [];
  const timeZone = i.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) issues.push({ field: '/timeZone', message: 'is not a known time zone' });
  if (!i.title || i.title.trim().length === 0 || i.title.length > 300) issues.push({ field: '/title', message: 'must be 1 to 300 characters' });
  if (i.kind === 'once') {
    const s = date(i.startsAt);
    const e = date(i.endsAt);
    if (!s) issues.push({ field: '/startsAt', message: 'a start date and time is required' });
    if (!e) issues.push({ field: '/endsAt', message: 'an end date and time is required' });
    if (s && e && e <= s) issues.push({ field: '/endsAt', message: 'must be after the start' });
    return { issues, timing: { starts_at: s, ends_at: e, weekdays: null, start_time: null, duration_minutes: null, time_zone: timeZone } };
  }
  if (i.kind !== 'weekly') {
    issues.push({ field: '/kind', message: 'must be once or weekly' });
    return { issues, timing: { starts_at: null, ends_at: null, weekdays: null, start_time: null, duration_minutes: null, time_zone: timeZone } };
  }
  const days = i.weekdays ?? [];
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(days).size !== days.length) {
    issues.push({ field: '/weekdays', message: 'must list distinct weekdays from 1 (Monday) to 7 (Sunday)' });
  }
  if (!i.startTime || !parseStartTime(i.startTime)) issues.push({ field: '/startTime', message: 'must be a time HH:MM' });
  const minutes = i.durationMinutes;
  if (!Number.isInteger(minutes) || minutes! < 1 || minutes! > 10_080) issues.push({ field: '/durationMinutes', message: 'must be from 1 to 10080 minutes (a week)' });
  return {
    issues,
    timing: { starts_at: null, ends_at: null, weekdays: [...days].sort(), start_time: i.startTime ?? null, duration_minutes: minutes ?? null, time_zone: timeZone },
  };
}
