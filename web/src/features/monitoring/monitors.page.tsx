import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { MONITOR_KINDS, MONITOR_STATES, type Monitor, type MonitorCreate } from '../../api/monitor-types.ts';
import type { Page } from '../../api/types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SearchBox } from '../../components/search-box.tsx';
import { SortHeader } from '../../components/sort-header.tsx';
import { formatMs, safeHref } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useNow } from '../../lib/use-now.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { useI18n } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { FromRegistryDialog } from './from-registry-dialog.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import { MonitorFlags, RelativeTime, Sparkline, StateBadge, TlsDays, UptimeFigures } from './monitor-cells.tsx';
import { MonitorForm } from './monitor-form.tsx';
import { kindKey, stateKey } from './monitor-labels.ts';
import { MonitorSummary } from './monitor-summary.tsx';
import { useLiveMonitors, usePollWhenSilent } from './use-live-monitors.ts';

const PAGE_SIZE = 50;
const KEYS = ['q', 'agencyId', 'systemId', 'state', 'kind', 'paused', 'sort', 'order'] as const;
/** Transitions recount the summary, at most this often. */
const SUMMARY_REFRESH_MS = 3000;

export function MonitorsPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const now = useNow();
  const { values, page, set } = useSearchState(KEYS);
  const sort = values.sort || 'name';
  const order = values.order || 'asc';
  const query = {
    q: values.q,
    agencyId: values.agencyId,
    systemId: values.systemId,
    state: values.state,
    kind: values.kind,
    paused: values.paused,
    sort,
    order,
    page,
    pageSize: PAGE_SIZE,
  };
  const { data, error, loading, reload } = useAsync((signal) => api.get<Page<Monitor>>('/monitors', query, signal), JSON.stringify(query));
  const [creating, setCreating] = useState(false);
  const [fromRegistry, setFromRegistry] = useState(false);
  const [summaryKey, setSummaryKey] = useState(0);
  const action = useAsyncAction();
  const editable = can.editMonitors(user.role);

  // Recount the summary after transitions, but not more than once per SUMMARY_REFRESH_MS.
  const summaryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onTransitions = useCallback(() => {
    summaryTimer.current ??= setTimeout(() => {
      summaryTimer.current = undefined;
      setSummaryKey((k) => k + 1);
    }, SUMMARY_REFRESH_MS);
  }, []);
  const live = useLiveMonitors(data?.items.map((m) => m.id) ?? [], onTransitions);

  const refresh = () => {
    reload();
    setSummaryKey((k) => k + 1);
  };
  usePollWhenSilent(live, refresh);
  const onSort = (field: string, o: 'asc' | 'desc') => set({ sort: field, order: o });
  const filtered = KEYS.some((k) => k !== 'sort' && k !== 'order' && values[k]);
  const create = async (input: unknown) => {
    const created = await api.post<Monitor>('/monitors', input as MonitorCreate);
    setCreating(false);
    refresh();
    navigate(`/monitors/${created.id}`);
  };
  const togglePause = (m: Monitor) =>
    void action.run(async () => {
      await api.post(`/monitors/${m.id}/${m.paused ? 'resume' : 'pause'}`);
      refresh();
    });
  const systemName = values.systemId ? data?.items.find((m) => m.systemId === values.systemId)?.systemName : undefined;

  const sortable = (label: string, field: string) => <SortHeader label={label} field={field} sort={sort} order={order} onSort={onSort} />;
  return (
    <section>
      <PageHeader
        title={t('monitor.title')}
        subtitle={
          <>
            {data && <span>{t('monitor.count', { n: data.total })}</span>}
            <LiveIndicator status={live.status} />
          </>
        }
        actions={
          editable && (
            <>
              <button type="button" className="btn" onClick={() => setFromRegistry(true)} data-testid="monitor-from-registry">
                {t('registry.button')}
              </button>
              <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="monitor-create">
                + {t('monitor.create')}
              </button>
            </>
          )
        }
      />
      <MonitorSummary
        scope={{ agencyId: values.agencyId || undefined, systemId: values.systemId || undefined }}
        refreshKey={summaryKey}
        state={values.state}
        paused={values.paused}
        onPick={(f) => set(f)}
      />
      <div className="filters">
        <SearchBox value={values.q} onSearch={(q) => set({ q })} label={t('common.search')} placeholder={t('monitor.searchPlaceholder')} testId="monitor-search" />
        <AgencySelect label={t('monitor.filterAgency')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} testId="monitor-filter-agency" />
        <FilterSelect
          label={t('monitor.state')}
          value={values.state}
          onValue={(state) => set({ state })}
          options={MONITOR_STATES.map((s) => ({ value: s, label: t(stateKey(s)) }))}
          testId="monitor-filter-state"
        />
        <FilterSelect
          label={t('monitor.kind')}
          value={values.kind}
          onValue={(kind) => set({ kind })}
          options={MONITOR_KINDS.map((k) => ({ value: k, label: t(kindKey(k)!) }))}
          testId="monitor-filter-kind"
        />
        <FilterSelect
          label={t('monitor.pausedFilter')}
          value={values.paused}
          onValue={(paused) => set({ paused })}
          options={[
            { value: 'false', label: t('monitor.pausedNo') },
            { value: 'true', label: t('monitor.pausedYes') },
          ]}
          testId="monitor-filter-paused"
        />
        {filtered && (
          <button type="button" className="btn btn--ghost filters__clear" onClick={() => set({ q: '', agencyId: '', systemId: '', state: '', kind: '', paused: '' })}>
            {t('common.clearFilters')}
          </button>
        )}
      </div>
      {values.systemId && (
        <p className="alert alert--info filter-note">
          {t('monitor.filteredBySystem', { name: systemName ?? '…' })}{' '}
          <button type="button" className="btn btn--small btn--ghost" onClick={() => set({ systemId: '' })}>
            {t('common.clearFilters')}
          </button>
        </p>
      )}
      <ErrorBanner error={action.error} />
      <div className="monitors-list">
      <ListCard
        data={data}
        loading={loading}
        error={error}
        empty={filtered ? t('common.noMatches') : t('monitor.none')}
        testId="monitors-table"
        columns={[
          sortable(t('monitor.state'), 'state'),
          sortable(t('monitor.nameTarget'), 'name'),
          t('monitor.systemAgency'),
          t('monitor.uptime'),
          sortable(t('monitor.latency'), 'latency'),
          sortable(t('monitor.tlsShort'), 'tlsDaysLeft'),
          sortable(t('monitor.lastCheck'), 'lastCheckedAt'),
        ]}
        actions={editable}
        row={(raw) => {
          const m = live.apply(raw);
          const href = m.kind === 'http' || m.kind === 'content' ? safeHref(m.target) : undefined;
          return (
            // Keyed by state too, so a row that changes state is re-created and its highlight plays.
            <tr key={`${m.id}:${m.state}`} className={m.state !== raw.state ? 'row--changed' : undefined} data-testid="monitor-row" data-id={m.id} data-name={m.name}>
              <td data-label={t('monitor.state')}>
                <span className="tags">
                  <StateBadge state={m.state} reason={m.stateReason} />
                  <MonitorFlags paused={m.paused} flapping={m.flapping} />
                </span>
              </td>
              <td data-label={t('monitor.name')} className="cell-title">
                <Link to={`/monitors/${m.id}`} data-testid="monitor-link">
                  {m.name}
                </Link>
                <span className="cell-sub cell-target" title={m.target}>
                  <span className="visually-hidden">{t('monitor.target')}: </span>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                      {m.target}
                    </a>
                  ) : (
                    <code>{m.target}</code>
                  )}
                </span>
                <span className="cell-sub">{kindKey(m.kind) ? t(kindKey(m.kind)!) : m.kind}</span>
                {m.stateReason && m.state !== 'up' && <span className={`cell-sub cell-reason cell-reason--${m.state}`}>{m.stateReason}</span>}
              </td>
              <td data-label={t('monitor.systemAgency')} className="cell-system">
                <Link to={`/systems/${m.systemId}`} className="link-quiet">
                  {m.systemName}
                </Link>
                <span className="cell-sub">
                  <Link to={`/agencies/${m.agencyId}`} className="link-quiet">
                    {m.agencyName}
                  </Link>
                </span>
              </td>
              <td data-label={t('monitor.uptime')}>
                <UptimeFigures uptime={m.uptime} />
              </td>
              <td data-label={t('monitor.latency')}>
                <span className="latency-cell">
                  <Sparkline values={m.sparkline} />
                  <span className="small" data-testid="monitor-latency">
                    {formatMs(m.lastLatencyMs, locale)}
                  </span>
                </span>
              </td>
              <td data-label={t('monitor.tlsShort')}>
                <TlsDays days={m.tlsDaysLeft} />
              </td>
              <td data-label={t('monitor.lastCheck')}>
                <RelativeTime iso={m.lastCheckedAt} now={now} empty={t('monitor.never')} />
              </td>
              {editable && (
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn--small btn--square"
                    onClick={() => togglePause(m)}
                    disabled={action.busy}
                    title={`${m.paused ? t('monitor.resume') : t('monitor.pause')}: ${m.name}`}
                    aria-label={`${m.paused ? t('monitor.resume') : t('monitor.pause')}: ${m.name}`}
                    data-testid={m.paused ? 'monitor-resume' : 'monitor-pause'}
                  >
                    <span aria-hidden="true">{m.paused ? '▶' : '❚❚'}</span>
                    <span className="btn__text-phone">{m.paused ? t('monitor.resume') : t('monitor.pause')}</span>
                  </button>
                </td>
              )}
            </tr>
          );
        }}
        dimWhileLoading
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
      />
      </div>

      {creating && (
        <Dialog title={t('monitor.create')} onClose={() => setCreating(false)} wide testId="monitor-create-dialog">
          <MonitorForm defaultSystemId={values.systemId} defaultAgencyId={values.agencyId} submitLabel={t('common.create')} onSubmit={create} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
      {fromRegistry && <FromRegistryDialog defaultAgencyId={values.agencyId} onDone={refresh} onClose={() => setFromRegistry(false)} />}
    </section>
  );
}
