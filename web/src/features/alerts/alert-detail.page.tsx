import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { AlertGroup, AlertGroupDetail } from '../../api/alert-types.ts';
import { fieldError } from '../../api/api-error.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField } from '../../components/form-fields.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { Loading } from '../../components/status.tsx';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { AlertActions } from './alert-actions.tsx';
import { AlertSeverityBadge, AlertStatusBadge, canActOnAlerts, kindLabel, shortTime, sourceLabel } from './alert-labels.tsx';
import { DeliveriesTable, MembersTable } from './alert-tables.tsx';
import { AlertTimeline } from './alert-timeline.tsx';
import { usePolled } from './use-polled.ts';
import './alerts.css';

/** Where the escalation stands, in one sentence: the next step's time, a snooze, or why it stopped. */
export function escalationState(t: TFunction, g: AlertGroup, now = Date.now()): { text: string; tone: 'info' | 'warning' | 'success' } {
  if (g.status === 'resolved') return { text: t('alert.state.resolved', { time: formatDateTime(g.resolvedAt) }), tone: 'success' };
  if (g.status === 'acknowledged') {
    const time = shortTime(g.acknowledgedAt ?? g.lastAlertAt, now);
    return { text: g.acknowledgedBy ? t('alert.state.stopped', { name: g.acknowledgedBy, time }) : t('alert.state.stoppedAck', { time }), tone: 'success' };
  }
  if (g.snoozedUntil && new Date(g.snoozedUntil).getTime() > now) return { text: t('alert.state.snoozed', { time: shortTime(g.snoozedUntil, now) }), tone: 'info' };
  if (!g.policyId) return { text: t('alert.state.noPolicy'), tone: 'warning' };
  if (g.nextEscalationAt) {
    const due = new Date(g.nextEscalationAt).getTime() <= now;
    return { text: due ? t('alert.state.nextDue') : t('alert.state.next', { time: shortTime(g.nextEscalationAt, now) }), tone: 'warning' };
  }
  return { text: t('alert.state.finished'), tone: 'warning' };
}

