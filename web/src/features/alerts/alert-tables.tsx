import { Link } from 'react-router-dom';
import type { AlertDelivery, AlertMember } from '../../api/alert-types.ts';
import { Empty } from '../../components/status.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { AlertSeverityBadge, kindLabel } from './alert-labels.tsx';

const DELIVERY_CLASS: Record<string, string> = { sent: 'badge--ok', pending: 'badge--muted', sending: 'badge--info', failed: 'badge--warn', dead: 'badge--critical' };
const KNOWN_TEMPLATES = new Set(['alert.triggered', 'alert.escalated', 'alert.resolved']);

/** The alerts a group holds (a hosting outage: one per portal), open ones first as the server sends them. */
export function MembersTable({ members }: { members: readonly AlertMember[] }) {
  const t = useT();
  return (
    <div className="card card--flush">
      <table className="table table--cards" data-testid="alert-members">
        <thead>
          <tr>
            <th scope="col">{t('alert.member.summary')}</th>
            <th scope="col">{t('alert.member.where')}</th>
            <th scope="col">{t('alert.member.status')}</th>
            <th scope="col">{t('alert.member.opened')}</th>
            <th scope="col">{t('alert.member.occurrences')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} data-testid="alert-member">
              <td className="cell-title">
                <span className="tags">
                  <AlertSeverityBadge severity={m.severity} />
                  <span className="muted small">{kindLabel(t, m.kind)}</span>
                </span>
                <span className="cell-sub alert-text">{m.summary}</span>
              </td>
              <td data-label={t('alert.member.where')}>
                {m.systemId ? <Link to={`/systems/${m.systemId}`}>{m.systemName}</Link> : <span className="muted">—</span>}
                {m.agencyName && <span className="cell-sub">{m.agencyName}</span>}
                {m.monitorId && (
                  <Link className="cell-sub" to={`/monitors/${m.monitorId}`}>
                    {t('alert.detail.monitorLink')}
                  </Link>
                )}
              </td>
              <td data-label={t('alert.member.status')}>
                {m.status === 'open' ? (
                  <span className="badge badge--danger">{t('alert.member.open')}</span>
                ) : (
                  <span className="badge badge--ok">{t('alert.member.resolved', { time: formatDateTime(m.resolvedAt) })}</span>
                )}
              </td>
              <td data-label={t('alert.member.opened')}>{formatDateTime(m.openedAt)}</td>
              <td data-label={t('alert.member.occurrences')}>{m.occurrences}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every message sent about the group, with its fate; dead letters stand out. */
export function DeliveriesTable({ deliveries }: { deliveries: readonly AlertDelivery[] }) {
  const t = useT();
  if (deliveries.length === 0) {
    return (
      <div className="card">
        <Empty text={t('alert.deliveriesNone')} />
      </div>
    );
  }
  return (
    <div className="card card--flush">
      <table className="table table--cards" data-testid="alert-deliveries">
        <thead>
          <tr>
            <th scope="col">{t('alert.delivery.recipient')}</th>
            <th scope="col">{t('alert.delivery.channel')}</th>
            <th scope="col">{t('alert.delivery.status')}</th>
            <th scope="col">{t('alert.delivery.attempts')}</th>
            <th scope="col">{t('alert.delivery.error')}</th>
            <th scope="col">{t('alert.delivery.time')}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="alert-delivery" data-status={d.status} className={d.status === 'dead' ? 'row--failed' : undefined}>
              <td className="cell-title">
                <strong>{d.recipientName ?? d.recipient}</strong>
                {d.recipient && d.recipientName && <span className="cell-sub alert-text">{d.recipient}</span>}
                <span className="cell-sub">{KNOWN_TEMPLATES.has(d.template) ? t(`alert.delivery.template.${d.template}` as MessageKey) : d.template}</span>
              </td>
              <td data-label={t('alert.delivery.channel')}>
                {d.channelName}
                <span className="cell-sub">{d.channelKind}</span>
              </td>
              <td data-label={t('alert.delivery.status')}>
                <span className={`badge ${DELIVERY_CLASS[d.status] ?? 'badge--muted'}`} data-testid="delivery-status">
                  {['pending', 'sending', 'sent', 'failed', 'dead'].includes(d.status) ? t(`alert.delivery.status.${d.status}` as MessageKey) : d.status}
                </span>
                {d.status === 'dead' && <span className="cell-sub text-danger">{t('alert.delivery.deadNote')}</span>}
              </td>
              <td data-label={t('alert.delivery.attempts')}>{d.attempts}</td>
              <td data-label={t('alert.delivery.error')}>
                {d.lastError ? (
                  <span className={`alert-text${d.status === 'dead' ? ' text-danger' : ''}`}>
                    {d.lastCode && <code>{d.lastCode}</code>} {d.lastError}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label={t('alert.delivery.time')}>
                {d.sentAt
                  ? t('alert.delivery.sentAt', { time: formatDateTime(d.sentAt, true) })
                  : d.status === 'pending' || d.status === 'failed'
                    ? t('alert.delivery.retryAt', { time: formatDateTime(d.nextAttemptAt, true) })
                    : formatDateTime(d.createdAt, true)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
