import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';

export type SecretMode = 'keep' | 'replace' | 'clear';
export interface SecretState {
  mode: SecretMode;
  value: string;
}

interface Props {
  label: string;
  /** The server has a value for it (it is never sent to the browser). */
  isSet: boolean;
  required?: boolean;
  multiline?: boolean;
  placeholder?: string;
  state: SecretState;
  onState(s: SecretState): void;
  error?: string | undefined;
  testId: string;
}

/** A write-only field: "đã đặt" with a Replace (and, if optional, Clear) button, or an input for the new value. */
export function SecretInput({ label, isSet, required, multiline, placeholder, state, onState, error, testId }: Props) {
  const t = useT();
  if (isSet && state.mode !== 'replace') {
    return (
      <div className="field" data-testid={testId}>
        <span className="field__label">{label}</span>
        <p>
          {state.mode === 'clear' ? (
            <span className="badge badge--warn">{t('notif.secret.willClear')}</span>
          ) : (
            <span className="badge badge--ok" data-testid={`${testId}-set`}>
              ✓ {t('notif.secret.set')}
            </span>
          )}{' '}
          <button type="button" className="btn btn--small" onClick={() => onState({ mode: 'replace', value: '' })} data-testid={`${testId}-replace`}>
            {t('notif.secret.replace')}
          </button>{' '}
          {!required && state.mode !== 'clear' && (
            <button type="button" className="btn btn--small" onClick={() => onState({ mode: 'clear', value: '' })}>
              {t('notif.secret.clear')}
            </button>
          )}
        </p>
        {error && <p className="field__error" role="alert">{error}</p>}
      </div>
    );
  }
  const hint = isSet ? t('notif.secret.replaceHint') : t('notif.secret.hint');
  const onValue = (value: string) => onState({ mode: 'replace', value });
  return multiline ? (
    <TextAreaField label={label} value={state.value} onValue={onValue} rows={3} placeholder={placeholder} hint={hint} error={error} testId={testId} required={required && !isSet} spellCheck={false} />
  ) : (
    <TextField label={label} value={state.value} onValue={onValue} type="password" autoComplete="new-password" placeholder={placeholder} hint={hint} error={error} testId={testId} required={required && !isSet} />
  );
}
