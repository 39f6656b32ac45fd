import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { FINDING_KINDS, REVIEW_STATES, type DetectionSummary } from '../../api/detection-types.ts';
import type { Page } from '../../api/types.ts';
import { FilterSelect } from '../../components/filter-select.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useI18n } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { ReviewCell, VerdictCell } from './detection-labels.tsx';

const PAGE_SIZE = 50;
const KEYS = ['agencyId', 'monitorId', 'alarm', 'review', 'kind'] as const;

/** Every analysis that raised an alarm (or, with the filter, every stored analysis), newest first. */
export function DetectionsPage() {
  const { t } = useI18n();
  const { values, page, set } = useSearchState(KEYS);
  // Alarms are what an analyst works through; "all" also shows the history of normal changes.
  const alarm = values.alarm || 'true';
  const query = { agencyId: values.agencyId, monitorId: values.monitorId, alarm: alarm === 'all' ? undefined : alarm, review: values.review, kind: values.kind, page, pageSize: PAGE_SIZE };
  const { data, error, loading } = useAsync((signal) => api.get<Page<DetectionSummary>>('/detections', query, signal), JSON.stringify(query));
  const filtered = KEYS.some((k) => values[k]);
  return (
    <section>
      <PageHeader title={t('detection.title')} subtitle={data && <span>{t('detection.count', { n: data.total })}</span>} />
      <p className="muted">{t('detection.intro')}</p>
      <div className="filters">
        <AgencySelect label={t('monitor.filterAgency')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} testId="detection-filter-agency" />
        <FilterSelect
          label={t('detection.filterAlarm')}
          value={values.alarm}
          onValue={(v) => set({ alarm: v })}
          options={[
            { value: 'all', label: t('detection.filterAlarm.all') },
            { value: 'false', label: t('detection.filterAlarm.false') },
          ]}
          testId="detection-filter-alarm"
        />
        <FilterSelect
          label={t('detection.review')}
          value={values.review}
          onValue={(review) => set({ review })}
          options={REVIEW_STATES.map((r) => ({ value: r, label: t(`detection.review.${r}` as MessageKey) }))}
          testId="detection-filter-review"
        />
        <FilterSelect
          label={t('detection.kind')}
          value={values.kind}
          onValue={(kind) => set({ kind })}
          options={FINDING_KINDS.map((k) => ({ value: k, label: t(`detection.kind.${k}` as MessageKey) }))}
          testId="detection-filter-kind"
        />
        {filtered && (
          <button type="button" className="btn btn--ghost filters__clear" onClick={() => set({ agencyId: '', monitorId: '', alarm: '', review: '', kind: '' })}>
            {t('common.clearFilters')}
          </button>
        )}
      </div>
      {values.monitorId && <p className="alert alert--info filter-note">{t('detection.filteredByMonitor')}</p>}
      <ListCard
        data={data}
        loading={loading}
        error={error}
        empty={filtered ? t('common.noMatches') : t('detection.none')}
        testId="detections-table"
        dimWhileLoading
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
        columns={[t('detection.at'), t('detection.verdict'), t('detection.page'), t('monitor.systemAgency'), t('detection.review')]}
        row={(d) => (
          <tr key={d.id} data-testid="detection-row" data-id={d.id}>
            <td data-label={t('detection.at')}>
              <Link to={`/detections/${d.id}`} data-testid="detection-link">
                {formatDateTime(d.at)}
              </Link>
            </td>
            <VerdictCell d={d} />
            <td data-label={t('detection.page')} className="cell-title">
              <Link to={`/monitors/${d.monitorId}`}>{d.monitorName}</Link>
              <span className="cell-sub cell-target" title={d.url}>{d.url}</span>
            </td>
            <td data-label={t('monitor.systemAgency')}>
              <Link to={`/systems/${d.systemId}`}>{d.systemName}</Link>
              <span className="cell-sub">{d.agencyName}</span>
            </td>
            <ReviewCell d={d} />
          </tr>
        )}
      />
    </section>
  );
}
