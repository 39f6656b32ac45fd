import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import type { ApiToken } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { SecretDialog } from '../../components/secret-dialog.tsx';
import { Empty, Loading } from '../../components/status.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';

const EXPIRY_DAYS = ['30', '90', '365', ''];

export function ApiTokensSection() {
  const t = useT();
  const { data, error, loading, reload } = useAsync((signal) => api.get<{ items: ApiToken[] } | ApiToken[]>('/tokens', undefined, signal), 'tokens');
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('90');
  const { busy, error: createError, run } = useAsyncAction();
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  // Tolerate either a bare array or {items}: the list endpoint's shape is not pinned in the contracts.
  const tokens = Array.isArray(data) ? data : (data?.items ?? []);

  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.post<{ token: string; apiToken: ApiToken }>('/tokens', { name: name.trim(), ...(expires ? { expiresInDays: Number(expires) } : {}) });
      setCreated(res.token);
      setName('');
      reload();
    });
  };

  const status = (tok: ApiToken) => {
    if (tok.revokedAt) return <span className="badge badge--muted">{t('token.revoked')}</span>;
    if (tok.expiresAt && new Date(tok.expiresAt).getTime() < Date.now()) return <span className="badge badge--warn">{t('token.expired')}</span>;
    return <span className="badge badge--ok">{t('token.active')}</span>;
  };

  return (
    <div data-testid="tokens-section">
      <p className="muted">{t('token.intro')}</p>
      <form className="form form--inline" onSubmit={create}>
        <ErrorBanner error={createError} placedFields={['name', 'expiresInDays']} />
        <TextField label={t('token.name')} value={name} onValue={setName} required maxLength={100} placeholder={t('token.namePlaceholder')} error={fieldError(createError, 'name')} testId="token-name" />
        <SelectField
          label={t('token.expiresIn')}
          value={expires}
          onValue={setExpires}
          options={EXPIRY_DAYS.map((d) => ({ value: d, label: d ? t('token.days', { n: d }) : t('token.never') }))}
        />
        <button type="submit" className="btn btn--primary" disabled={busy || !name.trim()} data-testid="token-create">
          {t('token.create')}
        </button>
      </form>
      <ErrorBanner error={error} />
      {loading && !data ? (
        <Loading />
      ) : tokens.length === 0 ? (
        <Empty text={t('token.none')} />
      ) : (
        <table className="table table--cards" data-testid="tokens-table">
          <TableHead columns={[t('token.name'), t('token.prefix'), t('common.createdAt'), t('token.lastUsed'), t('token.expires'), t('user.status')]} actions />
          <tbody>
            {tokens.map((tok) => (
              <tr key={tok.id}>
                <td data-label={t('token.name')} className="cell-title">{tok.name}</td>
                <td data-label={t('token.prefix')}><code>{tok.prefix}…</code></td>
                <td data-label={t('common.createdAt')}>{formatDateTime(tok.createdAt)}</td>
                <td data-label={t('token.lastUsed')}>{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt) : '—'}</td>
                <td data-label={t('token.expires')}>{tok.expiresAt ? formatDate(tok.expiresAt) : t('token.never')}</td>
                <td data-label={t('user.status')}>{status(tok)}</td>
                <td className="cell-actions">
                  {!tok.revokedAt && (
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setRevoking(tok)}>
                      {t('token.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {created && <SecretDialog title={t('token.createdTitle')} explanation={t('token.createdText')} secret={created} onClose={() => setCreated(null)} />}
      {revoking && (
        <ConfirmDialog
          title={t('token.revoke')}
          message={t('token.revokeConfirm', { name: revoking.name })}
          confirmLabel={t('token.revoke')}
          danger
          onConfirm={async () => {
            await api.del(`/tokens/${revoking.id}`);
            setRevoking(null);
            reload();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </div>
  );
}