/** One alert group: what, where, where the escalation stands, its history, who was told, and the officer's actions. */
export function AlertDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const [fresh, setFresh] = useState<AlertGroupDetail | null>(null);
  const [resolved, setResolved] = useState(false);
  const { data: polled, error, loading, reload } = usePolled((signal) => api.get<AlertGroupDetail>(`/alerts/${id}`, undefined, signal), `alert:${id}`, 5000, !resolved);
  // An action's answer is newer than the last poll until the next poll arrives.
  const lastEvent = (x: AlertGroupDetail) => x.events.at(-1)?.id ?? 0;
  const d = fresh && fresh.group.id === id && (!polled || polled.group.id !== id || lastEvent(fresh) > lastEvent(polled)) ? fresh : polled;
  if (d && (d.group.status === 'resolved') !== resolved) setResolved(d.group.status === 'resolved');
  if (loading && !d) return <Loading />;
  if (!d) return <ErrorBanner error={error} />;
  const g = d.group;
  const may = canActOnAlerts(user.role);
  const onDone = (next: AlertGroupDetail) => {
    setFresh(next);
    reload();
  };
  const state = escalationState(t, g);
  const open = d.members.filter((m) => m.status === 'open').length;
  const dead = d.deliveries.filter((x) => x.status === 'dead').length;
  return (
    <section data-testid="alert-detail" data-status={g.status}>
      <Breadcrumb trail={[{ to: '/alerts', label: t('alert.title') }]} />
      <PageHeader
        title={g.title}
        subtitle={
          <span className="tags">
            <AlertStatusBadge group={g} />
            <AlertSeverityBadge severity={g.severity} />
            {g.alertCount > 1 && (
              <span className="badge badge--info" data-testid="alert-count">
                {t('alert.members', { n: g.alertCount })}
              </span>
            )}
          </span>
        }
      />
      <p className={`alert alert--${state.tone}`} data-testid="alert-escalation-state">
        {state.text}
      </p>
      {may && <AlertActions group={g} onDone={onDone} />}
      <div className="card">
        <dl className="details">
          <dt>{t('alert.detail.kind')}</dt>
          <dd>
            {kindLabel(t, g.kind)} <span className="muted small">· {sourceLabel(t, g.source)}</span>
          </dd>
          <dt>{t('alert.detail.agency')}</dt>
          <dd>{g.agencyId ? <Link to={`/agencies/${g.agencyId}`}>{g.agencyName}</Link> : <span className="muted">—</span>}</dd>
          <dt>{t('alert.detail.system')}</dt>
          <dd>
            {g.systemId ? (
              <Link to={`/systems/${g.systemId}`} data-testid="alert-system-link">
                {g.systemName}
              </Link>
            ) : (
              <span className="muted">{g.alertCount > 1 ? t('alert.detail.manySystems') : '—'}</span>
            )}
          </dd>
          {g.monitorId && (
            <>
              <dt>{t('alert.detail.monitor')}</dt>
              <dd>
                <Link to={`/monitors/${g.monitorId}`} data-testid="alert-monitor-link">
                  {t('alert.detail.monitorLink')}
                </Link>
              </dd>
            </>
          )}
          <dt>{t('alert.detail.opened')}</dt>
          <dd>{formatDateTime(g.openedAt, true)}</dd>
          {g.lastAlertAt !== g.openedAt && (
            <>
              <dt>{t('alert.detail.last')}</dt>
              <dd>{formatDateTime(g.lastAlertAt, true)}</dd>
            </>
          )}
          <dt>{t('alert.detail.assignee')}</dt>
          <dd data-testid="alert-assignee">{g.assigneeName ?? <span className="muted">{t('alert.unassigned')}</span>}</dd>
          {g.acknowledgedBy && (
            <>
              <dt>{t('alert.detail.ackBy')}</dt>
              <dd>
                {g.acknowledgedBy} · {formatDateTime(g.acknowledgedAt)}
              </dd>
            </>
          )}
          <dt>{t('alert.detail.policy')}</dt>
          <dd>{g.policyName ? <Link to="/escalation">{g.policyName}</Link> : <span className="muted">{t('alert.detail.noPolicy')}</span>}</dd>
          {g.alertCount > 1 && (
            <>
              <dt>{t('alert.detail.group')}</dt>
              <dd>
                <code className="alert-text">{g.groupKey}</code>
              </dd>
            </>
          )}
        </dl>
      </div>

      <SectionTitle title={t('alert.timeline')} />
      <div className="card">
        <AlertTimeline events={d.events} />
        {may && <CommentBox id={g.id} onDone={onDone} />}
      </div>

      <SectionTitle title={t('alert.deliveriesTitle')} />
      {dead > 0 && (
        <p className="alert alert--error" data-testid="alert-dead-deliveries">
          {t('alert.deadCount', { n: dead })}. {t('alert.delivery.deadNote')}
        </p>
      )}
      <DeliveriesTable deliveries={d.deliveries} />

      <SectionTitle title={t('alert.membersTitle', { n: g.alertCount })} />
      {g.alertCount > 1 && <p className="muted small">{t('alert.openMembers', { open, n: d.members.length })}</p>}
      <MembersTable members={d.members} />
    </section>
  );
}

function CommentBox({ id, onDone }: { id: string; onDone(d: AlertGroupDetail): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const action = useAsyncAction();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const d = await api.post<AlertGroupDetail>(`/alerts/${id}/comments`, { text: text.trim() });
      setText('');
      onDone(d);
    });
  };
  return (
    <form className="alert-comment" onSubmit={submit} noValidate data-testid="alert-comment-form">
      <TextAreaField label={t('alert.comment')} value={text} onValue={setText} rows={2} placeholder={t('alert.commentPlaceholder')} error={fieldError(action.error, 'text')} testId="alert-comment-text" />
      <ErrorBanner error={action.error} placedFields={['text']} />
      <button type="submit" className="btn" disabled={action.busy || !text.trim()} data-testid="alert-comment-send">
        {action.busy ? t('common.working') : t('alert.commentSend')}
      </button>
    </form>
  );
}
