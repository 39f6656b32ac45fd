import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { useUser } from '../../auth/use-auth.ts';
import { CheckboxGroup } from '../../components/checkbox-group.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { CheckboxField, TextField } from '../../components/form-fields.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SearchBox } from '../../components/search-box.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { formatMs } from '../../lib/format.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { formatMonth, KevBadge, SeverityBadge } from './vuln-labels.tsx';
import { VulnImportPanel } from './vuln-import-panel.tsx';
import { canManageAdvisories, SEVERITIES, type AdvisoryList, type RematchResult } from './vuln-types.ts';
import './vulns.css';

const PAGE_SIZE = 50;
const KEYS = ['q', 'vendor', 'severity', 'exploited', 'monthFrom', 'monthTo', 'source', 'matched'] as const;
const SOURCES = ['kev', 'nvd', 'msrc', 'csaf'] as const;
const MONTH = /^\d{4}-\d{2}$/;

/**
 * "Lỗ hổng": the advisory catalogue with its filters in the address bar (a filtered view can be
 * sent to a colleague), the import panel and "Khớp lại" for the coordinating unit.
 */
export function VulnsPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const manage = canManageAdvisories(user.role);
  const { values, page, set } = useSearchState(KEYS);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  const query = {
    q: values.q,
    vendor: values.vendor,
    severity: values.severity,
    exploited: values.exploited === 'true' ? true : undefined,
    monthFrom: MONTH.test(values.monthFrom) ? values.monthFrom : undefined,
    monthTo: MONTH.test(values.monthTo) ? values.monthTo : undefined,
    source: values.source,
    matched: values.matched === 'true' ? true : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = useAsync((signal) => api.get<AdvisoryList>('/advisories', query, signal), `${JSON.stringify(query)}#${version}`);
  const vendors = useAsync((signal) => api.get<{ items: { vendor: string; count: number }[] }>('/advisory-vendors', undefined, signal), `vendors#${version}`);
  const rematch = useAsyncAction();
  const [rematched, setRematched] = useState<RematchResult | null>(null);
  const severities = values.severity ? values.severity.split(',').filter(Boolean) : [];
  const filtered = KEYS.some((k) => values[k]);
  const refresh = () => setVersion((v) => v + 1);

  return (
    <section data-testid="vulns-page">
      <PageHeader
        title={t('vuln.title')}
        subtitle={list.data ? <span data-testid="vuln-total">{t('vuln.count', { n: list.data.total })}</span> : t('vuln.subtitle')}
        actions={
          manage && (
            <>
              <button
                type="button"
                className="btn"
                disabled={rematch.busy}
                onClick={() =>
                  void rematch.run(async () => {
                    setRematched(await api.post<RematchResult>('/vuln-matches/rematch'));
                    refresh();
                  })
                }
                data-testid="vuln-rematch"
              >
                {rematch.busy ? t('vuln.rematching') : t('vuln.rematch')}
              </button>
              <button type="button" className={`btn${importing ? ' btn--primary' : ''}`} aria-expanded={importing} onClick={() => setImporting((v) => !v)} data-testid="vuln-import-toggle">
                {t('vuln.imp.toggle')}
              </button>
            </>
          )
        }
      />
      <ErrorBanner error={rematch.error} />
      {rematched && (
        <p className="alert alert--success" role="status" data-testid="vuln-rematch-result">
          {t('vuln.rematchDone', { ...rematched, duration: formatMs(rematched.durationMs, locale) })}
        </p>
      )}
      {manage && importing && (
        <>
          <h2 className="section-title">{t('vuln.imp.title')}</h2>
          <VulnImportPanel onImported={refresh} />
        </>
      )}

      <div className="filters vuln-filters">
        <SearchBox label={t('common.search')} placeholder={t('vuln.search')} value={values.q} onSearch={(q) => set({ q })} testId="vuln-search" />
        <FilterSelect
          label={t('vuln.filter.vendor')}
          value={values.vendor}
          onValue={(vendor) => set({ vendor })}
          options={(vendors.data?.items ?? []).map((v) => ({ value: v.vendor, label: `${v.vendor} (${v.count})` }))}
          testId="vuln-filter-vendor"
        />
        <FilterSelect label={t('vuln.filter.source')} value={values.source} onValue={(source) => set({ source })} options={SOURCES.map((s) => ({ value: s, label: t(`vuln.source.${s}`) }))} testId="vuln-filter-source" />
        <TextField label={t('vuln.filter.monthFrom')} type="month" value={values.monthFrom} onValue={(monthFrom) => set({ monthFrom })} placeholder="YYYY-MM" testId="vuln-filter-month-from" />
        <TextField label={t('vuln.filter.monthTo')} type="month" value={values.monthTo} onValue={(monthTo) => set({ monthTo })} placeholder="YYYY-MM" testId="vuln-filter-month-to" />
        <CheckboxGroup
          className="vuln-filters__wide"
          label={t('vuln.filter.severity')}
          options={SEVERITIES.filter((s) => s !== 'none').map((s) => ({ value: s, label: t(`vuln.sev.${s}`), testId: `vuln-filter-severity-${s}` }))}
          values={severities}
          onValues={(v) => set({ severity: SEVERITIES.filter((s) => v.includes(s)).join(',') })}
        />
        <div className="filters__group">
          <CheckboxField label={t('vuln.filter.exploited')} checked={values.exploited === 'true'} onChecked={(on) => set({ exploited: on ? 'true' : '' })} testId="vuln-filter-exploited" />
          <CheckboxField label={t('vuln.filter.matched')} checked={values.matched === 'true'} onChecked={(on) => set({ matched: on ? 'true' : '' })} testId="vuln-filter-matched" />
        </div>
        {filtered && (
          <button type="button" className="btn btn--ghost filters__clear" onClick={() => set(Object.fromEntries(KEYS.map((k) => [k, ''])))}>
            {t('common.clearFilters')}
          </button>
        )}
      </div>

      <ListCard
        data={list.data && { ...list.data, pageSize: PAGE_SIZE }}
        loading={list.loading}
        error={list.data ? undefined : list.error}
        empty={filtered ? t('vuln.noneMatching') : t('vuln.none')}
        testId="vulns-table"
        dimWhileLoading
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
        columns={[t('vuln.col.cve'), t('vuln.col.product'), t('vuln.col.cvss'), t('vuln.col.month'), t('vuln.col.kbs'), t('vuln.col.matched')]}
        row={(a) => (
          <tr key={a.cve} data-testid="vuln-row" data-cve={a.cve}>
            <td className="cell-title">
              <span className="tags">
                <Link to={`/vulns/${encodeURIComponent(a.cve)}`} className="vuln-cve" data-testid="vuln-link">
                  {a.cve}
                </Link>
                <KevBadge exploited={a.exploited} ransomware={a.knownRansomware} />
              </span>
              {a.title && <span className="cell-sub vuln-title">{a.title}</span>}
            </td>
            <td data-label={t('vuln.col.product')}>
              <span className="break">{[a.vendor, a.product].filter(Boolean).join(' · ') || '—'}</span>
            </td>
            <td data-label={t('vuln.col.cvss')}>
              <SeverityBadge severity={a.severity} score={a.cvssScore} />
            </td>
            <td data-label={t('vuln.col.month')} className="nowrap">
              {formatMonth(a.month) || '—'}
            </td>
            <td data-label={t('vuln.col.kbs')}>
              <span className="break small">{a.kbs.length ? a.kbs.slice(0, 4).join(', ') + (a.kbs.length > 4 ? ` +${a.kbs.length - 4}` : '') : '—'}</span>
            </td>
            <td data-label={t('vuln.col.matched')} data-testid="vuln-matched">
              {a.matchedSystems > 0 ? <strong className="text-danger">{t('vuln.matchedN', { n: a.matchedSystems })}</strong> : <span className="muted">0</span>}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
