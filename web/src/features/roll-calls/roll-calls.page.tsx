import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { RollCallBoard, RollCallSummary } from '../../api/alert-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { RollCallForm, type RollCallInput } from './roll-call-form.tsx';
import { canRunRollCall, PhaseBadge, rollCallPhase } from './roll-call-labels.tsx';
import { VerificationTable } from './verification-table.tsx';
import './roll-calls.css';

/** Roll calls of the 24/7 contact points: the past ones, starting a new one, and each agency's last verification. */
export function RollCallsPage() {
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { data, error, loading } = useAsync((signal) => api.get<{ items: RollCallSummary[] }>('/roll-calls', undefined, signal), 'roll-calls');
  const [starting, setStarting] = useState(false);
  const may = canRunRollCall(user.role);
  const start = async (input: RollCallInput) => {
    const board = await api.post<RollCallBoard>('/roll-calls', input);
    setStarting(false);
    navigate(`/roll-calls/${board.id}`);
  };
  const items = data?.items;
  return (
    <section>
      <PageHeader
        title={t('rc.title')}
        subtitle={t('rc.subtitle')}
        actions={
          may && (
            <button type="button" className="btn btn--primary" onClick={() => setStarting(true)} data-testid="roll-call-start">
              {t('rc.start')}
            </button>
          )
        }
      />
      <ListCard
        data={items && { items, total: items.length, pageSize: items.length }}
        loading={loading}
        error={error}
        empty={t('rc.none')}
        testId="roll-calls-table"
        columns={[t('rc.col.title'), t('rc.col.started'), t('rc.col.deadline'), t('rc.col.answered'), t('rc.col.status')]}
        row={(r) => (
          <tr key={r.id} data-testid="roll-call-row">
            <td className="cell-title">
              <Link to={`/roll-calls/${r.id}`}>{r.title}</Link>
              {r.startedBy && <span className="cell-sub">{t('rc.startedBy', { name: r.startedBy })}</span>}
            </td>
            <td data-label={t('rc.col.started')}>{formatDateTime(r.startedAt)}</td>
            <td data-label={t('rc.col.deadline')}>{formatDateTime(r.deadlineAt)}</td>
            <td data-label={t('rc.col.answered')}>
              {t('rc.answeredOf', { n: r.answered, total: r.targets })}
              <span className="cell-sub">{t('rc.agencies', { n: r.agencies })}</span>
            </td>
            <td data-label={t('rc.col.status')}>
              <PhaseBadge phase={rollCallPhase(r)} />
            </td>
          </tr>
        )}
      />
      <SectionTitle title={t('rc.verify.title')} />
      <p className="muted small">{t('rc.verify.hint')}</p>
      <VerificationTable version={String(items?.length ?? 0)} />
      {starting && (
        <Dialog title={t('rc.start')} onClose={() => setStarting(false)} wide testId="roll-call-dialog">
          <RollCallForm onSubmit={start} onCancel={() => setStarting(false)} />
        </Dialog>
      )}
    </section>
  );
}
