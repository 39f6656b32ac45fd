import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { ALERT_SEVERITIES, type AlertGroup, type AlertGroupDetail } from '../../api/alert-types.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useNow } from '../../lib/use-now.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { AlertSeverityBadge, AlertStatusBadge, canActOnAlerts, kindLabel } from './alert-labels.tsx';
import { usePolled } from './use-polled.ts';
import './alerts.css';

const PAGE_SIZE = 50;
const KEYS = ['status', 'severity', 'agencyId'] as const;

/** The duty officer's first page: open alert groups, newest first, refreshed every few seconds, acknowledged in one tap. */
export function AlertsPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const now = useNow(5000);
  const { values, page, set } = useSearchState(KEYS);
  const status = values.status || 'active';
  const query = { status: status === 'all' ? undefined : status, severity: values.severity, agencyId: values.agencyId, page, pageSize: PAGE_SIZE };
  const { data, error, loading, reload } = usePolled((signal) => api.get<Page<AlertGroup>>('/alerts', query, signal), JSON.stringify(query), 5000, true);
  const ack = useAsyncAction();
  const acknowledge = (id: string) =>
    void ack.run(async () => {
      await api.post<AlertGroupDetail>(`/alerts/${id}/acknowledge`);
      reload();
    });
  const filtered = KEYS.some((k) => values[k]);
  const may = canActOnAlerts(user.role);
  return (
    <section>
      <PageHeader
        title={t('alert.title')}
        subtitle={
          <span className="alert-live">
            {data && <span data-testid="alert-total">{t('alert.count', { n: data.total })}</span>}
            <span className="live live--open">
              <span className="live__dot" aria-hidden="true" /> {t('alert.live')}
            </span>
          </span>
        }
      />
      <div className="filters">
        <SelectField
          label={t('alert.filterStatus')}
          value={status}
          onValue={(v) => set({ status: v === 'active' ? '' : v })}
          options={[
            { value: 'active', label: t('alert.filterStatus.active') },
            { value: 'triggered', label: t('alert.status.triggered') },
            { value: 'acknowledged', label: t('alert.status.acknowledged') },
            { value: 'resolved', label: t('alert.status.resolved') },
            { value: 'all', label: t('alert.filterStatus.all') },
          ]}
          testId="alert-filter-status"
        />
        <FilterSelect
          label={t('alert.filterSeverity')}
          value={values.severity}
          onValue={(severity) => set({ severity })}
          options={ALERT_SEVERITIES.map((s) => ({ value: s, label: t(`alert.severity.${s}`) }))}
          testId="alert-filter-severity"
        />
        <AgencySelect label={t('alert.filterAgency')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} testId="alert-filter-agency" />
        {filtered && (
          <button type="button" className="btn btn--ghost filters__clear" onClick={() => set({ status: '', severity: '', agencyId: '' })}>
            {t('common.clearFilters')}
          </button>
        )}
      </div>
      <ErrorBanner error={ack.error} />
      <ListCard
        data={data}
        loading={loading}
        error={data ? undefined : error}
        empty={filtered ? t('alert.noneMatching') : t('alert.none')}
        testId="alerts-table"
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
        columns={[t('alert.col.alert'), t('alert.col.status'), t('alert.col.age'), t('alert.col.assignee')]}
        actions={may}
        row={(g) => (
          <tr key={g.id} data-testid="alert-row" data-id={g.id} data-status={g.status} className={g.status === 'triggered' && !g.snoozedUntil ? 'row--failed' : undefined}>
            <td className="cell-title">
              <span className="tags">
                <AlertSeverityBadge severity={g.severity} />
                {g.alertCount > 1 && (
                  <span className="badge badge--info" data-testid="alert-row-count">
                    {t('alert.members', { n: g.alertCount })}
                  </span>
                )}
              </span>
              <Link to={`/alerts/${g.id}`} className="alert-row__title" data-testid="alert-link">
                {g.title}
              </Link>
              <span className="cell-sub">
                {kindLabel(t, g.kind)}
                {g.systemName ? ` · ${g.systemName}` : ''}
                {g.agencyName ? ` · ${g.agencyName}` : ''}
              </span>
            </td>
            <td data-label={t('alert.col.status')}>
              <AlertStatusBadge group={g} />
            </td>
            <td data-label={t('alert.col.age')}>
              <span title={formatDateTime(g.openedAt, true)}>{formatRelative(g.openedAt, locale, now)}</span>
              <span className="cell-sub">{formatDateTime(g.openedAt)}</span>
            </td>
            <td data-label={t('alert.col.assignee')}>{g.assigneeName ?? <span className="muted">{t('alert.unassigned')}</span>}</td>
            {may && (
              <td className="cell-actions">
                {g.status === 'triggered' && (
                  <button type="button" className="btn btn--small btn--primary" onClick={() => acknowledge(g.id)} disabled={ack.busy} data-testid="alert-row-ack">
                    {t('alert.ack')}
                  </button>
                )}
              </td>
            )}
          </tr>
        )}
      />
    </section>
  );
}
