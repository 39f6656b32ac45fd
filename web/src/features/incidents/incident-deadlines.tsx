import { useState } from 'react';
import type { IncidentDetail } from '../../api/incident-types.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { DeadlineStateBadge } from './incident-labels.tsx';
import { IncidentNoticeDialog } from './incident-notice-dialog.tsx';

/**
 * The incident's deadlines (data per jurisdiction: notice within 5 days of detection, Mẫu 04
 * within 5 days after the response ends…) with their state; overdue ones in red. Coordinators
 * record here that the incident notice went out.
 */
export function IncidentDeadlines({ detail, coordinator, onDone }: { detail: IncidentDetail; coordinator: boolean; onDone(d: IncidentDetail): void }) {
  const t = useT();
  const [noticeOpen, setNoticeOpen] = useState(false);
  const notice = detail.deadlines.find((d) => d.key === 'notice');
  const noticeDue = notice && !notice.metAt;
  return (
    <div className="card">
      {detail.deadlines.length === 0 ? (
        <p className="muted">{t('inc.deadlines.none')}</p>
      ) : (
        <ul className="plain-list inc-deadlines" data-testid="incident-deadlines">
          {detail.deadlines.map((d) => (
            <li key={d.key} className={`inc-deadline inc-deadline--${d.state}`} data-testid="incident-deadline" data-key={d.key} data-state={d.state}>
              <div className="inc-deadline__head">
                <strong>{d.label}</strong>
                <DeadlineStateBadge state={d.state} />
              </div>
              <div className="inc-deadline__due" data-testid="incident-deadline-due">
                {t('inc.deadline.due', { time: formatDateTime(d.dueAt) })}
              </div>
              {d.metAt && <div className="cell-sub">{t('inc.deadline.metAt', { time: formatDateTime(d.metAt) })}</div>}
            </li>
          ))}
        </ul>
      )}
      {coordinator && noticeDue && (
        <div className="inc-notice">
          <button type="button" className="btn btn--block" onClick={() => setNoticeOpen(true)} data-testid="incident-notice-sent">
            {t('inc.noticeSent')}
          </button>
          <p className="field__hint">{t('inc.noticeSentHint')}</p>
        </div>
      )}
      {noticeOpen && (
        <IncidentNoticeDialog
          detail={detail}
          onClose={() => setNoticeOpen(false)}
          onDone={(d) => {
            setNoticeOpen(false);
            onDone(d);
          }}
        />
      )}
    </div>
  );
}
