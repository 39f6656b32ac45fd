import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';

/**
 * The escalation engine words step labels and skip reasons in English
 * (server/src/services/alert-escalation.service.ts, alerting/recipient-plan.ts,
 * notifications/quiet-hours.ts); these patterns give them in the catalogue's language.
 * Anything not listed is shown as the server wrote it.
 */
const LABELS: [RegExp, MessageKey][] = [
  [/^On duty: (.+)$/s, 'alert.label.onDuty'],
  [/^On duty$/, 'alert.label.onDutyAny'],
  [/^On duty in the agency$/, 'alert.label.agencyOnDuty'],
  [/^Agency contact points$/, 'alert.label.agencyContacts'],
  [/^Named people$/, 'alert.label.users'],
  [/^Channel: (.+)$/s, 'alert.label.channel'],
  [/^Channel$/, 'alert.label.channelAny'],
];

const SKIPPED: [RegExp, MessageKey, (m: RegExpExecArray) => Record<string, string>][] = [
  [/^the roster no longer exists$/, 'alert.skip.rosterGone', () => ({})],
  [/^nobody is on duty in (.+) now$/s, 'alert.skip.nobodyOnDuty', (m) => ({ name: m[1]! })],
  [/^no roster of the agency has anyone on duty now$/, 'alert.skip.agencyNobody', () => ({})],
  [/^(.+): no address for a configured channel$/s, 'alert.skip.noAddress', (m) => ({ name: m[1]! })],
  [/^the agency has no registered contact points$/, 'alert.skip.noContacts', () => ({})],
  [/^the channel is missing or disabled$/, 'alert.skip.channelGone', () => ({})],
  [/^(.+): account disabled$/s, 'alert.skip.disabled', (m) => ({ name: m[1]! })],
  [/^(.+): no channel or address$/s, 'alert.skip.noChannel', (m) => ({ name: m[1]! })],
  [/^(.+): channel disabled$/s, 'alert.skip.channelOff', (m) => ({ name: m[1]! })],
  [/^(.+): below (info|low|medium|high|critical)$/s, 'alert.skip.below', (m) => ({ name: m[1]!, level: m[2]! })],
  [/^(.+): quiet hours until (\d\d:\d\d)$/s, 'alert.skip.quiet', (m) => ({ name: m[1]!, time: m[2]! })],
  [/^no recipient$/, 'alert.skip.noRecipient', () => ({})],
];

export function translateStepLabel(t: TFunction, label: string | null | undefined): string {
  if (!label) return '';
  for (const [re, key] of LABELS) {
    const m = re.exec(label);
    if (m) return t(key, { name: m[1] ?? '' });
  }
  return label;
}

export function translateSkipped(t: TFunction, reason: string): string {
  for (const [re, key, params] of SKIPPED) {
    const m = re.exec(reason);
    if (m) {
      const p = params(m);
      if (p.level) p.level = t(`alert.severity.${p.level}` as MessageKey).toLowerCase();
      return t(key, p);
    }
  }
  return reason;
}

/**
 * A nobody_notified event's text is "<label>: <reason>; <reason>". Labels can hold a colon
 * ("On duty: Trực Sở Y tế"), so the known label shapes are tried first.
 */
export function splitNobodyText(text: string | null): { label: string; reasons: string[] } {
  if (!text) return { label: '', reasons: [] };
  const known = /^(On duty: .+?|On duty|On duty in the agency|Agency contact points|Named people|Channel: .+?|Channel): (.*)$/s.exec(text);
  const [label, rest] = known ? [known[1]!, known[2]!] : ['', text];
  return { label, reasons: rest.split('; ').filter(Boolean) };
}
