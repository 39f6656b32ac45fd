import { LanguageSwitch } from '../../app/language-switch.tsx';
import { useAuth, useUser } from '../../auth/use-auth.ts';
import { useT } from '../../i18n/use-t.ts';
import { PasswordForm } from '../account/password-form.tsx';

/** Shown instead of the app while the account still has an issued one-time password. */
export function ChangePasswordPage({ forced }: { forced?: boolean }) {
  const t = useT();
  const user = useUser();
  const { refresh, logout } = useAuth();
  return (
    <div className="auth-page">
      <div className="auth-page__lang">
        <LanguageSwitch />
      </div>
      <div className="auth-card" data-testid="change-password-page">
        <h1>{t('password.forcedTitle')}</h1>
        {forced && <p className="alert alert--info">{t('password.forcedText', { username: user.username })}</p>}
        <PasswordForm onChanged={refresh} />
        <button type="button" className="btn btn--ghost btn--block" onClick={() => void logout()}>
          {t('topbar.logout')}
        </button>
      </div>
    </div>
  );
}
