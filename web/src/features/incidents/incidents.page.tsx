import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { INCIDENT_STATUSES, INCIDENT_TYPES, type IncidentListItem } from '../../api/incident-types.ts';
import type { Page } from '../../api/types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { FilterSelect } from '../../components/filter-select.tsx';
import { SelectField } from '../../components/form-fields.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { usePolled } from '../alerts/use-polled.ts';
import { canWorkIncidents, ConfidentialBadge, DeadlineStateBadge, IncidentStatusBadge, SeriousBadge, TlpBadge, typeLabel } from './incident-labels.tsx';
import '../alerts/alerts.css';
import './incidents.css';

const PAGE_SIZE = 50;
const KEYS = ['view', 'status', 'type', 'agencyId'] as const;

/**
 * "Sự cố": every incident the user may see with its next legal deadline, and the overdue board
 * (tab "Quá hạn": incidents with a deadline past due and not met). Refreshed every 10 s.
 */
export function IncidentsPage() {
  const t = useT();
  const user = useUser();
  const { values, page, set } = useSearchState(KEYS);
  const overdue = values.view === 'overdue';
  const status = values.status || 'open';
  const query = { status: status === 'all' ? undefined : status, type: values.type, agencyId: values.agencyId, overdue: overdue || undefined, page, pageSize: PAGE_SIZE };
  const { data, error, loading } = usePolled((signal) => api.get<Page<IncidentListItem>>('/incidents', query, signal), JSON.stringify(query), 10_000, true);
  const filtered = ['status', 'type', 'agencyId'].some((k) => values[k as (typeof KEYS)[number]]);
  return (
    <section>
      <PageHeader
        title={t('inc.title')}
        subtitle={
          <span className="alert-live">
            {data && <span data-testid="incident-total">{t('inc.count', { n: data.total })}</span>}
            <span className="live live--open">
              <span className="live__dot" aria-hidden="true" /> {t('inc.live')}
            </span>
          </span>
        }
        actions={
          <span className="inc-docs">
            <Link to="/incidents/stats" className="btn" data-testid="incident-stats-link">
              {t('inc.stats.title')}
            </Link>
            {user.role === 'admin' && (
              <Link to="/incidents/settings" className="btn" data-testid="incident-settings-link">
                {t('inc.set.title')}
              </Link>
            )}
            {canWorkIncidents(user.role) && (
              <Link to="/incidents/new" className="btn btn--primary" data-testid="incident-report-link">
                {t('inc.report')}
              </Link>
            )}
          </span>
        }
      />
      <div className="segmented inc-tabs" role="tablist" aria-label={t('inc.tabs')}>
        <button type="button" role="tab" aria-selected={!overdue} className={!overdue ? 'is-active' : ''} onClick={() => set({ view: '' })} data-testid="incident-tab-all">
          {t('inc.tab.all')}
        </button>
        <button type="button" role="tab" aria-selected={overdue} className={overdue ? 'is-active' : ''} onClick={() => set({ view: 'overdue' })} data-testid="incident-tab-overdue">
          {t('inc.tab.overdue')}
        </button>
      </div>
      <div className="filters">
        <SelectField
          label={t('inc.filterStatus')}
          value={status}
          onValue={(v) => set({ status: v === 'open' ? '' : v })}
          options={[
            { value: 'open', label: t('inc.filterStatus.open') },
            ...INCIDENT_STATUSES.map((s) => ({ value: s, label: t(`inc.status.${s}`) })),
            { value: 'all', label: t('common.all') },
          ]}
          testId="incident-filter-status"
        />
        <FilterSelect label={t('inc.filterType')} value={values.type} onValue={(type) => set({ type })} options={INCIDENT_TYPES.map((x) => ({ value: x, label: t(`inc.type.${x}`) }))} testId="incident-filter-type" />
        <AgencySelect label={t('inc.filterAgency')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} testId="incident-filter-agency" />
        {filtered && (
          <button type="button" className="btn btn--ghost filters__clear" onClick={() => set({ status: '', type: '', agencyId: '' })}>
            {t('common.clearFilters')}
          </button>
        )}
      </div>
      <ListCard
        data={data}
        loading={loading}
        error={data ? undefined : error}
        empty={overdue ? t('inc.noneOverdue') : filtered ? t('inc.noneMatching') : t('inc.none')}
        testId="incidents-table"
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
        columns={[t('inc.col.incident'), t('inc.col.status'), t('inc.col.deadline'), t('inc.col.detected')]}
        row={(i) => (
          <tr key={i.id} data-testid="incident-row" data-id={i.id} data-number={i.number} className={i.nextDeadline?.state === 'overdue' ? 'row--failed' : undefined}>
            <td className="cell-title">
              <span className="tags">
                <span className="inc-number">{i.number}</span>
                <SeriousBadge serious={i.serious} />
                <TlpBadge tlp={i.tlp} />
                <ConfidentialBadge confidential={i.confidential} />
              </span>
              <Link to={`/incidents/${i.id}`} className="alert-row__title" data-testid="incident-link">
                {i.title}
              </Link>
              <span className="cell-sub">
                {typeLabel(t, i.type)} · {i.agencyName}
              </span>
            </td>
            <td data-label={t('inc.col.status')}>
              <IncidentStatusBadge incident={i} />
            </td>
            <td data-label={t('inc.col.deadline')} data-testid="incident-next-deadline">
              {i.nextDeadline ? (
                <span className={`inc-deadline-cell${i.nextDeadline.state === 'overdue' ? ' text-danger' : ''}`}>
                  <span>
                    <DeadlineStateBadge state={i.nextDeadline.state} /> {formatDateTime(i.nextDeadline.dueAt)}
                  </span>
                  <span className="cell-sub">{i.nextDeadline.label}</span>
                </span>
              ) : (
                <span className="muted">{t('inc.noDeadline')}</span>
              )}
            </td>
            <td data-label={t('inc.col.detected')}>{formatDateTime(i.detectedAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}
