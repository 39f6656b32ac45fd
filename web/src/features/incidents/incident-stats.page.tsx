import { useMemo, useState } from 'react';
import { api, apiUrl } from '../../api/api-client.ts';
import { INCIDENT_STATUSES, type IncidentStats } from '../../api/incident-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { formatDate } from '../../lib/format.ts';
import { usePolled } from '../alerts/use-polled.ts';
import { HorizontalBars, MonthColumns, type Bar } from './incident-bar-chart.tsx';
import { canCoordinateIncidents } from './incident-labels.tsx';
import { PdfLink } from './incident-pdf-link.tsx';
import './incidents.css';

const VN = 7 * 3_600_000;
/** Local (Vietnam, no DST) midnight of the 1st of a month, as an instant. */
const monthStart = (y: number, m: number) => new Date(Date.UTC(y, m, 1) - VN);

interface Period {
  value: string;
  from?: string;
  to?: string;
  year?: number;
  half?: 1 | 2;
}

function periods(now: Date): Period[] {
  const local = new Date(now.getTime() + VN);
  const year = local.getUTCFullYear();
  const out: Period[] = [{ value: 'last12' }];
  for (const y of [year, year - 1, year - 2])
    for (const half of [2, 1] as const) {
      const from = monthStart(y, half === 1 ? 0 : 6);
      if (from > now) continue;
      out.push({ value: `${y}-${half}`, from: from.toISOString(), to: monthStart(y, half === 1 ? 6 : 12).toISOString(), year: y, half });
    }
  return out;
}

const periodLabel = (t: TFunction, p: Period) => (p.half ? t(`inc.stats.half${p.half}`, { year: p.year! }) : t('inc.stats.last12'));

/** Every month of the period (Vietnam time), with the server's counts and zeros between. */
function months(s: IncidentStats): Bar[] {
  const counts = new Map(s.byMonth.map((m) => [m.month, m.count]));
  const from = new Date(new Date(s.from).getTime() + VN);
  const to = new Date(new Date(s.to).getTime() + VN - 1);
  const out: Bar[] = [];
  for (let y = from.getUTCFullYear(), m = from.getUTCMonth(); y < to.getUTCFullYear() || (y === to.getUTCFullYear() && m <= to.getUTCMonth()); m === 11 ? ((m = 0), (y += 1)) : (m += 1)) {
    const key = `${y}-${String(m + 1).padStart(2, '0')}`;
    out.push({ key, label: `${String(m + 1).padStart(2, '0')}/${String(y).slice(2)}`, value: counts.get(key) ?? 0 });
    if (out.length > 130) break;
  }
  return out;
}

function Tile({ label, value, sub, tone, testId }: { label: string; value: string | number; sub?: string; tone?: 'danger' | 'warn'; testId: string }) {
  return (
    <div className={`inc-tile${tone ? ` inc-tile--${tone}` : ''}`} data-testid={testId}>
      <span className="inc-tile__label">{label}</span>
      <span className="inc-tile__value" data-testid={`${testId}-value`}>{value}</span>
      {sub && <span className="inc-tile__sub">{sub}</span>}
    </div>
  );
}

/**
 * "Thống kê sự cố": counts by type, reporting agency, month and status over a period (the last
 * 12 months, or a half-year, the Mẫu 05 period), the time to take a report up and to close it
 * (median and 90th percentile), and what is overdue now. Scoped by the server to what the user
 * may see. Coordinators download the six-monthly Mẫu 05 for a chosen half-year.
 */
