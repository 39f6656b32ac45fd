import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { ChannelForm } from './channel-form.tsx';
import { ChannelTestDialog } from './channel-test-dialog.tsx';
import type { NotificationChannel } from './notification-types.ts';

/** "Kênh thông báo": SMTP relays, bots, webhooks and SMS gateways, for administrators. */
export function ChannelsPage() {
  const t = useT();
  const { data, error, loading, reload } = useAsync((signal) => api.get<{ items: NotificationChannel[] }>('/notification-channels', undefined, signal), 'channels');
  const [editing, setEditing] = useState<NotificationChannel | 'new' | null>(null);
  const [testing, setTesting] = useState<NotificationChannel | null>(null);
  const [deleting, setDeleting] = useState<NotificationChannel | null>(null);
  const action = useAsyncAction();
  const items = data?.items;
  const page = items ? { items, total: items.length, pageSize: items.length } : undefined;

  const toggle = (c: NotificationChannel) =>
    void action.run(async () => {
      await api.patch(`/notification-channels/${c.id}`, { enabled: !c.enabled });
      reload();
    });
  const remove = async () => {
    if (!deleting) return;
    await api.del(`/notification-channels/${deleting.id}`);
    setDeleting(null);
    reload();
  };

  return (
    <section>
      <PageHeader
        title={t('notif.channels.title')}
        subtitle={t('notif.channels.subtitle')}
        actions={
          <>
            <Link className="btn" to="/notifications/deliveries">
              {t('notif.nav.deliveries')}
            </Link>{' '}
            <button type="button" className="btn btn--primary" onClick={() => setEditing('new')} data-testid="channel-create">
              + {t('notif.channels.create')}
            </button>
          </>
        }
      />
      <ErrorBanner error={action.error} />
      <ListCard
        data={page}
        loading={loading}
        error={error}
        empty={t('notif.channels.none')}
        testId="channels-table"
        columns={[t('notif.channel.name'), t('notif.channel.kind'), t('notif.channel.state'), t('notif.channel.secrets'), t('notif.channel.deliveries')]}
        actions
        row={(c) => (
          <tr key={c.id} data-testid="channel-row" data-name={c.name}>
            <td data-label={t('notif.channel.name')} className="cell-title break">
              {c.name}
            </td>
            <td data-label={t('notif.channel.kind')}>{t(`notif.kind.${c.kind}` as MessageKey)}</td>
            <td data-label={t('notif.channel.state')}>
              <span className={`badge ${c.enabled ? 'badge--ok' : 'badge--muted'}`}>{c.enabled ? t('notif.channel.on') : t('notif.channel.off')}</span>
            </td>
            <td data-label={t('notif.channel.secrets')}>
              {c.secretFields.length === 0
                ? '—'
                : c.secretFields.map((k) => (
                    <span key={k} className={`badge ${c.secretsSet.includes(k) ? 'badge--ok' : 'badge--muted'}`} title={t(`notif.cfg.${k}` as MessageKey)}>
                      {t(`notif.cfg.${k}` as MessageKey)}: {c.secretsSet.includes(k) ? t('notif.secret.set') : t('notif.secret.unset')}
                    </span>
                  ))}
            </td>
            <td data-label={t('notif.channel.deliveries')}>
              {c.deliveries}
              {c.dead > 0 && (
                <>
                  {' · '}
                  <Link to={`/notifications/deliveries?channelId=${c.id}`} className="badge badge--danger">
                    {t('notif.channel.dead', { n: c.dead })}
                  </Link>
                </>
              )}
            </td>
            <td className="cell-actions">
              <button type="button" className="btn btn--small" onClick={() => setTesting(c)} data-testid="channel-test">
                {t('notif.test.button')}
              </button>
              <button type="button" className="btn btn--small" onClick={() => setEditing(c)} data-testid="channel-edit">
                {t('common.edit')}
              </button>
              <button type="button" className="btn btn--small" onClick={() => toggle(c)} disabled={action.busy} data-testid="channel-toggle">
                {c.enabled ? t('notif.channel.disable') : t('notif.channel.enable')}
              </button>
              <button type="button" className="btn btn--small btn--danger" onClick={() => setDeleting(c)} data-testid="channel-delete">
                {t('common.delete')}
              </button>
            </td>
          </tr>
        )}
      />
      {editing && (
        <Dialog title={editing === 'new' ? t('notif.channels.create') : t('notif.channels.edit', { name: editing.name })} onClose={() => setEditing(null)} wide testId="channel-dialog">
          <ChannelForm
            {...(editing === 'new' ? {} : { channel: editing })}
            onSaved={() => {
              setEditing(null);
              reload();
            }}
            onCancel={() => setEditing(null)}
          />
        </Dialog>
      )}
      {testing && <ChannelTestDialog channel={testing} onClose={() => setTesting(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t('notif.channels.deleteTitle')}
          message={deleting.deliveries > 0 ? t('notif.channels.deleteUsed', { name: deleting.name, n: deleting.deliveries }) : t('notif.channels.deleteConfirm', { name: deleting.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={remove}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
