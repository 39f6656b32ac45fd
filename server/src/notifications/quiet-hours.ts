import { DEFAULT_TIME_ZONE, zonedParts, zonedToUtc } from '../monitoring/zoned-time.ts';
import { SEVERITIES, type ChannelKind, type Severity } from './channel.ts';

/**
 * Per-user delivery preferences: which channels in which order, and quiet hours. Quiet hours
 * are a local wall-clock window (22:00–06:30 in Asia/Ho_Chi_Minh may span midnight). Inside
 * the window a message is deferred to the window's end, or the channel is skipped, depending
 * on the preference; a critical alert (or the user's chosen bypass level) is never held back:
 * the point of a 24/7 roster is that the duty officer is woken.
 */

export interface ChannelPreference {
  kind: ChannelKind;
  address: string;
  enabled?: boolean;
  /** Only messages at or above this severity use this channel (e.g. SMS only from 'high'). */
  minSeverity?: Severity;
}

export interface QuietHours {
  /** "HH:mm", local time. start === end means no quiet hours. */
  start: string;
  end: string;
  /** ISO weekdays (1 = Monday) on which the window starts; all days when absent. */
  days?: number[];
  /** defer (default): hold until the window ends. skip: do not use the channel for this message. */
  mode?: 'defer' | 'skip';
  /** Messages at or above this severity ignore quiet hours. Default and maximum: 'critical'. */
  bypassFrom?: Severity;
}

export interface NotificationPreference {
  timeZone?: string;
  /** In order of preference. */
  channels: ChannelPreference[];
  quietHours?: QuietHours | null;
}

export type DeliveryDecision = { action: 'deliver' } | { action: 'defer'; until: Date } | { action: 'skip-channel'; reason: string };

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export function parseHhMm(s: string): number | null {
  const m = HHMM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function quietHoursIssues(q: QuietHours): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (parseHhMm(q.start) === null) out.push({ field: 'quietHours.start', message: 'must be HH:mm (00:00–23:59)' });
  if (parseHhMm(q.end) === null) out.push({ field: 'quietHours.end', message: 'must be HH:mm (00:00–23:59)' });
  if (q.days && q.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) out.push({ field: 'quietHours.days', message: 'must be ISO weekdays 1–7' });
  return out;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** When the quiet window containing `now` ends, or null when `now` is not inside one. */
export function quietUntil(q: QuietHours, now: Date, timeZone = DEFAULT_TIME_ZONE): Date | null {
  const s = parseHhMm(q.start);
  const e = parseHhMm(q.end);
  if (s === null || e === null || s === e) return null;
  const p = zonedParts(now, timeZone);
  const m = p.hour * 60 + p.minute;
  const startsOn = (weekday: number) => !q.days || q.days.includes(weekday);
  const endAt = (dayOffset: number) => zonedToUtc(p.year, p.month, p.day + dayOffset, Math.floor(e / 60), e % 60, timeZone);
  if (s < e) return m >= s && m < e && startsOn(p.weekday) ? endAt(0) : null;
  // Spans midnight: the evening part belongs to today's window, the morning part to yesterday's.
  if (m >= s) return startsOn(p.weekday) ? endAt(1) : null;
  if (m < e) return startsOn(p.weekday === 1 ? 7 : p.weekday - 1) ? endAt(0) : null;
  return null;
}

/** The time-window decision for a message of this severity, independent of the channel. */
export function shouldDeliverNow(pref: NotificationPreference, severity: Severity, now: Date): DeliveryDecision {
  const q = pref.quietHours;
  if (!q) return { action: 'deliver' };
  const bypass = q.bypassFrom && rank(q.bypassFrom) < rank('critical') ? q.bypassFrom : 'critical';
  if (rank(severity) >= rank(bypass)) return { action: 'deliver' };
  const until = quietUntil(q, now, pref.timeZone ?? DEFAULT_TIME_ZONE);
  if (!until) return { action: 'deliver' };
  return q.mode === 'skip' ? { action: 'skip-channel', reason: `quiet hours until ${q.end}` } : { action: 'defer', until };
}

/** The user's channels in order, each with its decision (disabled or below its minimum severity → skip). */
export function planDeliveries(pref: NotificationPreference, severity: Severity, now: Date): { channel: ChannelPreference; decision: DeliveryDecision }[] {
  const timed = shouldDeliverNow(pref, severity, now);
  return pref.channels.map((channel) => {
    if (channel.enabled === false) return { channel, decision: { action: 'skip-channel', reason: 'channel disabled' } as const };
    if (channel.minSeverity && rank(severity) < rank(channel.minSeverity)) return { channel, decision: { action: 'skip-channel', reason: `below ${channel.minSeverity}` } as const };
    return { channel, decision: timed };
  });
}
