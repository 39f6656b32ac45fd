import type { ContactPoint } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { daysSince } from '../../lib/format.ts';

export const priorityKey = (p: string) => `priority.${p}` as MessageKey;
export const availabilityKey = (a: string) => `availability.${a}` as MessageKey;

/** A contact not confirmed for this long may well have changed job or number. */
export const STALE_AFTER_DAYS = 90;

export function isStale(c: Pick<ContactPoint, 'lastVerifiedAt'>): boolean {
  const d = daysSince(c.lastVerifiedAt);
  return d === null || d > STALE_AFTER_DAYS;
}

/** Phone numbers as dialable tel: links; everything but digits and a leading + dropped. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^0-9+]/g, '')}`;

/** "zalo: 0903…" lines to the messaging map and back. */
export function parseMessaging(text: string): { value: Record<string, string>; bad: string[] } {
  const value: Record<string, string> = {};
  const bad: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z][A-Za-z0-9_]{0,29})\s*[:=]\s*(.+)$/.exec(line);
    if (!m) bad.push(line);
    else value[m[1]!.toLowerCase()] = m[2]!.trim();
  }
  return { value, bad };
}

export const formatMessaging = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
