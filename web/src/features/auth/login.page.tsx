import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error.ts';
import { LanguageSwitch } from '../../app/language-switch.tsx';
import { useAuth } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { OneTimeCodeField, PasswordField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';

export function LoginPage() {
  const t = useT();
  const { login, sessionExpired } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const totpRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await login({ username: username.trim(), password, ...(needTotp && totp ? { totp } : {}) });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401 && err.code === 'totp_required') {
        setNeedTotp(true);
        setMessage({ tone: 'info', text: t('login.totpPrompt') });
        setTimeout(() => totpRef.current?.focus(), 0);
        return;
      }
      if (err instanceof ApiError && err.status === 401) {
        setMessage({ tone: 'error', text: needTotp && totp ? t('login.badCode') : t('login.badCredentials') });
        setTotp('');
        return;
      }
      if (err instanceof ApiError && err.status === 429) {
        const minutes = err.retryAfter ? Math.max(1, Math.ceil(err.retryAfter / 60)) : null;
        setMessage({ tone: 'error', text: minutes ? t('login.lockedFor', { minutes }) : t('login.locked') });
        return;
      }
      setError(err);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-page__lang">
        <LanguageSwitch />
      </div>
      <form className="auth-card" onSubmit={submit} noValidate data-testid="login-form">
        <div className="auth-card__brand">
          <img src="/favicon.svg" alt="" width="44" height="44" />
          <div>
            <h1>Vigil</h1>
            <p>{t('login.tagline')}</p>
          </div>
        </div>
        <h2>{t('login.title')}</h2>
        {sessionExpired && !message && <p className="alert alert--info">{t('login.sessionExpired')}</p>}
        {message && (
          <p className={`alert alert--${message.tone}`} role="alert" data-testid="login-message">
            {message.text}
          </p>
        )}
        <ErrorBanner error={error} />
        <TextField
          label={t('login.username')}
          value={username}
          onValue={setUsername}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          testId="login-username"
        />
        <PasswordField label={t('login.password')} value={password} onValue={setPassword} autoComplete="current-password" testId="login-password" />
        {needTotp && <OneTimeCodeField ref={totpRef} label={t('login.totp')} hint={t('login.totpHint')} value={totp} onValue={setTotp} testId="login-totp" />}
        <button className="btn btn--primary btn--block" type="submit" disabled={busy || !username || !password || (needTotp && totp.length !== 6)} data-testid="login-submit">
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
