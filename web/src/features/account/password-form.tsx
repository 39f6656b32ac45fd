import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { useUser } from '../../auth/use-auth.ts';
import { useT } from '../../i18n/use-t.ts';

const MIN_LENGTH = 10;

export function PasswordForm({ onChanged }: { onChanged(): void | Promise<void> }) {
  const t = useT();
  const user = useUser();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const tooShort = next.length > 0 && next.length < MIN_LENGTH;
  const mismatch = confirm.length > 0 && confirm !== next;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tooShort || mismatch || !current || !next) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.post('/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      await onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="password-form">
      {done && <p className="alert alert--success" role="status">{t('password.changed')}</p>}
      <ErrorBanner error={error} placedFields={['currentPassword', 'newPassword']} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      <TextField
        label={t('password.current')}
        type="password"
        value={current}
        onValue={setCurrent}
        autoComplete="current-password"
        required
        error={fieldError(error, 'currentPassword')}
        testId="password-current"
      />
      <TextField
        label={t('password.new')}
        type="password"
        value={next}
        onValue={setNext}
        autoComplete="new-password"
        required
        minLength={MIN_LENGTH}
        hint={t('password.rule', { min: MIN_LENGTH })}
        error={tooShort ? t('password.tooShort', { min: MIN_LENGTH }) : fieldError(error, 'newPassword')}
        testId="password-new"
      />
      <TextField
        label={t('password.confirm')}
        type="password"
        value={confirm}
        onValue={setConfirm}
        autoComplete="new-password"
        required
        error={mismatch ? t('password.mismatch') : undefined}
        testId="password-confirm"
      />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy || !current || !next || tooShort || mismatch || confirm !== next} data-testid="password-submit">
          {busy ? t('common.saving') : t('password.submit')}
        </button>
      </div>
    </form>
  );
}
