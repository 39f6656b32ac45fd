import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { Page } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import type { Delivery, NotificationChannel } from './notification-types.ts';
import { useCodeLabel } from './send-outcome.tsx';

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
const STATUS_BADGE: Record<string, string> = { sent: 'badge--ok', dead: 'badge--danger', failed: 'badge--warn', pending: 'badge--muted', sending: 'badge--info' };
const PAGE_SIZE = 25;

function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge ${STATUS_BADGE[status] ?? 'badge--muted'}`}>{t(`notif.status.${status}` as MessageKey)}</span>;
}

/** "Thư lỗi / Hàng đợi gửi": dead letters with their errors and a Retry button, then the recent deliveries. */
export function DeliveriesPage() {
  const t = useT();
  const codeLabel = useCodeLabel();
  const [params, setParams] = useSearchParams();
  const channelId = params.get('channelId') ?? '';
  const status = params.get('status') ?? '';
  const [deadPage, setDeadPage] = useState(1);
  const [page, setPage] = useState(1);
  const channels = useAsync((signal) => api.get<{ items: NotificationChannel[] }>('/notification-channels', undefined, signal), 'channels');
  const dead = useAsync((signal) => api.get<Page<Delivery>>('/notifications/dead', { channelId, page: deadPage, pageSize: PAGE_SIZE }, signal), `dead:${channelId}:${deadPage}`);
  const recent = useAsync((signal) => api.get<Page<Delivery>>('/notifications', { channelId, status, page, pageSize: PAGE_SIZE }, signal), `recent:${channelId}:${status}:${page}`);
  const retry = useAsyncAction();

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
    setDeadPage(1);
  };
  const doRetry = (d: Delivery) =>
    void retry.run(async () => {
      await api.post(`/notifications/${d.id}/retry`, {});
      dead.reload();
      recent.reload();
    });

  const cols = [t('notif.delivery.created'), t('notif.delivery.channel'), t('notif.delivery.recipient'), t('notif.delivery.subject')];
  const cells = (d: Delivery) => (
    <>
      <td data-label={cols[0]} className="nowrap">
        {formatDateTime(d.createdAt)}
      </td>
      <td data-label={cols[1]}>{d.channelName}</td>
      <td data-label={cols[2]} className="break">
        {d.recipient || '—'}
      </td>
      <td data-label={cols[3]} className="break">
        {d.subject ?? d.template}
      </td>
    </>
  );

  return (
    <section>
      <PageHeader title={t('notif.deliveries.title')} subtitle={t('notif.deliveries.subtitle')} />
      <div className="toolbar">
        <FilterSelect label={t('notif.delivery.channel')} value={channelId} onValue={(v) => setFilter('channelId', v)} options={(channels.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} testId="deliveries-channel" />
      </div>
      <SectionTitle title={t('notif.deliveries.dead', { n: dead.data?.total ?? 0 })} />
      <ErrorBanner error={retry.error} />
      <ListCard
        data={dead.data}
        loading={dead.loading}
        error={dead.error}
        empty={t('notif.deliveries.noDead')}
        testId="dead-table"
        columns={[...cols, t('notif.delivery.error'), t('notif.delivery.attempts')]}
        actions
        page={deadPage}
        pageSize={PAGE_SIZE}
        onPage={setDeadPage}
        row={(d) => (
          <tr key={d.id} data-testid="dead-row">
            {cells(d)}
            <td data-label={t('notif.delivery.error')} className="break">
              <strong>{codeLabel(d.lastCode)}</strong>
              {d.lastError && <span className="cell-sub">{d.lastError}</span>}
            </td>
            <td data-label={t('notif.delivery.attempts')}>{d.attempts}</td>
            <td className="cell-actions">
              <button type="button" className="btn btn--small btn--primary" onClick={() => doRetry(d)} disabled={retry.busy} data-testid="dead-retry">
                {t('notif.delivery.retry')}
              </button>
            </td>
          </tr>
        )}
      />
      <SectionTitle title={t('notif.deliveries.recent')} />
      <div className="toolbar">
        <FilterSelect label={t('notif.delivery.status')} value={status} onValue={(v) => setFilter('status', v)} options={STATUSES.map((s) => ({ value: s, label: t(`notif.status.${s}` as MessageKey) }))} testId="deliveries-status" />
      </div>
      <ListCard
        data={recent.data}
        loading={recent.loading}
        error={recent.error}
        empty={t('notif.deliveries.none')}
        testId="deliveries-table"
        columns={[...cols, t('notif.delivery.status'), t('notif.delivery.attempts')]}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
        row={(d) => (
          <tr key={d.id} data-testid="delivery-row">
            {cells(d)}
            <td data-label={t('notif.delivery.status')}>
              <StatusBadge status={d.status} />
              {d.lastCode && d.status !== 'sent' && <span className="cell-sub">{codeLabel(d.lastCode)}</span>}
            </td>
            <td data-label={t('notif.delivery.attempts')}>{d.attempts}</td>
          </tr>
        )}
      />
    </section>
  );
}
