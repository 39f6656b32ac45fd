import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import type { TotpSetup } from '../../api/types.ts';
import { useAuth, useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { OneTimeCodeField } from '../../components/form-fields.tsx';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';

/** SVG text to an image source: the markup is never put into our DOM, only decoded by <img>. */
function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export function TotpSection() {
  const t = useT();
  const user = useUser();
  const { refresh } = useAuth();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAsyncAction();
  const [notice, setNotice] = useState<string | null>(null);

  const act = (fn: () => Promise<void>) => {
    setNotice(null);
    return run(fn);
  };

  const start = () => act(async () => setSetup(await api.post<TotpSetup>('/auth/totp/setup')));
  const enable = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api.post('/auth/totp/enable', { code });
      setSetup(null);
      setCode('');
      setNotice(t('totp.enabled'));
      await refresh();
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await api.post('/auth/totp/disable', { code });
      setCode('');
      setNotice(t('totp.disabled'));
      await refresh();
    });
  };

  const codeField = <OneTimeCodeField label={t('totp.code')} value={code} onValue={setCode} error={fieldError(error, 'code')} testId="totp-code" />;

  return (
    <div data-testid="totp-section">
      <p>
        {t('totp.status')}: <strong className={user.totpEnabled ? 'text-ok' : 'text-warn'}>{user.totpEnabled ? t('totp.on') : t('totp.off')}</strong>
      </p>
      {notice && <p className="alert alert--success" role="status">{notice}</p>}
      <ErrorBanner error={error} placedFields={['code']} />
      {user.totpEnabled ? (
        <form className="form form--inline" onSubmit={disable}>
          <p className="muted">{t('totp.disableText')}</p>
          {codeField}
          <button type="submit" className="btn btn--danger" disabled={busy || code.length !== 6}>
            {t('totp.disable')}
          </button>
        </form>
      ) : setup ? (
        <form className="form totp-setup" onSubmit={enable}>
          <ol className="totp-setup__steps">
            <li>{t('totp.step1')}</li>
            <li>{t('totp.step2')}</li>
          </ol>
          <div className="totp-setup__qr">
            <img src={svgDataUri(setup.qrSvg)} alt={t('totp.qrAlt')} width={200} height={200} data-testid="totp-qr" />
            <div>
              <p className="small muted">{t('totp.manual')}</p>
              <code className="secret__value break" data-testid="totp-secret">{setup.secret}</code>
            </div>
          </div>
          {codeField}
          <div className="form__actions">
            <button type="button" className="btn" onClick={() => setSetup(null)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn--primary" disabled={busy || code.length !== 6} data-testid="totp-enable">
              {t('totp.enable')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="muted">{t('totp.intro')}</p>
          <button type="button" className="btn btn--primary" onClick={() => void start()} disabled={busy} data-testid="totp-start">
            {t('totp.start')}
          </button>
        </>
      )}
    </div>
  );
}
