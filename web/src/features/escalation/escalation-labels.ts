import type { EscalationStep, GroupBy, RouteMatch } from '../../api/alert-types.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { rosterLabel, type EscalationRefs } from './escalation-refs.ts';

/** A step in words: "Báo người trực của Tổ trực Sở Y tế", "Chờ 5 phút". */
export function stepText(t: TFunction, s: EscalationStep, refs: EscalationRefs | undefined): string {
  switch (s.type) {
    case 'notify_on_duty': {
      const r = refs?.rosters.find((x) => x.id === s.rosterId);
      return t('esc.stepText.notify_on_duty', { name: r ? rosterLabel(r) : '?' });
    }
    case 'notify_agency_on_duty':
      return t('esc.stepText.notify_agency_on_duty');
    case 'notify_agency_contacts':
      return s.availability?.length
        ? t('esc.stepText.notify_agency_contacts_some', { which: s.availability.map((a) => t(`esc.availability.${a}` as MessageKey)).join(', ') })
        : t('esc.stepText.notify_agency_contacts');
    case 'notify_users': {
      const names = s.userIds.map((id) => refs?.people.find((p) => p.id === id)?.displayName ?? '?');
      return t('esc.stepText.notify_users', { names: names.join(', ') });
    }
    case 'notify_channel': {
      const c = refs?.channels.find((x) => x.id === s.channelId);
      return t('esc.stepText.notify_channel', { name: c ? c.name : '?' });
    }
    case 'wait':
      return t('esc.stepText.wait', { n: s.minutes });
  }
}

export const groupByLabel = (t: TFunction, g: GroupBy | string) => (['none', 'hosting', 'agency', 'kind'].includes(g) ? t(`esc.groupBy.${g}` as MessageKey) : g);

/** A rule's conditions in words; "every alert" when it has none. */
export function matchText(t: TFunction, m: RouteMatch, agencyName: (id: string) => string): string[] {
  const out: string[] = [];
  if (m.agencyIds?.length) out.push(`${t('esc.match.agencies')}: ${m.agencyIds.map(agencyName).join(', ')}${m.includeSubAgencies ? ` ${t('esc.match.andSub')}` : ''}`);
  if (m.severities?.length) out.push(`${t('esc.match.severities')}: ${m.severities.map((s) => t(`alert.severity.${s}` as MessageKey)).join(', ')}`);
  if (m.kinds?.length) out.push(`${t('esc.match.kinds')}: ${m.kinds.join(', ')}`);
  if (m.sources?.length) out.push(`${t('esc.match.sources')}: ${m.sources.map((s) => t(`alert.source.${s}` as MessageKey)).join(', ')}`);
  return out.length ? out : [t('esc.match.all')];
}
