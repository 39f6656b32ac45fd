import { useEffect, useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { JobStatus } from '../../api/monitor-types.ts';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime, formatDuration, formatMs, formatNumber, formatTimeOfDay } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useNow } from '../../lib/use-now.ts';
import { useI18n } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { RelativeTime } from '../monitoring/monitor-cells.tsx';

const REFRESH_MS = 10_000;
const STATUS_BADGE: Record<string, string> = { ok: 'badge--ok', failed: 'badge--danger', running: 'badge--info' };
/** Jobs the UI knows by name get a translated description; others show the server's (English) one. */
const KNOWN_JOBS = ['monitor-scheduler', 'monitor-rollup', 'monitor-retention', 'session-retention', 'database-vacuum'];

function JobState({ job }: { job: JobStatus }) {
  const { t } = useI18n();
  const s = job.lastStatus ?? 'never';
  const known = s in STATUS_BADGE || s === 'never';
  return (
    <span className={`badge ${STATUS_BADGE[s] ?? 'badge--muted'}`} data-testid="job-status" data-status={s}>
      {s === 'failed' ? '✕ ' : s === 'ok' ? '✓ ' : s === 'running' ? '⟳ ' : ''}
      {known ? t(`jobs.status.${s}` as MessageKey) : s}
    </span>
  );
}

/** What the background jobs are doing (scheduler, rollups, retention…), for administrators. */
export function JobsPage() {
  const { t, locale } = useI18n();
  const now = useNow(5000);
  const { data, error, loading, reload } = useAsync(async (signal) => {
    const res = await api.get<{ items: JobStatus[] }>('/jobs', undefined, signal);
    return { ...res, at: Date.now() };
  }, 'jobs');

  // Refresh while the tab is visible; a hidden tab catches up when shown again.
  const [visible, setVisible] = useState(() => !document.hidden);
  useEffect(() => {
    const onChange = () => {
      setVisible(!document.hidden);
      if (!document.hidden) reload();
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, [reload]);
  useEffect(() => {
    if (!visible) return;
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [visible, reload]);

  const items = data?.items ?? [];
  const failing = items.filter((j) => j.lastStatus === 'failed').length;
  const page = data ? { items, total: items.length, pageSize: items.length } : undefined;

  return (
    <section>
      <PageHeader
        title={t('jobs.title')}
        subtitle={
          <>
            <span>{t('jobs.subtitle')}</span>
            {data && (
              <span className="muted small" data-testid="jobs-refreshed">
                {t('jobs.refreshed', { time: formatTimeOfDay(data.at) })}
              </span>
            )}
          </>
        }
        actions={
          <button type="button" className="btn" onClick={reload} disabled={loading}>
            ⟳ {t('jobs.refresh')}
          </button>
        }
      />
      {failing > 0 && (
        <p className="alert alert--error" role="alert" data-testid="jobs-failing">
          {t('jobs.failedCount', { n: failing })}
        </p>
      )}
      <ListCard
        data={page}
        loading={loading}
        error={error}
        empty={t('jobs.none')}
        testId="jobs-table"
        columns={[t('jobs.name'), t('jobs.status'), t('jobs.lastRun'), t('jobs.interval'), t('jobs.duration'), t('jobs.runs'), t('jobs.owner')]}
        row={(j) => (
          <tr key={j.name} className={j.lastStatus === 'failed' ? 'row--failed' : undefined} data-testid="job-row" data-name={j.name}>
            <td data-label={t('jobs.name')} className="cell-title">
              <code>{j.name}</code>
              <span className="cell-sub">{KNOWN_JOBS.includes(j.name) ? t(`jobs.desc.${j.name}` as MessageKey) : j.description}</span>
              {j.lastError && (
                <span className="cell-sub job-error" data-testid="job-error">
                  {t('jobs.error')}: {j.lastError}
                </span>
              )}
            </td>
            <td data-label={t('jobs.status')}>
              <JobState job={j} />
            </td>
            <td data-label={t('jobs.lastRun')}>
              <RelativeTime iso={j.lastStartedAt} now={now} empty={t('jobs.status.never')} />
              {j.lastFinishedAt && <span className="cell-sub">{t('jobs.finished', { time: formatDateTime(j.lastFinishedAt, true) })}</span>}
            </td>
            <td data-label={t('jobs.interval')}>
              <span className="nowrap">{t('jobs.every', { d: formatDuration(j.intervalMs, locale) })}</span>
              <span className="cell-sub">
                {t('jobs.lock')}: <code>{j.lock}</code>
              </span>
            </td>
            <td data-label={t('jobs.duration')}>{formatMs(j.lastDurationMs, locale)}</td>
            <td data-label={t('jobs.runs')}>
              {formatNumber(j.runs, locale)}
              {j.failures > 0 && <span className="cell-sub text-danger">{t('jobs.failures', { n: formatNumber(j.failures, locale) })}</span>}
            </td>
            <td data-label={t('jobs.owner')}>{j.owner ? <code>{j.owner}</code> : <span className="muted">{t('jobs.noOwner')}</span>}</td>
          </tr>
        )}
      />
    </section>
  );
}
