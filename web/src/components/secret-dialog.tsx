import { useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { Dialog } from './dialog.tsx';

interface Props {
  title: string;
  explanation: string;
  secret: string;
  onClose(): void;
}

/** Shows a one-time password or API token exactly once, with a copy button. */
export function SecretDialog({ title, explanation, secret, onClose }: Props) {
  const t = useT();
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // Clipboard needs a secure context; the text is selectable either way.
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="secret-dialog"
      footer={
        <button type="button" className="btn btn--primary" onClick={onClose} data-testid="secret-done">
          {t('secret.done')}
        </button>
      }
    >
      <p>{explanation}</p>
      <div className="secret">
        <code className="secret__value" data-testid="secret-value">{secret}</code>
        <button type="button" className="btn btn--small" onClick={copy}>
          {copied ? t('secret.copied') : t('secret.copy')}
        </button>
      </div>
      <p className="alert alert--warning">{t('secret.onlyOnce')}</p>
    </Dialog>
  );
}
