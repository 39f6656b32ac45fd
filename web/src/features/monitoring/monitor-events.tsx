import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { MonitorEvent } from '../../api/monitor-types.ts';
import { ListCard } from '../../components/list-card.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useT } from '../../i18n/use-t.ts';
import { StateBadge } from './monitor-cells.tsx';

const STEP = 20;
/** The server's cap on one request. */
const MAX = 1000;

/** Details worth showing: anything but an empty object. */
const hasDetails = (d: unknown) => d !== null && d !== undefined && !(typeof d === 'object' && Object.keys(d).length === 0);

/**
 * Every state change of one monitor, newest first (kept forever by the server). The API pages
 * by "the latest N" rather than by page number, so "show more" asks for a longer list.
 */
export function MonitorEvents({ monitorId, refreshKey }: { monitorId: string; refreshKey: number }) {
  const t = useT();
  const [limit, setLimit] = useState(STEP);
  const { data, error, loading } = useAsync(
    (signal) => api.get<{ items: MonitorEvent[] }>(`/monitors/${monitorId}/events`, { limit }, signal),
    `${monitorId}:${limit}:${refreshKey}`,
  );
  const items = data?.items ?? [];
  const more = items.length >= limit && limit < MAX;
  return (
    <>
      <ListCard
        data={data ? { items, total: items.length, pageSize: limit } : undefined}
        loading={loading}
        error={error}
        empty={t('events.none')}
        testId="monitor-events"
        columns={[t('events.time'), t('events.change'), t('events.reason')]}
        row={(e) => (
          <tr key={e.id} data-testid="event-row" data-to={e.toState}>
            <td data-label={t('events.time')} className="nowrap">
              {formatDateTime(e.at, true)}
            </td>
            <td data-label={t('events.change')}>
              <span className="transition">
                <StateBadge state={e.fromState} />
                <span aria-hidden="true">→</span>
                <span className="visually-hidden">{t('events.to')}</span>
                <StateBadge state={e.toState} />
              </span>
            </td>
            <td data-label={t('events.reason')} className="break">
              {e.reason ?? <span className="muted">—</span>}
              {hasDetails(e.details) && (
                <details className="raw">
                  <summary>{t('events.details')}</summary>
                  <pre>{JSON.stringify(e.details, null, 2)}</pre>
                </details>
              )}
            </td>
          </tr>
        )}
        dimWhileLoading
      />
      {more && (
        <button type="button" className="btn btn--small" onClick={() => setLimit((l) => Math.min(MAX, l + STEP * 5))} disabled={loading} data-testid="events-more">
          {t('events.more')}
        </button>
      )}
    </>
  );
}
