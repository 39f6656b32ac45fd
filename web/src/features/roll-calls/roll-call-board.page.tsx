import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { TARGET_STATES, type RollCallBoard, type RollCallTarget } from '../../api/alert-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Breadcrumb } from '../../components/breadcrumb.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { Loading } from '../../components/status.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePolled } from '../alerts/use-polled.ts';
import { canRunRollCall, PhaseBadge, rollCallPhase, TargetStateBadge } from './roll-call-labels.tsx';
import './roll-calls.css';

/** Targets by agency, agencies in the order the server sends them (by name). */
function byAgency(targets: readonly RollCallTarget[]): { id: string; name: string; targets: RollCallTarget[] }[] {
  const groups = new Map<string, { id: string; name: string; targets: RollCallTarget[] }>();
  for (const x of targets) {
    const g = groups.get(x.agencyId) ?? { id: x.agencyId, name: x.agencyName, targets: [] };
    g.targets.push(x);
    groups.set(x.agencyId, g);
  }
  return [...groups.values()];
}

/** The live board of one roll call: counts as tiles, then every contact by agency; polled while open. */
export function RollCallBoardPage() {
  const { id = '' } = useParams();
  const t = useT();
  const user = useUser();
  const [closed, setClosed] = useState(false);
  const [closing, setClosing] = useState(false);
  const { data: b, error, loading, reload } = usePolled((signal) => api.get<RollCallBoard>(`/roll-calls/${id}`, undefined, signal), `roll-call:${id}`, 3000, !closed);
  if (b && !!b.closedAt !== closed) setClosed(!!b.closedAt);
  if (loading && !b) return <Loading />;
  if (!b) return <ErrorBanner error={error} />;
  const phase = rollCallPhase(b, new Date(b.now).getTime());
  const close = async () => {
    await api.post(`/roll-calls/${b.id}/close`);
    setClosing(false);
    reload();
  };
  return (
    <section data-testid="roll-call-board">
      <Breadcrumb trail={[{ to: '/roll-calls', label: t('rc.title') }]} />
      <PageHeader
        title={b.title}
        subtitle={
          <span className="rc-subtitle">
            <PhaseBadge phase={phase} />
            <span>{t('rc.board.started', { time: formatDateTime(b.startedAt) })}</span>
            <span>{t('rc.board.deadline', { time: formatDateTime(b.deadlineAt) })}</span>
            {b.closedAt && <span>{t('rc.board.closed', { time: formatDateTime(b.closedAt) })}</span>}
            {!b.closedAt && (
              <span className="live live--open">
                <span className="live__dot" aria-hidden="true" /> {t('alert.live')}
              </span>
            )}
          </span>
        }
        actions={
          !b.closedAt &&
          canRunRollCall(user.role) && (
            <button type="button" className="btn" onClick={() => setClosing(true)} data-testid="roll-call-close">
              {t('rc.close')}
            </button>
          )
        }
      />
      {b.message && <p className="card rc-message">{b.message}</p>}
      <ErrorBanner error={b ? error : undefined} />
      <ul className="rc-tiles" data-testid="roll-call-counts">
        {TARGET_STATES.map((s) => (
          <li key={s} className={`rc-tile rc-tile--${s}`} data-testid={`count-${s}`} data-count={b.counts[s] ?? 0}>
            <span className="rc-tile__count">{b.counts[s] ?? 0}</span>
            <span className="rc-tile__label">{t(`rc.state.${s}` as MessageKey)}</span>
          </li>
        ))}
      </ul>
      {b.targets.length === 0 && <p className="card muted">{t('rc.board.noTargets')}</p>}
      {byAgency(b.targets).map((g) => {
        const answered = g.targets.filter((x) => x.state === 'answered').length;
        return (
          <div key={g.id} className="rc-agency" data-testid="roll-call-agency" data-agency={g.name}>
            <h2 className="rc-agency__title">
              <span>{g.name}</span>
              <span className="muted small">{t('rc.answeredOf', { n: answered, total: g.targets.length })}</span>
            </h2>
            <div className="card card--flush">
              <table className="table table--cards">
                <thead>
                  <tr>
                    <th scope="col">{t('rc.board.contact')}</th>
                    <th scope="col">{t('rc.board.channel')}</th>
                    <th scope="col">{t('rc.board.state')}</th>
                    <th scope="col">{t('rc.board.answeredAt')}</th>
                    <th scope="col">{t('rc.board.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.targets.map((x) => (
                    <tr key={x.id} data-testid="roll-call-target" data-contact={x.contactName} data-state={x.state} className={x.state === 'answered' ? undefined : x.state === 'waiting' ? undefined : 'row--failed'}>
                      <td className="cell-title">
                        <strong>{x.contactName}</strong>
                      </td>
                      <td data-label={t('rc.board.channel')}>
                        {x.channel === 'none' ? <span className="muted">{t('rc.board.noChannel')}</span> : x.channel}
                        {x.address && <span className="cell-sub rc-address">{x.address}</span>}
                      </td>
                      <td data-label={t('rc.board.state')}>
                        <TargetStateBadge state={x.state} />
                      </td>
                      <td data-label={t('rc.board.answeredAt')}>
                        {x.answeredAt ? formatDateTime(x.answeredAt, true) : <span className="muted">—</span>}
                        {x.sentAt && !x.answeredAt && <span className="cell-sub">{t('rc.board.sentAt', { time: formatDateTime(x.sentAt) })}</span>}
                      </td>
                      <td data-label={t('rc.board.error')}>
                        {x.error ? <span className="text-danger rc-address">{x.error}</span> : x.state === 'unreachable' ? <span className="text-danger">{t('rc.board.noAddress')}</span> : <span className="muted">—</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        );
      })}
      {closing && <ConfirmDialog title={t('rc.close')} message={t('rc.closeConfirm')} confirmLabel={t('rc.close')} onConfirm={close} onClose={() => setClosing(false)} />}
    </section>
  );
}
