import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { INCIDENT_TYPES, RESPONSE_PHASES, type IncidentDetail, type IncidentEvent, type IncidentType, type ResponsePhase } from '../../api/incident-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField } from '../../components/form-fields.tsx';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function phaseOf(v: unknown): ResponsePhase | null {
  const p = v && typeof v === 'object' ? (v as { phase?: unknown }).phase : null;
  return RESPONSE_PHASES.includes(p as ResponsePhase) ? (p as ResponsePhase) : null;
}

/** One event as a Vietnamese (or English) sentence; `detail` is shown under it. */
export function describeIncidentEvent(t: TFunction, e: IncidentEvent): { text: string; detail?: string | undefined; tone?: 'bad' | 'good' | 'note' } {
  const name = e.actorName ?? t('inc.ev.system');
  const note = e.text ?? undefined;
  switch (e.type) {
    case 'reported':
      return { text: t('inc.ev.reported', { name, number: str(e.data.number) }), detail: note, tone: 'bad' };
    case 'receipt_acknowledged':
      return { text: t('inc.ev.receipt_acknowledged', { name }), detail: note, tone: 'good' };
    case 'classified': {
      const type = str(e.data.type);
      return {
        text: t(e.data.serious === true ? 'inc.ev.classifiedSerious' : 'inc.ev.classified', { name }),
        detail: INCIDENT_TYPES.includes(type as IncidentType) ? t('inc.ev.classifiedType', { type: t(`inc.type.${type as IncidentType}`) }) : undefined,
        tone: e.data.serious === true ? 'bad' : undefined,
      };
    }
    case 'playbook_applied':
      return { text: t('inc.ev.playbook_applied', { name: note ?? '', n: Number(e.data.tasks) || 0 }) };
    case 'verify':
    case 'handle':
    case 'close':
    case 'reopen':
      return { text: t(`inc.ev.${e.type}`, { name }), detail: note, tone: e.type === 'close' ? 'good' : e.type === 'reopen' ? 'bad' : undefined };
    case 'phase': {
      const to = phaseOf(e.data.to);
      return { text: t('inc.ev.phase', { name, phase: to ? t(`inc.phase.${to}`) : '—' }), detail: note };
    }
    case 'comment':
      return { text: t('inc.ev.comment', { name }), detail: note, tone: 'note' };
    case 'task_done':
    case 'task_reopened':
    case 'task_changed':
      return { text: t(`inc.ev.${e.type}`, { name, title: note ?? '' }), tone: e.type === 'task_done' ? 'good' : undefined };
    case 'notice_sent':
      return { text: t('inc.ev.notice_sent', { name }), detail: note, tone: 'good' };
    case 'deadline_reminder':
      return { text: t('inc.ev.deadline_reminder', { text: note ?? '' }) };
    case 'deadline_overdue':
      return { text: t('inc.ev.deadline_overdue', { text: note ?? '' }), tone: 'bad' };
    default:
      return { text: t('inc.ev.other', { name, type: e.type }), detail: note };
  }
}

/** The incident's history, oldest first (the alert timeline's layout). */
export function IncidentTimeline({ events }: { events: readonly IncidentEvent[] }) {
  const t = useT();
  if (events.length === 0) return <p className="muted">{t('inc.timelineEmpty')}</p>;
  return (
    <ol className="timeline" data-testid="incident-timeline">
      {events.map((e) => {
        const d = describeIncidentEvent(t, e);
        return (
          <li key={e.id} className={`timeline__item${d.tone ? ` timeline__item--${d.tone}` : ''}`} data-testid="incident-event" data-type={e.type}>
            <time className="timeline__time" dateTime={e.at} title={formatDateTime(e.at, true)}>
              {formatDateTime(e.at)}
            </time>
            <div className="timeline__body">
              <div className="timeline__text">{d.text}</div>
              {d.detail && <div className={d.tone === 'note' ? 'timeline__note' : 'cell-sub pre-line'}>{d.detail}</div>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function IncidentComment({ id, onDone }: { id: string; onDone(d: IncidentDetail): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const action = useAsyncAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const d = await api.post<IncidentDetail>(`/incidents/${id}/comments`, { text: text.trim() });
      setText('');
      onDone(d);
    });
  };
  return (
    <form className="alert-comment" onSubmit={submit} noValidate data-testid="incident-comment-form">
      <TextAreaField label={t('inc.comment')} value={text} onValue={setText} rows={2} placeholder={t('inc.commentPlaceholder')} error={fieldError(action.error, 'text')} testId="incident-comment-text" />
      <ErrorBanner error={action.error} placedFields={['text']} />
      <button type="submit" className="btn" disabled={action.busy || !text.trim()} data-testid="incident-comment-send">
        {action.busy ? t('common.working') : t('inc.commentSend')}
      </button>
    </form>
  );
}
