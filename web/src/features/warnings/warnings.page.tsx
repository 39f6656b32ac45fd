import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { useUser } from '../../auth/use-auth.ts';
import { FilterSelect } from '../../components/filter-select.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { usePolled } from '../alerts/use-polled.ts';
import { PercentBar, WarningStatusBadge } from './warning-labels.tsx';
import { canComposeWarnings, type Warning, type WarningStatus } from './warning-types.ts';
import './warnings.css';

const STATUSES: readonly WarningStatus[] = ['draft', 'sent', 'closed'];

/**
 * "Cảnh báo": every warning the user may see (agency users: the sent ones that hit their
 * agencies, counted over their own systems), with how far the fix has got. Refreshed every 30 s
 * while agencies are updating.
 */
export function WarningsPage() {
  const t = useT();
  const user = useUser();
  const { values, set } = useSearchState(['status'] as const);
  const query = { status: values.status };
  const { data, error, loading } = usePolled((signal) => api.get<{ items: Warning[] }>('/warnings', query, signal), JSON.stringify(query), 30_000, true);
  const compose = canComposeWarnings(user.role);
  const now = Date.now();
  return (
    <section data-testid="warnings-page">
      <PageHeader
        title={t('warn.title')}
        subtitle={t('warn.subtitle')}
        actions={
          <>
            <Link to="/warnings/board" className="btn" data-testid="warning-board-link">
              {t('warn.boardLink')}
            </Link>
            {compose && (
              <Link to="/warnings/new" className="btn btn--primary" data-testid="warning-create">
                {t('warn.create')}
              </Link>
            )}
          </>
        }
      />
      <div className="filters">
        <FilterSelect label={t('warn.filterStatus')} value={values.status} onValue={(status) => set({ status })} options={STATUSES.map((s) => ({ value: s, label: t(`warn.status.${s}`) }))} testId="warning-filter-status" />
      </div>
      <ListCard
        data={data && { items: data.items, total: data.items.length, pageSize: data.items.length || 1 }}
        loading={loading}
        error={data ? undefined : error}
        empty={t('warn.none')}
        testId="warnings-table"
        columns={[t('warn.col.warning'), t('warn.col.status'), t('warn.col.deadline'), t('warn.col.progress'), t('warn.col.overdue'), t('warn.col.notAck')]}
        row={(w) => {
          const late = w.status === 'sent' && new Date(w.deadline).getTime() < now;
          return (
            <tr key={w.id} data-testid="warning-row" data-id={w.id} data-number={w.number} className={w.totals.overdue > 0 ? 'row--failed' : undefined}>
              <td className="cell-title">
                <span className="warn-number">{w.number}</span>
                <Link to={`/warnings/${w.id}`} className="warn-row__title" data-testid="warning-link">
                  {w.title}
                </Link>
                <span className="cell-sub">
                  {t('warn.cves', { n: w.cveCount })} · {t('warn.systemsN', { n: w.totals.systems })}
                </span>
              </td>
              <td data-label={t('warn.col.status')}>
                <WarningStatusBadge status={w.status} />
              </td>
              <td data-label={t('warn.col.deadline')}>
                <span className={late ? 'text-danger' : undefined}>{formatDateTime(w.deadline)}</span>
              </td>
              <td data-label={t('warn.col.progress')}>
                <PercentBar value={w.totals.percentFixed} testId="warning-percent-fixed" />
              </td>
              <td data-label={t('warn.col.overdue')} data-testid="warning-overdue">
                {w.totals.overdue > 0 ? <strong className="text-danger">{w.totals.overdue}</strong> : <span className="muted">0</span>}
              </td>
              <td data-label={t('warn.col.notAck')} data-testid="warning-not-ack">
                {w.totals.notAcknowledged}
              </td>
            </tr>
          );
        }}
      />
    </section>
  );
}
