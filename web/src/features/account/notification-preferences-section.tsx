import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { TextField } from '../../components/form-fields.tsx';
import { Loading } from '../../components/status.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { ChannelBrief, Preferences, SendOutcome } from '../notifications/notification-types.ts';
import { PreferenceRulesEditor } from '../notifications/preference-rules-editor.tsx';
import { QuietHoursFields } from '../notifications/quiet-hours-fields.tsx';
import { SendOutcomeView } from '../notifications/send-outcome.tsx';

type TestResult = SendOutcome & { channelName: string; address: string };

/** Zones offered in the picker; any IANA zone can be typed. */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'UTC'];
}

/** "Nhận thông báo": my channels in order, quiet hours in my time zone, and a test sent to me. */
export function NotificationPreferencesSection() {
  const t = useT();
  const loaded = useAsync(
    async (signal) => {
      const [prefs, channels] = await Promise.all([
        api.get<Preferences>('/me/notification-preferences', undefined, signal),
        api.get<{ items: ChannelBrief[] }>('/me/notification-channels', undefined, signal),
      ]);
      return { prefs, channels: channels.items };
    },
    'my-notification-preferences',
  );
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [saved, setSaved] = useState(false);
  const [results, setResults] = useState<TestResult[] | null>(null);
  const save = useAsyncAction();
  const test = useAsyncAction();
  useEffect(() => {
    if (loaded.data) setPrefs(loaded.data.prefs);
  }, [loaded.data]);

  if (!prefs || !loaded.data) return <Shell>{loaded.error ? <ErrorBanner error={loaded.error} /> : <Loading />}</Shell>;
  const change = (patch: Partial<Preferences>) => {
    setPrefs({ ...prefs, ...patch });
    setSaved(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run(async () => {
      const body = {
        timeZone: prefs.timeZone.trim(),
        quietHours: prefs.quietHours,
        phone: prefs.phone?.trim() || null,
        rules: prefs.rules.map((r) => ({ channelId: r.channelId, address: r.address.trim(), minSeverity: r.minSeverity, enabled: r.enabled })),
      };
      setPrefs(await api.put<Preferences>('/me/notification-preferences', body));
      setSaved(true);
    });
  };
  const sendTest = () =>
    void test.run(async () => {
      setResults(null);
      setResults((await api.post<{ results: TestResult[] }>('/me/notification-preferences/test', {})).results);
    });

  return (
    <Shell>
    <form className="form" onSubmit={submit} noValidate data-testid="pref-form">
      <ErrorBanner error={save.error} placedFields={['timeZone', 'phone', 'quietHours', 'rules']} />
      {saved && (
        <p className="alert alert--success" role="status" data-testid="pref-saved">
          {t('notif.pref.saved')}
        </p>
      )}
      <p className="muted">{t('notif.pref.intro')}</p>
      <h3>{t('notif.pref.channels')}</h3>
      <PreferenceRulesEditor rules={prefs.rules} channels={loaded.data.channels} onRules={(rules) => change({ rules })} error={save.error} />
      <h3>{t('notif.pref.quietTitle')}</h3>
      <div className="form__grid">
        <TextField label={t('notif.pref.timeZone')} value={prefs.timeZone} onValue={(timeZone) => change({ timeZone })} list="vigil-time-zones" error={fieldError(save.error, 'timeZone')} testId="pref-timezone" />
        <TextField label={t('notif.pref.phone')} value={prefs.phone ?? ''} onValue={(phone) => change({ phone })} type="tel" autoComplete="tel" hint={t('notif.pref.phoneHint')} error={fieldError(save.error, 'phone')} testId="pref-phone" />
      </div>
      <datalist id="vigil-time-zones">
        {timeZones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <QuietHoursFields value={prefs.quietHours} onValue={(quietHours) => change({ quietHours })} error={save.error} />
      <FormActions submitLabel={t('notif.pref.save')} busy={save.busy} testId="pref-save" />
      <div className="form__actions">
        <button type="button" className="btn" onClick={sendTest} disabled={test.busy || prefs.rules.length === 0} data-testid="pref-test">
          {test.busy ? t('notif.test.sending') : t('notif.pref.testMe')}
        </button>
      </div>
      <ErrorBanner error={test.error} />
      {results?.map((r) => <SendOutcomeView key={`${r.channelName}|${r.address}`} outcome={r} label={`${r.channelName}${r.address ? ` (${r.address})` : ''}`} />)}
    </form>
    </Shell>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="acc-notifications" data-testid="account-notifications">
      <h2 id="acc-notifications">{t('notif.pref.title')}</h2>
      {children}
    </section>
  );
}
