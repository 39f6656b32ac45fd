import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { Link } from 'react-router-dom';
import type { DutyReportIncident, DutyReportItem } from './duty-types.ts';
import { zonedDateTime } from './duty-time.ts';

const SEVERITY_BADGE: Record<string, string> = { critical: 'badge--critical', high: 'badge--danger', medium: 'badge--warn', low: 'badge--info', info: 'badge--muted' };

/** An alert (or alert group) list of the daily report, as a table that turns into cards on a phone. */
export function ReportItems({ items, timeZone, show, testId, empty }: { items: readonly DutyReportItem[]; timeZone: string; show: 'opened' | 'resolved' | 'stillOpen'; testId: string; empty: string }) {
  const t = useT();
  if (items.length === 0) return <p className="muted" data-testid={testId}>{empty}</p>;
  const at = (iso: string | null) => (iso ? zonedDateTime(iso, timeZone) : '—');
  return (
    <div className="card card--flush">
      <table className="table table--cards table--compact" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('duty.report.content')}</th>
            <th>{t('duty.report.openedAt')}</th>
            {show === 'resolved' && <th>{t('duty.report.resolvedAt')}</th>}
            <th>{t('duty.report.severity')}</th>
            <th>{t('duty.report.where')}</th>
            {show !== 'resolved' && <th>{t('duty.report.statusAtEnd')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={`${i.type}:${i.id}`} data-testid="report-item">
              <td className="cell-title break">
                {i.title}
                {i.type === 'group' && i.alertCount > 1 && <span className="cell-sub"> ({t('duty.report.group', { n: i.alertCount })})</span>}
              </td>
              <td data-label={t('duty.report.openedAt')} className="nowrap">{at(i.openedAt)}</td>
              {show === 'resolved' && <td data-label={t('duty.report.resolvedAt')} className="nowrap">{at(i.resolvedAt)}</td>}
              <td data-label={t('duty.report.severity')}>
                <span className={`badge ${SEVERITY_BADGE[i.severity] ?? 'badge--muted'}`}>{t(`detection.severity.${i.severity}` as MessageKey)}</span>
              </td>
              <td data-label={t('duty.report.where')}>{[i.agencyName, i.systemName].filter(Boolean).join(' / ') || '—'}</td>
              {show !== 'resolved' && <td data-label={t('duty.report.statusAtEnd')}>{t(`duty.report.status.${i.statusAtEnd}`)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The day's incidents: received, closed, or carried over open. */
export function ReportIncidents({ items, timeZone }: { items: readonly DutyReportIncident[]; timeZone: string }) {
  const t = useT();
  if (items.length === 0) return <p className="muted" data-testid="report-incidents">{t('duty.report.nothing')}</p>;
  const at = (iso: string | null) => (iso ? zonedDateTime(iso, timeZone) : '—');
  return (
    <div className="card pad">
      <ul className="duty-list" data-testid="report-incidents">
        {items.map((i) => (
          <li key={i.id} data-testid="report-incident">
            <div className="small muted">
              {at(i.receivedAt)} · {i.agencyName}
            </div>
            <div>
              <Link to={`/incidents/${i.id}`}><strong>{i.number}</strong></Link> {i.title}
              {i.serious && <span className="badge badge--critical"> {t('duty.report.incidentSerious')}</span>}
            </div>
            <div className="small">{i.openAtEnd ? t('duty.report.incidentOpen') : t('duty.report.incidentClosed', { time: at(i.closedAt) })}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
