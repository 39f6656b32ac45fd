import { useT } from '../i18n/use-t.ts';

interface Props {
  submitLabel: string;
  busy: boolean;
  /** Disabled for a reason other than a request in flight, e.g. a required field is empty. */
  disabled?: boolean;
  /** Shows a Cancel button; omitted where there is nothing to go back to. */
  onCancel?: () => void;
  testId?: string;
}

/** The buttons under a form: Cancel, then the submit button, which says "saving" while busy. */
export function FormActions({ submitLabel, busy, disabled, onCancel, testId }: Props) {
  const t = useT();
  return (
    <div className="form__actions">
      {onCancel && (
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <button type="submit" className="btn btn--primary" disabled={busy || disabled} data-testid={testId}>
        {busy ? t('common.saving') : submitLabel}
      </button>
    </div>
  );
}
