import type { AlertEvent, EventRecipient } from '../../api/alert-types.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { shortTime } from './alert-labels.tsx';
import { splitNobodyText, translateSkipped, translateStepLabel } from './alert-messages.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);

function recipientsOf(e: AlertEvent): EventRecipient[] {
  const r = e.data.recipients;
  return Array.isArray(r) ? (r.filter((x) => x && typeof x === 'object') as EventRecipient[]) : [];
}

function skippedOf(e: AlertEvent): string[] {
  const s = e.data.skipped;
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : [];
}

/** One event as a sentence in the reader's language; `detail` is shown under it. */
function describe(t: TFunction, e: AlertEvent): { text: string; detail?: string; tone?: 'bad' | 'good' | 'note' } {
  const name = e.actorName ?? t('alert.ev.system');
  switch (e.type) {
    case 'triggered':
      return { text: t('alert.ev.triggered', { text: e.text ?? '' }), tone: 'bad' };
    case 'alerts_added':
      return { text: t('alert.ev.alerts_added', { n: num(e.data.count) || 1 }), detail: e.text ?? undefined };
    case 'notified':
      return { text: t('alert.ev.notified', { label: translateStepLabel(t, e.text) }) };
    case 'escalated':
      return { text: t('alert.ev.escalated', { level: num(e.data.level), label: translateStepLabel(t, e.text) }), tone: 'bad' };
    case 'nobody_notified': {
      const { label } = splitNobodyText(e.text);
      return { text: t('alert.ev.nobody_notified', { label: translateStepLabel(t, label) || '—' }), tone: 'bad' };
    }
    case 'waiting':
      return { text: t('alert.ev.waiting', { time: shortTime(str(e.data.until)) }) };
    case 'escalation_finished':
      return { text: t('alert.ev.escalation_finished') };
    case 'no_policy':
      return { text: t('alert.ev.no_policy'), tone: 'bad' };
    case 'acknowledged': {
      const via = str(e.data.via);
      const how = ['ui', 'api', 'link'].includes(via) ? ` ${t(`alert.ev.via.${via}` as MessageKey)}` : '';
      return { text: `${t('alert.ev.acknowledged', { name: str(e.data.by) || name })}${how}`, tone: 'good' };
    }
    case 'unacknowledged':
      return { text: t('alert.ev.unacknowledged', { name }) };
    case 'assigned':
      return { text: e.text ? t('alert.ev.assigned', { name, who: e.text }) : t('alert.ev.unassigned', { name }) };
    case 'comment':
      return { text: t('alert.ev.comment', { name }), detail: e.text ?? undefined, tone: 'note' };
    case 'snoozed':
      return { text: t('alert.ev.snoozed', { name, time: shortTime(str(e.data.until)) }) };
    case 'unsnoozed':
      return { text: t('alert.ev.unsnoozed', { name }) };
    case 'snooze_ended':
      return { text: t('alert.ev.snooze_ended') };
    case 'resolved':
      return e.data.auto === true
        ? { text: t('alert.ev.resolvedAuto'), tone: 'good' }
        : { text: t('alert.ev.resolved', { name }), detail: e.text ?? undefined, tone: 'good' };
    default:
      return { text: t('alert.ev.unknown', { type: e.type }), detail: e.text ?? undefined };
  }
}

function Recipients({ e }: { e: AlertEvent }) {
  const t = useT();
  const recipients = recipientsOf(e);
  const skipped = e.type === 'nobody_notified' ? [...splitNobodyText(e.text).reasons, ...skippedOf(e)] : skippedOf(e);
  if (recipients.length === 0 && skipped.length === 0) return null;
  return (
    <div className="timeline__extra">
      {recipients.length > 0 && (
        <div data-testid="timeline-recipients">
          <span className="timeline__key">{t('alert.ev.recipients')}:</span>
          <ul className="timeline__list">
            {recipients.map((r, i) => (
              <li key={i}>
                <strong>{r.name}</strong> · {r.channel}
                {r.address ? ` · ${r.address}` : ''}
                {r.deferredUntil && <span className="muted"> — {t('alert.ev.deferred', { time: shortTime(r.deferredUntil) })}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {skipped.length > 0 && (
        <div data-testid="timeline-skipped">
          <span className="timeline__key">{t('alert.ev.skipped')}:</span>
          <ul className="timeline__list">
            {skipped.map((s, i) => (
              <li key={i}>{translateSkipped(t, s)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The alert's history, oldest first, as readable sentences with who was told and who was skipped. */
export function AlertTimeline({ events }: { events: readonly AlertEvent[] }) {
  const t = useT();
  if (events.length === 0) return <p className="muted">{t('alert.timelineEmpty')}</p>;
  return (
    <ol className="timeline" data-testid="alert-timeline">
      {events.map((e) => {
        const d = describe(t, e);
        return (
          <li key={e.id} className={`timeline__item${d.tone ? ` timeline__item--${d.tone}` : ''}`} data-testid="timeline-event" data-type={e.type}>
            <time className="timeline__time" dateTime={e.at} title={formatDateTime(e.at, true)}>
              {formatDateTime(e.at)}
            </time>
            <div className="timeline__body">
              <div className="timeline__text">{d.text}</div>
              {d.detail && <div className={d.tone === 'note' ? 'timeline__note' : 'cell-sub'}>{d.detail}</div>}
              <Recipients e={e} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
