import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import type { MaintenanceWindow, MaintenanceWindowCreate } from '../../api/monitor-types.ts';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { MaintenanceForm, WEEK_ORDER } from './maintenance-form.tsx';

const SCOPE_PATH: Record<string, string> = { monitor: '/monitors', system: '/systems', agency: '/agencies' };

export function formatDuration(t: TFunction, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return t('duration.hm', { h, m });
  return h ? t('duration.h', { h }) : t('duration.m', { m });
}

function schedule(t: TFunction, w: MaintenanceWindow): string {
  if (w.weekdays && w.startTime) {
    // 0 is Sunday in the API; a 7 (ISO Sunday) is read the same way rather than shown as a raw key.
    const given = new Set(w.weekdays.map((d) => d % 7));
    const days = WEEK_ORDER.filter((d) => given.has(d)).map((d) => t(`weekday.${d}` as MessageKey));
    return t('maintenance.weeklyText', { days: days.length === 7 ? t('maintenance.everyDay') : days.join(', '), time: w.startTime, duration: formatDuration(t, w.durationMinutes ?? 0) });
  }
  return t('maintenance.onceText', { from: formatDateTime(w.startsAt), to: formatDateTime(w.endsAt) });
}

/** Windows during which state changes are recorded but raise no alerts. */
export function MaintenancePage() {
  const t = useT();
  const user = useUser();
  const { data, error, loading, reload } = useAsync((signal) => api.get<{ items: MaintenanceWindow[] }>('/maintenance-windows', undefined, signal), 'windows');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<MaintenanceWindow | null>(null);
  const editable = can.editMonitors(user.role);
  // Ongoing windows first, then the rest as the server ordered them.
  const items = data ? [...data.items].sort((a, b) => Number(b.activeNow) - Number(a.activeNow)) : undefined;
  const page = items ? { items, total: items.length, pageSize: items.length } : undefined;

  const create = async (input: MaintenanceWindowCreate) => {
    await api.post('/maintenance-windows', input);
    setCreating(false);
    reload();
  };
  const remove = async () => {
    if (!deleting) return;
    await api.del(`/maintenance-windows/${deleting.id}`);
    setDeleting(null);
    reload();
  };

  return (
    <section>
      <PageHeader
        title={t('maintenance.title')}
        subtitle={t('maintenance.subtitle')}
        actions={
          editable && (
            <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="maintenance-create">
              + {t('maintenance.create')}
            </button>
          )
        }
      />
      <ListCard
        data={page}
        loading={loading}
        error={error}
        empty={t('maintenance.none')}
        testId="maintenance-table"
        columns={[t('maintenance.scope'), t('maintenance.reason'), t('maintenance.schedule'), t('maintenance.status'), t('common.createdAt')]}
        actions={editable}
        row={(w) => (
          <tr key={w.id} data-testid="maintenance-row" className={w.activeNow ? 'row--active' : undefined}>
            <td data-label={t('maintenance.scope')} className="cell-title">
              <span className="cell-sub">{t(`maintenance.scopeShort.${w.scope}` as MessageKey)}</span>
              {SCOPE_PATH[w.scope] ? <Link to={`${SCOPE_PATH[w.scope]}/${w.scopeId}`}>{w.scopeName}</Link> : w.scopeName}
            </td>
            <td data-label={t('maintenance.reason')} className="break">
              {w.reason}
            </td>
            <td data-label={t('maintenance.schedule')}>{schedule(t, w)}</td>
            <td data-label={t('maintenance.status')}>
              {w.activeNow ? <span className="badge badge--warn">● {t('maintenance.active')}</span> : <span className="badge badge--muted">{t(w.weekdays ? 'maintenance.recurring' : 'maintenance.scheduled')}</span>}
            </td>
            <td data-label={t('common.createdAt')} className="nowrap">
              {formatDateTime(w.createdAt)}
            </td>
            {editable && (
              <td className="cell-actions">
                <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(w)} data-testid="maintenance-delete">
                  {t('common.delete')}
                </button>
              </td>
            )}
          </tr>
        )}
      />
      {creating && (
        <Dialog title={t('maintenance.create')} onClose={() => setCreating(false)} wide testId="maintenance-dialog">
          <MaintenanceForm onSubmit={create} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('maintenance.deleteTitle')}
          message={t('maintenance.deleteConfirm', { reason: deleting.reason })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