export function IncidentStatsPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const options = useMemo(() => periods(new Date()), []);
  const [value, setValue] = useState('last12');
  const period = options.find((p) => p.value === value) ?? options[0]!;
  const query = { from: period.from, to: period.to };
  const { data: s, error, loading } = usePolled((signal) => api.get<IncidentStats>('/incident-stats', query, signal), JSON.stringify(query), 60_000, true);
  const halves = options.filter((p) => p.half);
  const [summary, setSummary] = useState(halves[0]?.value ?? '');
  const mau05 = halves.find((p) => p.value === (period.half ? period.value : summary)) ?? halves[0];
  const num = (x: number | null, unit: string) => (x === null ? '—' : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x)} ${unit}`);
  return (
    <section data-testid="incident-stats">
      <Breadcrumb trail={[{ to: '/incidents', label: t('inc.title') }]} />
      <PageHeader title={t('inc.stats.title')} subtitle={s ? t('inc.stats.period', { from: formatDate(s.from), to: formatDate(new Date(new Date(s.to).getTime() - 1).toISOString()) }) : undefined} />
      <div className="filters inc-wide-filter">
        <SelectField label={t('inc.stats.periodLabel')} value={value} onValue={setValue} options={options.map((p) => ({ value: p.value, label: periodLabel(t, p) }))} testId="incident-stats-period" />
      </div>
      {!s ? (
        loading ? <Loading /> : <ErrorBanner error={error} />
      ) : (
        <>
          <ErrorBanner error={error} />
          <div className="inc-tiles">
            <Tile label={t('inc.stats.total')} value={s.total} testId="stat-total" />
            <Tile label={t('inc.stats.serious')} value={s.serious} tone={s.serious ? 'danger' : undefined} testId="stat-serious" />
            <Tile label={t('inc.stats.overdue')} value={s.overdue.incidents} sub={t('inc.stats.overdueDeadlines', { n: s.overdue.deadlines })} tone={s.overdue.incidents ? 'danger' : undefined} testId="stat-overdue" />
            <Tile label={t('inc.stats.takeUp')} value={num(s.timeToTakeUpMinutes.p50, t('inc.stats.minutes'))} sub={t('inc.stats.p90', { v: num(s.timeToTakeUpMinutes.p90, t('inc.stats.minutes')) })} testId="stat-takeup" />
            <Tile label={t('inc.stats.toClose')} value={num(s.timeToCloseHours.p50, t('inc.stats.hours'))} sub={t('inc.stats.p90', { v: num(s.timeToCloseHours.p90, t('inc.stats.hours')) })} testId="stat-close" />
          </div>
          <div className="inc-status-strip" data-testid="stat-by-status">
            {INCIDENT_STATUSES.map((st) => (
              <span key={st} className="inc-status-strip__item" data-status={st}>
                {t(`inc.status.${st}`)}: <strong>{s.byStatus[st] ?? 0}</strong>
              </span>
            ))}
          </div>
          <div className="inc-charts">
            <div className="card">
              <SectionTitle title={t('inc.stats.byMonth')} />
              <MonthColumns bars={months(s)} testId="stat-by-month" label={t('inc.stats.byMonth')} />
            </div>
            <div className="card">
              <SectionTitle title={t('inc.stats.byType')} />
              <HorizontalBars
                bars={[...s.byType].sort((a, b) => b.count - a.count).map((x) => ({ key: x.type, label: x.type === 'unclassified' ? t('inc.type.none') : t(`inc.type.${x.type}`), value: x.count }))}
                testId="stat-by-type"
                empty={t('inc.stats.none')}
              />
            </div>
            <div className="card">
              <SectionTitle title={t('inc.stats.byAgency')} />
              <HorizontalBars bars={[...s.byAgency].sort((a, b) => b.count - a.count).slice(0, 20).map((x) => ({ key: x.agencyId, label: x.agencyName, value: x.count }))} testId="stat-by-agency" empty={t('inc.stats.none')} />
            </div>
          </div>
        </>
      )}
      {canCoordinateIncidents(user.role) && mau05 && (
        <>
          <SectionTitle title={t('inc.stats.mau05')} />
          <div className="card inc-mau05" data-testid="incident-mau05">
            {!period.half && (
              <SelectField label={t('inc.stats.mau05Period')} value={mau05.value} onValue={setSummary} options={halves.map((p) => ({ value: p.value, label: periodLabel(t, p) }))} testId="incident-mau05-period" />
            )}
            <p className="field__hint">{t('inc.stats.mau05Hint', { period: periodLabel(t, mau05) })}</p>
            <div className="inc-docs">
              <a className="btn btn--small" href={apiUrl('/incident-summary/mau05.docx', { year: mau05.year, half: mau05.half })} download data-testid="incident-mau05-docx">
                {t('inc.stats.mau05docx')}
              </a>
              <PdfLink path={`/incident-summary/mau05.pdf?year=${mau05.year}&half=${mau05.half}`} label={t('inc.stats.mau05pdf')} testId="incident-mau05-pdf" />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
