import type { ChannelKind, Severity } from '../notifications/channel.ts';
import { planDeliveries, type NotificationPreference, type QuietHours } from '../notifications/quiet-hours.ts';

/**
 * Who gets which message on which channel, from a person's preferences or a contact point's
 * registered details. Pure: the lookups are done by the caller.
 */

export interface Target {
  channelId: string;
  channelKind: ChannelKind;
  address: string;
  /** For the ack link's recipient and the delivery log. */
  recipientId: string;
  userId: string | null;
  name: string;
  locale: 'vi' | 'en';
  /** Held back by quiet hours until then. */
  notBefore?: Date;
}

export interface PersonForPlan {
  id: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  time_zone: string;
  quiet_hours: Record<string, unknown> | null;
  disabled: boolean;
  rules: { channel_id: string; channel_kind: string; address: string; min_severity: string | null; enabled: boolean }[];
}

export interface ContactForPlan {
  id: string;
  name: string;
  email: string | null;
  mobile: string | null;
  messaging: Record<string, unknown>;
}

export type DefaultChannels = ReadonlyMap<string, { id: string; kind: string }>;

const locale = (l: string): 'vi' | 'en' => (l === 'en' ? 'en' : 'vi');

/**
 * A user's targets: their own rules in order (quiet hours decide "now" or "later"; critical
 * always now); with no rules, their e-mail (and phone, from high severity) on the default
 * channels, so a roster member who never set preferences is still reached.
 */
export function personTargets(u: PersonForPlan, severity: Severity, now: Date, defaults: DefaultChannels): { targets: Target[]; skipped: string[] } {
  if (u.disabled) return { targets: [], skipped: [`${u.display_name}: account disabled`] };
  const base = { recipientId: u.id, userId: u.id, name: u.display_name, locale: locale(u.locale) };
  const rules = u.rules.length
    ? u.rules
    : [
        ...(u.email && defaults.get('email') ? [{ channel_id: defaults.get('email')!.id, channel_kind: 'email', address: u.email, min_severity: null, enabled: true }] : []),
        ...(u.phone && defaults.get('sms') ? [{ channel_id: defaults.get('sms')!.id, channel_kind: 'sms', address: u.phone, min_severity: 'high', enabled: true }] : []),
      ];
  if (rules.length === 0) return { targets: [], skipped: [`${u.display_name}: no channel or address`] };
  const pref: NotificationPreference = {
    timeZone: u.time_zone,
    quietHours: (u.quiet_hours as QuietHours | null) ?? null,
    channels: rules.map((r) => ({ kind: r.channel_kind as ChannelKind, address: r.address, enabled: r.enabled, minSeverity: (r.min_severity ?? undefined) as Severity | undefined })),
  };
  const targets: Target[] = [];
  const skipped: string[] = [];
  planDeliveries(pref, severity, now).forEach(({ decision }, i) => {
    const r = rules[i]!;
    if (decision.action === 'skip-channel') return void skipped.push(`${u.display_name} (${r.channel_kind}): ${decision.reason}`);
    targets.push({ ...base, channelId: r.channel_id, channelKind: r.channel_kind as ChannelKind, address: r.address, ...(decision.action === 'defer' ? { notBefore: decision.until } : {}) });
  });
  return { targets, skipped };
}

/** A contact point's targets on the default channels: e-mail, SMS to the mobile, Telegram chat. */
export function contactTargets(c: ContactForPlan, defaults: DefaultChannels): Target[] {
  const base = { recipientId: c.id, userId: null, name: c.name, locale: 'vi' as const };
  const out: Target[] = [];
  const email = defaults.get('email');
  if (c.email && email) out.push({ ...base, channelId: email.id, channelKind: 'email', address: c.email });
  const sms = defaults.get('sms');
  if (c.mobile && sms) out.push({ ...base, channelId: sms.id, channelKind: 'sms', address: c.mobile });
  const tg = defaults.get('telegram');
  const chat = c.messaging.telegram;
  // Only numeric chat ids can be messaged by a bot; "@handle" is kept for people, not for us.
  if (tg && typeof chat === 'string' && /^-?\d{1,20}$/.test(chat.trim())) out.push({ ...base, channelId: tg.id, channelKind: 'telegram', address: chat.trim() });
  return out;
}

/** One message per channel and address in one run, even if a person is named by two steps. */
export function dedupeTargets(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const k = `${t.channelId}\u0000${t.address.toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
