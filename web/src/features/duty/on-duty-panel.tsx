import { api } from '../../api/api-client.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useNow } from '../../lib/use-now.ts';
import type { AlertPeriod, OnDuty } from './duty-types.ts';
import { zonedDateTime, zonedTime } from './duty-time.ts';
import { periodPhase } from './period-status.tsx';

/** Who is on duty right now in each visible roster of the period, and the next hand-over. */
export function OnDutyPanel({ period, version }: { period: AlertPeriod; version: string }) {
  const t = useT();
  const now = useNow(60_000);
  // Refetched each minute so a hand-over shows without a reload.
  const minute = Math.floor(now / 60_000);
  const active = periodPhase(period, now) === 'active';
  const { data, error, loading } = useAsync(
    (signal) => (active ? api.get<OnDuty>('/duty/on-duty', undefined, signal) : Promise.resolve(undefined)),
    `on-duty:${period.id}:${version}:${active ? minute : 'off'}`,
  );
  const rosters = (data?.rosters ?? []).filter((r) => r.period.id === period.id);
  const tz = period.timeZone;
  return (
    <div className="card pad" data-testid="on-duty-panel">
      <SectionTitle title={t('duty.onDuty.title')} />
      <ErrorBanner error={error} />
      {!active ? (
        <p className="muted">{t('duty.onDuty.notActive')}</p>
      ) : loading && !data ? (
        <Loading />
      ) : rosters.every((r) => r.onDuty.length === 0) ? (
        <p className="muted">{t('duty.onDuty.none')}</p>
      ) : (
        <ul className="duty-list">
          {rosters.map((r) => (
            <li key={r.roster.id} data-testid="on-duty-roster">
              <div className="cell-sub">{r.roster.name}</div>
              {r.onDuty.map((s) => (
                <div key={s.id}>
                  <strong data-testid="on-duty-person">{s.personName}</strong> <span className="muted">{t('duty.onDuty.until', { time: zonedDateTime(s.end, tz) })}</span>
                </div>
              ))}
              {r.nextHandover && r.nextHandover.incoming.length > 0 && (
                <div className="small muted">{t('duty.onDuty.next', { time: zonedTime(r.nextHandover.at, tz), people: r.nextHandover.incoming.map((s) => s.personName).join(', ') })}</div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
