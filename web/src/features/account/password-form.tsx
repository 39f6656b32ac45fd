import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { PasswordField } from '../../components/form-fields.tsx';
import { useUser } from '../../auth/use-auth.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';

const MIN_LENGTH = 10;

export function PasswordForm({ onChanged }: { onChanged(): void | Promise<void> }) {
  const t = useT();
  const user = useUser();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, run } = useAsyncAction();
  const [done, setDone] = useState(false);

  const tooShort = next.length > 0 && next.length < MIN_LENGTH;
  const mismatch = confirm.length > 0 && confirm !== next;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tooShort || mismatch || !current || !next) return;
    setDone(false);
    void run(async () => {
      await api.post('/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      await onChanged();
    });
  };

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="password-form">
      {done && <p className="alert alert--success" role="status">{t('password.changed')}</p>}
      <ErrorBanner error={error} placedFields={['currentPassword', 'newPassword']} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
      <PasswordField label={t('password.current')} value={current} onValue={setCurrent} autoComplete="current-password" error={fieldError(error, 'currentPassword')} testId="password-current" />
      <PasswordField
        label={t('password.new')}
        value={next}
        onValue={setNext}
        autoComplete="new-password"
        minLength={MIN_LENGTH}
        hint={t('password.rule', { min: MIN_LENGTH })}
        error={tooShort ? t('password.tooShort', { min: MIN_LENGTH }) : fieldError(error, 'newPassword')}
        testId="password-new"
      />
      <PasswordField
        label={t('password.confirm')}
        value={confirm}
        onValue={setConfirm}
        autoComplete="new-password"
        error={mismatch ? t('password.mismatch') : undefined}
        testId="password-confirm"
      />
      <FormActions submitLabel={t('password.submit')} busy={busy} disabled={!current || !next || tooShort || mismatch || confirm !== next} testId="password-submit" />
    </form>
  );
}
