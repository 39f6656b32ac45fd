import { useEffect, useState } from 'react';
import { api } from '../../api/api-client.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Loading } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { TargetStatusBadge } from './warning-labels.tsx';
import type { TargetDetail } from './warning-types.ts';

const text = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v));

/** The evidence a change carried, worded like the table's evidence column. */
function dataText(t: TFunction, data: Record<string, unknown> | null): string[] {
  if (!data) return [];
  const out: string[] = [];
  const kb = text(data.kbs) || text(data.kb);
  if (kb) out.push(t('warn.tg.kb', { list: kb }));
  if (text(data.version)) out.push(t('warn.tg.version', { v: text(data.version) }));
  if (text(data.riskApprover)) out.push(t('warn.tg.risk', { who: text(data.riskApprover), date: formatDate(text(data.riskExpiresOn)) || '—' }));
  for (const k of ['reason', 'note']) if (text(data[k])) out.push(text(data[k]));
  return out;
}

/** A row's history, loaded when it is opened (GET …/targets/:id): who moved it where, with what evidence. */
export function TargetHistory({ warningId, targetId, version }: { warningId: string; targetId: string; version: string }) {
  const t = useT();
  const [detail, setDetail] = useState<TargetDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    api.get<TargetDetail>(`/warnings/${warningId}/targets/${targetId}`, undefined, ctrl.signal).then(setDetail, (e: unknown) => {
      if (!ctrl.signal.aborted) setError(e);
    });
    return () => ctrl.abort();
  }, [warningId, targetId, version]);
  if (error) return <ErrorBanner error={error} />;
  if (!detail) return <Loading />;
  if (detail.history.length === 0) return <p className="muted small">{t('warn.tg.noHistory')}</p>;
  return (
    <ol className="timeline warn-history" data-testid="target-history">
      {detail.history.map((h, i) => (
        <li key={i} className="timeline__item" data-testid="target-history-entry" data-to={h.to}>
          <span className="timeline__time">{formatDateTime(h.at)}</span>
          <span className="timeline__body">
            <span className="timeline__text">
              {h.from && (
                <>
                  <TargetStatusBadge status={h.from} /> →{' '}
                </>
              )}
              <TargetStatusBadge status={h.to} />
            </span>
            {h.actorName && <span className="cell-sub">{h.actorName}</span>}
            {dataText(t, h.data).map((line) => (
              <span key={line} className="cell-sub break">
                {line}
              </span>
            ))}
          </span>
        </li>
      ))}
    </ol>
  );
}
