import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';

interface Props {
  /** API path answering `{ url }`: a roster's or the caller's own calendar link. */
  path: string;
  label: string;
  testId?: string;
}

/**
 * Asks the server for a signed feed URL and shows it to copy into a calendar app. Fetched on
 * demand: the URL is a credential, so it is not put on the page until someone asks for it.
 */
export function CalendarLinkButton({ path, label, testId }: Props) {
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const { busy, error, run, clearError } = useAsyncAction();
  const open = () =>
    run(async () => {
      setCopied(false);
      setUrl((await api.get<{ url: string }>(path)).url);
    });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url ?? '');
      setCopied(true);
    } catch {
      // Clipboard blocked (plain HTTP, policies): the URL is selectable text anyway.
    }
  };
  return (
    <>
      <button type="button" className="btn btn--small" onClick={() => void open()} disabled={busy} data-testid={testId}>
        {label}
      </button>
      {(url || error) && (
        <Dialog title={t('duty.calendar.title')} onClose={() => { setUrl(null); clearError(); }} testId="calendar-link-dialog">
          <ErrorBanner error={error} />
          {url && (
            <>
              <p>{t('duty.calendar.text')}</p>
              <div className="secret">
                <code className="secret__value break" data-testid="calendar-link-url">{url}</code>
                <button type="button" className="btn btn--small" onClick={() => void copy()}>
                  {copied ? t('duty.calendar.copied') : t('duty.calendar.copy')}
                </button>
              </div>
            </>
          )}
        </Dialog>
      )}
    </>
  );
}
