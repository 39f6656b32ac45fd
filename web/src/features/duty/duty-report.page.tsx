import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/api-client.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import type { AlertPeriod, DutyReport } from './duty-types.ts';
import { dayToVn, periodDays, zonedDateTime, zonedDay } from './duty-time.ts';
import { ReportIncidents, ReportItems } from './report-tables.tsx';
import './duty.css';

/** Today when the period is on, else its first day (a report of a coming day is a plan). */
function initialDay(period: AlertPeriod, days: readonly string[]): string {
  const today = zonedDay(new Date().toISOString(), period.timeZone);
  return days.includes(today) ? today : (days.at(-1)! < today ? days.at(-1)! : days[0]!);
}

/** "Báo cáo tình hình trực ngày …": the page, and the Word document to send. */
export function DutyReportPage() {
  const { id = '' } = useParams();
  const t = useT();
  const period = useAsync((signal) => api.get<{ period: AlertPeriod }>(`/duty/periods/${id}`, undefined, signal), `period:${id}`);
  const [picked, setPicked] = useState('');
  const p = period.data?.period;
  const days = p ? periodDays(p) : [];
  const date = picked || (p ? initialDay(p, days) : '');
  const report = useAsync(
    (signal) => (date ? api.get<DutyReport>(`/duty/periods/${id}/report`, { date }, signal) : Promise.resolve(undefined)),
    `report:${id}:${date}`,
  );
  if (!p) return period.loading ? <Loading /> : <ErrorBanner error={period.error} />;
  const r = report.data && report.data.date === date ? report.data : undefined;
  const tz = p.timeZone;
  const at = (iso: string) => zonedDateTime(iso, tz);

  return (
    <section data-testid="duty-report">
      <Breadcrumb trail={[{ to: '/duty', label: t('duty.periods.title') }, { to: `/duty/periods/${p.id}`, label: p.name }]} />
      <PageHeader
        title={t('duty.report.title', { date: dayToVn(date) })}
        subtitle={p.name}
        actions={
          <a className="btn btn--primary" href={apiUrl(`/duty/periods/${p.id}/report.docx`, { date })} download data-testid="report-docx">
            {t('duty.report.download')}
          </a>
        }
      />
      <div className="toolbar">
        <SelectField label={t('duty.report.date')} value={date} onValue={setPicked} options={days.map((d) => ({ value: d, label: dayToVn(d) }))} testId="report-date" />
      </div>
      <ErrorBanner error={report.error} />
      {!r ? (
        report.loading && <Loading />
      ) : (
        <div data-testid="report-body">
          <p className="muted">
            {r.unitName} · {t('duty.report.window', { from: r.window.startLocal, to: r.window.endLocal, tz })}
          </p>
          <dl className="stats">
            <div>
              <dt>{t('duty.report.summary.opened')}</dt>
              <dd data-testid="report-opened-count">{r.summary.opened}</dd>
            </div>
            <div>
              <dt>{t('duty.report.summary.resolved')}</dt>
              <dd className="text-ok">{r.summary.resolved}</dd>
            </div>
            <div className={r.summary.stillOpen ? 'stats--bad' : 'stats--good'}>
              <dt>{t('duty.report.summary.stillOpen')}</dt>
              <dd data-testid="report-still-open-count">{r.summary.stillOpen}</dd>
            </div>
            <div>
              <dt>{t('duty.report.summary.incidents')}</dt>
              <dd data-testid="report-incidents-count">{r.summary.incidentsReceived} / {r.summary.incidentsOpen}</dd>
            </div>
          </dl>
          {r.truncated && <div className="alert alert--warning">{t('duty.report.truncated')}</div>}

          <SectionTitle title={t('duty.report.shifts')} />
          {r.rosters.every((x) => x.shifts.length === 0) ? (
            <p className="muted">{t('duty.report.nothing')}</p>
          ) : (
            <div className="card pad">
              <ul className="duty-list" data-testid="report-shifts">
                {r.rosters.flatMap((x) =>
                  x.shifts.map((s) => (
                    <li key={s.id} className="duty-shift">
                      <span className="duty-shift__time">{at(s.start)} – {at(s.end)}</span>
                      <span>
                        <strong>{s.personName}</strong> <span className="muted">· {x.name}</span>
                      </span>
                    </li>
                  )),
                )}
              </ul>
            </div>
          )}

          <SectionTitle title={t('duty.report.notes')} />
          {r.handoverNotes.length === 0 ? (
            <p className="muted">{t('duty.report.nothing')}</p>
          ) : (
            <div className="card pad">
              <ul className="duty-list">
                {r.handoverNotes.map((n) => (
                  <li key={n.id}>
                    <div className="small muted">
                      {at(n.at)} · {n.rosterName}
                      {n.authorName && ` · ${n.authorName}`}
                    </div>
                    <div className="duty-note">{n.text}</div>
                  </li>
                ))}
              </ul>
            </div>
          )}

          <SectionTitle title={t('duty.report.opened')} />
          <ReportItems items={r.opened} timeZone={tz} show="opened" testId="report-opened" empty={t('duty.report.nothing')} />
          <SectionTitle title={t('duty.report.resolved')} />
          <ReportItems items={r.resolved} timeZone={tz} show="resolved" testId="report-resolved" empty={t('duty.report.nothing')} />
          <SectionTitle title={t('duty.report.incidents')} />
          <ReportIncidents items={r.incidents} timeZone={tz} />
          <SectionTitle title={t('duty.report.stillOpen')} />
          <ReportItems items={r.stillOpen} timeZone={tz} show="stillOpen" testId="report-still-open" empty={t('duty.report.noStillOpen')} />
        </div>
      )}
    </section>
  );
}
