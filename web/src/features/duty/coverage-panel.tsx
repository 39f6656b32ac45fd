import { api } from '../../api/api-client.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import type { Coverage, DutyPerson, DutyRoster } from './duty-types.ts';
import { zonedDateTime } from './duty-time.ts';
import { periodPhase } from './period-status.tsx';

interface Props {
  periodId: string;
  rosters: readonly DutyRoster[];
  people: readonly DutyPerson[];
  /** Changes whenever the rosters change, so the check runs again. */
  version: string;
}

/**
 * The check to run before the period starts: every gap (nobody on duty) and double booking
 * (one person on two shifts at once), with times in the period's own zone, and long stretches
 * as warnings. Worded here from the structured report, not from the server's English text.
 */
export function CoveragePanel({ periodId, rosters, people, version }: Props) {
  const t = useT();
  const { data, error, loading } = useAsync((signal) => api.get<Coverage>(`/duty/periods/${periodId}/coverage`, undefined, signal), `coverage:${periodId}:${version}`);
  const rosterName = (id: string | null) => rosters.find((r) => r.id === id)?.name ?? id ?? '';
  const person = (id: string) => people.find((p) => p.id === id)?.displayName ?? id;
  const hours = (h: number) => (Number.isInteger(h) ? String(h) : h.toFixed(1));
  const interval = (i: { startLocal: string; endLocal: string; hours: number }) => t('duty.coverage.interval', { from: i.startLocal, to: i.endLocal, h: hours(i.hours) });

  const body = () => {
    if (!data) return loading ? <Loading /> : null;
    if (data.agencies.length === 0) return <p className="muted">{t('duty.coverage.noRosters')}</p>;
    const gaps = data.agencies.flatMap((a) => a.report.gaps.map((g) => ({ ...g, agency: a.agencyName })));
    const doubles = data.agencies.flatMap((a) => a.report.doubleBookings);
    const warnings = data.agencies.flatMap((a) => a.report.warnings);
    const phase = periodPhase(data.period);
    return (
      <>
        {data.ok ? (
          <div className="alert alert--success" data-testid="coverage-ok">{t('duty.coverage.ok')}</div>
        ) : (
          phase === 'upcoming' && <div className="alert alert--warning">{t('duty.coverage.beforeStart', { at: zonedDateTime(data.period.startsAt, data.period.timeZone) })}</div>
        )}
        {gaps.length > 0 && (
          <>
            <h3 className="subsection-title">{t('duty.coverage.gaps', { n: gaps.length })}</h3>
            <ul className="duty-list" data-testid="coverage-gaps">
              {gaps.map((g) => (
                <li key={`${g.rosterId}:${g.start}`} data-testid="coverage-gap">
                  <strong className="text-danger">{g.scope === 'agency' ? `${t('duty.coverage.gapAgency')} (${g.agency})` : t('duty.coverage.gapRoster', { roster: rosterName(g.rosterId) })}</strong>{' '}
                  <span className="nowrap">{interval(g)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {doubles.length > 0 && (
          <>
            <h3 className="subsection-title">{t('duty.coverage.doubleBookings', { n: doubles.length })}</h3>
            <ul className="duty-list" data-testid="coverage-double-bookings">
              {doubles.map((d, i) => (
                <li key={`${d.personId}:${d.start}:${i}`} data-testid="coverage-double-booking">
                  <strong className="text-danger">{t('duty.coverage.doubleBooking', { person: person(d.personId), rosters: [...new Set(d.shifts.map((s) => rosterName(s.rosterId)))].join(', ') })}</strong>{' '}
                  {interval(d)}
                </li>
              ))}
            </ul>
          </>
        )}
        {warnings.length > 0 && (
          <>
            <h3 className="subsection-title">{t('duty.coverage.warnings', { n: warnings.length })}</h3>
            <ul className="duty-list">
              {warnings.map((w, i) => (
                <li key={`${w.personId}:${w.start}:${i}`}>
                  {t('duty.coverage.longStretch', { person: person(w.personId), h: hours(w.hours) })} — {interval(w)}
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  };

  return (
    <div className="card pad" data-testid="coverage-panel">
      <SectionTitle title={t('duty.coverage.title')} />
      <ErrorBanner error={error} />
      {body()}
    </div>
  );
}
