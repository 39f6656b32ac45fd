import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useI18n } from '../../i18n/use-t.ts';
import type { NotificationChannel, SendOutcome } from './notification-types.ts';
import { SendOutcomeView } from './send-outcome.tsx';

const ADDRESSED = new Set(['email', 'telegram', 'sms']);

/** "Gửi thử": one message now through the channel, and what the receiver answered. */
export function ChannelTestDialog({ channel, onClose }: { channel: NotificationChannel; onClose(): void }) {
  const { t, locale } = useI18n();
  const [to, setTo] = useState('');
  const [result, setResult] = useState<SendOutcome | null>(null);
  const { busy, error, run } = useAsyncAction();
  const needsAddress = ADDRESSED.has(channel.kind);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    void run(async () => setResult(await api.post<SendOutcome>(`/notification-channels/${channel.id}/test`, { ...(needsAddress ? { to: to.trim() } : {}), locale })));
  };

  return (
    <Dialog title={t('notif.test.title', { name: channel.name })} onClose={onClose} testId="channel-test-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <ErrorBanner error={error} placedFields={['to']} />
        {needsAddress ? (
          <TextField label={t('notif.test.to')} value={to} onValue={setTo} hint={channel.addressHelp} required error={fieldError(error, 'to')} testId="channel-test-to" />
        ) : (
          <p className="muted">{t('notif.test.noAddress')}</p>
        )}
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || (needsAddress && !to.trim())} data-testid="channel-test-send">
            {busy ? t('notif.test.sending') : t('notif.test.send')}
          </button>
        </div>
      </form>
      {result && <SendOutcomeView outcome={result} />}
    </Dialog>
  );
}
