import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { MonitorDetail, MonitorUpdate } from '../../api/monitor-types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import { formatDateTime, formatMs, safeHref } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useNow } from '../../lib/use-now.ts';
import { useI18n } from '../../i18n/use-t.ts';
import { MonitorDetections } from '../detections/monitor-detections.tsx';
import { baselineDiffers, LastResultView } from './last-result.tsx';
import { LatencyChart } from './latency-chart.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import { MonitorFlags, RelativeTime, StateBadge, TlsDays, UptimeFigures } from './monitor-cells.tsx';
import { MonitorEvents } from './monitor-events.tsx';
import { MonitorForm } from './monitor-form.tsx';
import { kindKey } from './monitor-labels.ts';
import { useLiveMonitors, usePollWhenSilent } from './use-live-monitors.ts';

/** New checks redraw the chart at most this often. */
const CHART_REFRESH_MS = 30_000;

export function MonitorDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const now = useNow();
  const { data: monitor, error, loading, reload } = useAsync((signal) => api.get<MonitorDetail>(`/monitors/${id}`, undefined, signal), id);
  const [eventsKey, setEventsKey] = useState(0);
  const [chartKey, setChartKey] = useState(0);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [accepting, setAccepting] = useState(false);
  const action = useAsyncAction();
  const live = useLiveMonitors([id], () => {
    setEventsKey((k) => k + 1);
    setChartKey((k) => k + 1);
  });
  const shown = monitor ? live.apply(monitor) : undefined;
  usePollWhenSilent(live, () => {
    reload();
    setEventsKey((k) => k + 1);
    setChartKey((k) => k + 1);
  });

  // A streamed check is newer than what the page shows: fetch the details (last result) again.
  // Once per streamed check, a moment later: the engine writes results in batches.
  const streamedAt = shown?.lastCheckedAt;
  const stale = Boolean(monitor && streamedAt !== monitor.lastCheckedAt);
  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [streamedAt, stale, reload]);
  const chartBumped = useRef(Date.now());
  useEffect(() => {
    if (Date.now() - chartBumped.current < CHART_REFRESH_MS) return;
    chartBumped.current = Date.now();
    setChartKey((k) => k + 1);
  }, [monitor?.lastCheckedAt]);

  if (loading && !monitor) return <Loading />;
  if (!monitor || !shown) return <ErrorBanner error={error} />;
  const m = shown;
  const editable = can.editMonitors(user.role);
  const kindLabel = kindKey(m.kind) ? t(kindKey(m.kind)!) : m.kind;
  const differs = baselineDiffers(m.kind, monitor.lastResult, monitor.baseline);
  const href = m.kind === 'http' || m.kind === 'content' ? safeHref(m.target) : undefined;

  const act = (path: string) =>
    void action.run(async () => {
      await api.post(`/monitors/${m.id}/${path}`);
      reload();
      setEventsKey((k) => k + 1);
    });
  const save = async (input: unknown) => {
    await api.patch(`/monitors/${m.id}`, input as MonitorUpdate);
    setEditing(false);
    reload();
  };
  const remove = async () => {
    await api.del(`/monitors/${m.id}`);
    navigate('/monitors');
  };
  const accept = async () => {
    await api.post(`/monitors/${m.id}/accept-baseline`);
    setAccepting(false);
    reload();
  };

  return (
    <section data-testid="monitor-detail">
      <Breadcrumb
        trail={[
          { to: '/monitors', label: t('monitor.title') },
          { to: `/systems/${m.systemId}`, label: m.systemName },
        ]}
      />
      <PageHeader
        title={m.name}
        subtitle={
          <>
            <span data-testid="monitor-header-state" className="tags">
              <StateBadge state={m.state} reason={m.stateReason} large />
              <MonitorFlags paused={m.paused} flapping={m.flapping} />
            </span>
            <span className="badge badge--muted">{kindLabel}</span>
            <LiveIndicator status={live.status} />
          </>
        }
        actions={
          editable && (
            <>
              <button type="button" className="btn" onClick={() => setEditing(true)} data-testid="monitor-edit">
                {t('common.edit')}
              </button>
              {!m.paused && (
                <button type="button" className="btn" onClick={() => act('check-now')} disabled={action.busy} data-testid="monitor-check-now" title={t('monitor.checkNowHint')}>
                  ↻ {t('monitor.checkNow')}
                </button>
              )}
              <button type="button" className="btn" onClick={() => act(m.paused ? 'resume' : 'pause')} disabled={action.busy} data-testid={m.paused ? 'monitor-resume' : 'monitor-pause'}>
                {m.paused ? `▶ ${t('monitor.resume')}` : `❚❚ ${t('monitor.pause')}`}
              </button>
              <button type="button" className="btn btn--danger" onClick={() => setDeleting(true)} data-testid="monitor-delete">
                {t('common.delete')}
              </button>
            </>
          )
        }
      />
      <ErrorBanner error={action.error} />
      {m.flapping && (
        <p className="alert alert--warning" role="status">
          ↯ {t('monitor.flappingWarning')}
        </p>
      )}
      {m.paused && <p className="alert alert--info">{t('monitor.pausedNote')}</p>}

      <div className="card status-card" data-testid="monitor-status">
        <dl className="details">
          <dt>{t('monitor.reason')}</dt>
          <dd className="break" data-testid="monitor-reason">
            {m.stateReason ?? <span className="muted">—</span>}
          </dd>
          <dt>{t('monitor.sinceLabel')}</dt>
          <dd>
            {m.stateSince ? (
              <>
                {formatDateTime(m.stateSince)} <span className="muted">(<RelativeTime iso={m.stateSince} now={now} />)</span>
              </>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
          <dt>{t('monitor.lastCheck')}</dt>
          <dd>
            <RelativeTime iso={m.lastCheckedAt} now={now} empty={t('monitor.never')} />
            {m.lastLatencyMs !== null && <span className="muted"> · {formatMs(m.lastLatencyMs, locale)}</span>}
          </dd>
          {(m.kind === 'tls' || m.tlsDaysLeft !== null || (m.kind === 'http' && /^https:/i.test(m.target))) && (
            <>
              <dt>{t('monitor.tls')}</dt>
              <dd>
                <TlsDays days={m.tlsDaysLeft} />
              </dd>
            </>
          )}
        </dl>
        <UptimeFigures uptime={m.uptime} tiles />
      </div>

      <SectionTitle title={t('monitor.latencyChart')} />
      <div className="card">
        <LatencyChart monitorId={m.id} refreshKey={chartKey} />
      </div>

      <SectionTitle title={t('monitor.lastResult')} />
      <div className="card">
        {differs && (
          <div className="alert alert--warning baseline" data-testid="baseline-differs">
            <p>{t('baseline.differs')}</p>
            {editable && (
              <button type="button" className="btn btn--small" onClick={() => setAccepting(true)} data-testid="accept-baseline">
                {t('baseline.accept')}
              </button>
            )}
          </div>
        )}
        <LastResultView kind={m.kind} lastResult={monitor.lastResult} baseline={monitor.baseline} />
      </div>

      {m.kind === 'content' && <MonitorDetections monitorId={m.id} refreshKey={eventsKey} editable={editable} onRelearned={reload} />}

      <SectionTitle title={t('monitor.config')} />
      <div className="card">
        <dl className="details" data-testid="monitor-config">
          <dt>{t('monitor.target')}</dt>
          <dd>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="break">
                {m.target}
              </a>
            ) : (
              <code>{m.target}</code>
            )}
          </dd>
          <dt>{t('monitor.system')}</dt>
          <dd>
            <Link to={`/systems/${m.systemId}`}>{m.systemName}</Link> · <Link to={`/agencies/${m.agencyId}`}>{m.agencyName}</Link>
          </dd>
          <dt>{t('monitor.kind')}</dt>
          <dd>{kindLabel}</dd>
          <dt>{t('monitor.intervalShort')}</dt>
          <dd>{t('monitor.every', { n: m.intervalSeconds })}</dd>
          <dt>{t('monitor.timeoutShort')}</dt>
          <dd>{formatMs(m.timeoutMs, locale)}</dd>
          <dt>{t('monitor.thresholdShort')}</dt>
          <dd>{m.failureThreshold}</dd>
          <dt>{t('monitor.settings')}</dt>
          <dd>
            {Object.keys(m.settings).length === 0 ? (
              <span className="muted">{t('monitor.defaults')}</span>
            ) : (
              <ul className="plain-list">
                {Object.entries(m.settings).map(([k, v]) => (
                  <li key={k}>
                    <code>{k}</code>: <span className="break">{typeof v === 'string' ? v : JSON.stringify(v)}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('common.createdAt')}</dt>
          <dd>{formatDateTime(m.createdAt)}</dd>
        </dl>
      </div>

      <SectionTitle title={t('events.title')} />
      <MonitorEvents monitorId={m.id} refreshKey={eventsKey} />

      {editing && (
        <Dialog title={t('monitor.edit')} onClose={() => setEditing(false)} wide testId="monitor-edit-dialog">
          <MonitorForm initial={monitor} submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(false)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('monitor.deleteTitle')}
          message={t('monitor.deleteConfirm', { name: m.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(false)}
        />
      )}
      {accepting && (
        <ConfirmDialog title={t('baseline.acceptTitle')} message={t('baseline.acceptConfirm')} confirmLabel={t('baseline.accept')} onConfirm={accept} onClose={() => setAccepting(false)} />
      )}
    </section>
  );
}
