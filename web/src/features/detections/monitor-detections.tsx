import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import type { DetectionSummary } from '../../api/detection-types.ts';
import type { Page } from '../../api/types.ts';
import { ListCard } from '../../components/list-card.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useT } from '../../i18n/use-t.ts';
import { ReviewCell, VerdictCell } from './detection-labels.tsx';

/** The latest analyses of one content monitor (alarms and normal changes), on the monitor page. */
export function MonitorDetections({ monitorId, refreshKey, editable, onRelearned }: { monitorId: string; refreshKey: number; editable: boolean; onRelearned(): void }) {
  const t = useT();
  const [relearning, setRelearning] = useState(false);
  const query = { monitorId, page: 1, pageSize: 10 };
  const { data, error, loading } = useAsync((signal) => api.get<Page<DetectionSummary>>('/detections', query, signal), `${monitorId}:${refreshKey}`);
  return (
    <>
      <SectionTitle
        title={t('detection.monitorSection')}
        actions={
          <>
            {editable && (
              <button type="button" className="btn btn--small" onClick={() => setRelearning(true)} data-testid="monitor-relearn">
                {t('detection.relearn')}
              </button>
            )}{' '}
            <Link className="btn btn--small" to={`/detections?monitorId=${encodeURIComponent(monitorId)}&alarm=all`}>
              {t('detection.seeAll')}
            </Link>
          </>
        }
      />
      <ListCard
        data={data}
        loading={loading}
        error={error}
        empty={t('detection.none')}
        testId="monitor-detections"
        columns={[t('detection.at'), t('detection.verdict'), t('detection.review')]}
        row={(d) => (
          <tr key={d.id} data-testid="monitor-detection-row">
            <td data-label={t('detection.at')}>
              <Link to={`/detections/${d.id}`}>{formatDateTime(d.at)}</Link>
            </td>
            <VerdictCell d={d} />
            <ReviewCell d={d} />
          </tr>
        )}
      />
      {relearning && (
        <ConfirmDialog
          title={t('detection.relearnTitle')}
          message={t('detection.relearnConfirm')}
          confirmLabel={t('detection.relearn')}
          onConfirm={async () => {
            await api.post(`/monitors/${monitorId}/relearn`);
            setRelearning(false);
            onRelearned();
          }}
          onClose={() => setRelearning(false)}
        />
      )}
    </>
  );
}
