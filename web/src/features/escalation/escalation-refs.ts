import { api } from '../../api/api-client.ts';
import type { Role } from '../../api/types.ts';
import { useAsync } from '../../lib/use-async.ts';
import type { AlertPeriod, DutyPerson, DutyRoster } from '../duty/duty-types.ts';
import type { ChannelBrief } from '../notifications/notification-types.ts';

/** Escalation is configured province-wide: administrators and coordinators change it, everyone else reads it. */
export const canEditEscalation = (role: Role) => role === 'admin' || role === 'coordinator';

export interface RosterRef {
  id: string;
  name: string;
  periodName: string;
  agencyName: string;
}

/** What steps point at, with names: rosters (of every alert period), people, shared channels. */
export interface EscalationRefs {
  rosters: RosterRef[];
  people: DutyPerson[];
  channels: ChannelBrief[];
}

async function loadRefs(signal: AbortSignal): Promise<EscalationRefs> {
  const [periods, people, channels] = await Promise.all([
    api.get<{ items: AlertPeriod[] }>('/duty/periods', undefined, signal),
    api.get<{ items: DutyPerson[] }>('/duty/people', undefined, signal),
    api.get<{ items: ChannelBrief[] }>('/me/notification-channels', undefined, signal).catch(() => ({ items: [] as ChannelBrief[] })),
  ]);
  const details = await Promise.all(periods.items.map((p) => api.get<{ period: AlertPeriod; rosters: DutyRoster[] }>(`/duty/periods/${p.id}`, undefined, signal)));
  const rosters = details.flatMap((d) => d.rosters.map((r) => ({ id: r.id, name: r.name, periodName: d.period.name, agencyName: r.agencyName })));
  return { rosters, people: people.items, channels: channels.items };
}

export function useEscalationRefs() {
  return useAsync(loadRefs, 'escalation-refs');
}

export const rosterLabel = (r: RosterRef) => `${r.name} — ${r.periodName}`;
