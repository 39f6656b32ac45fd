import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { ROLES, type Page, type User } from '../../api/types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FilterSelect } from '../../components/filter-select.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { SearchBox } from '../../components/search-box.tsx';
import { SecretDialog } from '../../components/secret-dialog.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useSearchState } from '../../lib/use-search-state.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { UserForm, type UserFormValues } from './user-form.tsx';

const PAGE_SIZE = 50;
const KEYS = ['q', 'role', 'agencyId'] as const;

type Secret = { username: string; password: string };

export function UsersPage() {
  const t = useT();
  const me = useUser();
  const { values, page, set } = useSearchState(KEYS);
  const query = { ...values, page, pageSize: PAGE_SIZE, sort: 'username' };
  const { data, error, loading, reload } = useAsync((signal) => api.get<Page<User>>('/users', query, signal), JSON.stringify(query));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);

  const create = async (v: UserFormValues) => {
    const res = await api.post<{ user: User; oneTimePassword: string | null }>('/users', {
      username: v.username,
      displayName: v.displayName,
      email: v.email,
      role: v.role,
      agencyId: v.agencyId,
    });
    setCreating(false);
    reload();
    if (res.oneTimePassword) setSecret({ username: res.user.username, password: res.oneTimePassword });
  };
  const update = async (v: UserFormValues) => {
    if (!editing) return;
    // Only what changed: re-sending an unchanged role the editor may not grant would be refused.
    const patch: Record<string, unknown> = {};
    if (v.displayName !== editing.displayName) patch.displayName = v.displayName;
    if (v.email !== editing.email) patch.email = v.email;
    if (v.role !== editing.role) patch.role = v.role;
    if (v.agencyId !== editing.agencyId) patch.agencyId = v.agencyId;
    if (v.disabled !== editing.disabled) patch.disabled = v.disabled;
    if (Object.keys(patch).length > 0) await api.patch(`/users/${editing.id}`, patch);
    setEditing(null);
    reload();
  };
  const reset = async () => {
    if (!resetting) return;
    const res = await api.post<{ oneTimePassword: string }>(`/users/${resetting.id}/reset-password`);
    setSecret({ username: resetting.username, password: res.oneTimePassword });
    setResetting(null);
  };

  return (
    <section>
      <PageHeader
        title={t('user.title')}
        subtitle={data ? t('user.count', { n: data.total }) : undefined}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} data-testid="user-create">
            + {t('user.create')}
          </button>
        }
      />
      <div className="filters">
        <SearchBox value={values.q} onSearch={(q) => set({ q })} label={t('common.search')} placeholder={t('user.searchPlaceholder')} />
        <FilterSelect label={t('user.role')} value={values.role} onValue={(role) => set({ role })} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <AgencySelect label={t('user.agency')} value={values.agencyId} onValue={(agencyId) => set({ agencyId })} emptyLabel={t('common.all')} />
      </div>
      <ListCard
        data={data}
        loading={loading}
        error={error}
        testId="users-table"
        columns={[t('user.username'), t('user.displayName'), t('user.role'), t('user.agency'), t('user.status'), t('user.lastLogin')]}
        actions
        row={(u) => (
          <tr key={u.id} data-testid="user-row" data-username={u.username}>
            <td data-label={t('user.username')} className="cell-title">
              <code>{u.username}</code>
            </td>
            <td data-label={t('user.displayName')}>{u.displayName}</td>
            <td data-label={t('user.role')}>{t(`role.${u.role}`)}</td>
            <td data-label={t('user.agency')}>{u.agencyName ?? <span className="muted">{t('user.wholeTreeShort')}</span>}</td>
            <td data-label={t('user.status')}>
              <UserStatus user={u} />
            </td>
            <td data-label={t('user.lastLogin')}>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : <span className="muted">{t('user.never')}</span>}</td>
            <td className="cell-actions">
              <button type="button" className="btn btn--small" onClick={() => setEditing(u)} data-testid="user-edit">
                {t('common.edit')}
              </button>
              {u.id !== me.id && (
                <button type="button" className="btn btn--small" onClick={() => setResetting(u)} data-testid="user-reset">
                  {t('user.resetPassword')}
                </button>
              )}
            </td>
          </tr>
        )}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => set({ page: p })}
      />

      {creating && (
        <Dialog title={t('user.create')} onClose={() => setCreating(false)} wide>
          <UserForm submitLabel={t('common.create')} onSubmit={create} onCancel={() => setCreating(false)} />
        </Dialog>
      )}
      {editing && (
        <Dialog title={t('user.edit', { username: editing.username })} onClose={() => setEditing(null)} wide>
          <UserForm initial={editing} submitLabel={t('common.save')} onSubmit={update} onCancel={() => setEditing(null)} />
        </Dialog>
      )}
      {resetting && (
        <ConfirmDialog
          title={t('user.resetPassword')}
          message={t('user.resetConfirm', { username: resetting.username })}
          confirmLabel={t('user.resetPassword')}
          onConfirm={reset}
          onClose={() => setResetting(null)}
        />
      )}
      {secret && (
        <SecretDialog
          title={t('user.otpTitle')}
          explanation={t('user.otpText', { username: secret.username })}
          secret={secret.password}
          onClose={() => setSecret(null)}
        />
      )}
    </section>
  );
}

function UserStatus({ user: u }: { user: User }) {
  const t = useT();
  const locked = u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();
  return (
    <span className="tags">
      {u.disabled ? <span className="badge badge--muted">{t('user.disabledBadge')}</span> : <span className="badge badge--ok">{t('user.active')}</span>}
      {locked && <span className="badge badge--warn" title={formatDateTime(u.lockedUntil)}>{t('user.locked')}</span>}
      {u.mustChangePassword && <span className="badge">{t('user.mustChange')}</span>}
      {u.totpEnabled && <span className="badge badge--ok">2FA</span>}
    </span>
  );
}
