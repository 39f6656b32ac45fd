import { useT } from '../i18n/use-t.ts';
import { useAsyncAction } from '../lib/use-async-action.ts';
import { Dialog } from './dialog.tsx';
import { ErrorBanner } from './error-banner.tsx';

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before a destructive action and shows the server's refusal (e.g. 409) in place. */
export function ConfirmDialog({ title, message, confirmLabel, danger, onConfirm, onClose }: Props) {
  const t = useT();
  const { busy, error, run } = useAsyncAction();
  const confirm = () => void run(onConfirm);

  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} onClick={confirm} disabled={busy} data-testid="confirm-button">
            {busy ? t('common.working') : confirmLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
      <ErrorBanner error={error} />
    </Dialog>
  );
}
