import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';
import { CalendarLinkButton } from './calendar-link-button.tsx';
import type { AlertPeriod, AlertPeriodInput } from './duty-types.ts';
import { localToVn } from './duty-time.ts';
import { PeriodForm } from './period-form.tsx';
import { PeriodStatus, periodPhase } from './period-status.tsx';

const PHASE_ORDER = { active: 0, upcoming: 1, ended: 2 } as const;

/** Alert periods: the ones going on first, then the coming ones, then the past. */
export function PeriodsPage() {
  const t = useT();
  const user = useUser();
  const { byId } = useAgencyTree();
  const { data, error, loading, reload } = useAsync((signal) => api.get<{ items: AlertPeriod[] }>('/duty/periods', undefined, signal), 'duty-periods');
  const [editing, setEditing] = useState<AlertPeriod | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertPeriod | null>(null);
  const editable = can.editRegistry(user.role);
  const mayChange = (p: AlertPeriod) => editable && (p.agencyId !== null || can.seeWholeTree(user.role));
  const items = data ? [...data.items].sort((a, b) => PHASE_ORDER[periodPhase(a)] - PHASE_ORDER[periodPhase(b)]) : undefined;

  const save = async (input: AlertPeriodInput) => {
    if (editing === 'new') await api.post('/duty/periods', input);
    else if (editing) await api.patch(`/duty/periods/${editing.id}`, input);
    setEditing(null);
    reload();
  };
  const remove = async () => {
    if (!deleting) return;
    await api.del(`/duty/periods/${deleting.id}`);
    setDeleting(null);
    reload();
  };

  return (
    <section>
      <PageHeader
        title={t('duty.periods.title')}
        subtitle={t('duty.periods.subtitle')}
        actions={
          <>
            <CalendarLinkButton path="/duty/my/calendar-link" label={t('duty.calendar.mine')} testId="my-calendar-link" />
            {editable && (
              <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="period-create">
                + {t('duty.periods.create')}
              </button>
            )}
          </>
        }
      />
      <ListCard
        data={items && { items, total: items.length, pageSize: items.length }}
        loading={loading}
        error={error}
        empty={t('duty.periods.none')}
        testId="periods-table"
        columns={[t('duty.period.name'), t('duty.period.time'), t('duty.period.scope'), t('duty.period.status')]}
        actions={editable}
        row={(p) => (
          <tr key={p.id} data-testid="period-row">
            <td className="cell-title">
              <Link to={`/duty/periods/${p.id}`}>{p.name}</Link>
            </td>
            <td data-label={t('duty.period.time')}>
              <span className="nowrap">{localToVn(p.start)}</span> – <span className="nowrap">{localToVn(p.end)}</span>
              {p.timeZone !== 'Asia/Ho_Chi_Minh' && <div className="cell-sub">{p.timeZone}</div>}
            </td>
            <td data-label={t('duty.period.scope')}>{p.agencyId ? (byId.get(p.agencyId)?.name ?? '—') : t('duty.period.scope.province')}</td>
            <td data-label={t('duty.period.status')}>
              <PeriodStatus period={p} />
            </td>
            {editable && (
              <td className="cell-actions">
                {mayChange(p) && (
                  <>
                    <button type="button" className="btn btn--small" onClick={() => setEditing(p)} data-testid="period-edit">
                      {t('common.edit')}
                    </button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(p)} data-testid="period-delete">
                      {t('common.delete')}
                    </button>
                  </>
                )}
              </td>
            )}
          </tr>
        )}
      />
      {editing && (
        <Dialog title={editing === 'new' ? t('duty.periods.create') : t('duty.periods.edit')} onClose={() => setEditing(null)} wide testId="period-dialog">
          <PeriodForm period={editing === 'new' ? undefined : editing} onSubmit={save} onCancel={() => setEditing(null)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('duty.periods.deleteTitle')}
          message={t('duty.periods.deleteConfirm', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
