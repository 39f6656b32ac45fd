import { useT } from '../../i18n/use-t.ts';
import type { AlertPeriod } from './duty-types.ts';

export type PeriodPhase = 'upcoming' | 'active' | 'ended';

export function periodPhase(p: Pick<AlertPeriod, 'startsAt' | 'endsAt'>, now = Date.now()): PeriodPhase {
  if (now < new Date(p.startsAt).getTime()) return 'upcoming';
  return now < new Date(p.endsAt).getTime() ? 'active' : 'ended';
}

const BADGE: Record<PeriodPhase, string> = { upcoming: 'badge--info', active: 'badge--warn', ended: 'badge--muted' };

export function PeriodStatus({ period }: { period: Pick<AlertPeriod, 'startsAt' | 'endsAt'> }) {
  const t = useT();
  const phase = periodPhase(period);
  return <span className={`badge ${BADGE[phase]}`} data-testid="period-status">{phase === 'active' ? '● ' : ''}{t(`duty.period.${phase}`)}</span>;
}
