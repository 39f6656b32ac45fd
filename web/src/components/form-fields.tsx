import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { translateServerMessage } from '../i18n/server-messages.ts';
import { useT } from '../i18n/use-t.ts';

/**
 * Labelled inputs with their error and hint wired through aria-describedby, so screen readers
 * announce the server's complaint with the field and every input has a visible label.
 */
interface FieldShellProps {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean | undefined;
  className?: string | undefined;
  children: (control: ControlProps) => ReactNode;
}

/** What FieldShell hands its input, select or textarea to spread: the id and the aria wiring. */
interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  required: boolean | undefined;
}

export function FieldShell({ label, error, hint, required, className, children }: FieldShellProps) {
  const id = useId();
  const t = useT();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="field__required" aria-hidden="true"> *</span>}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, required })}
      {hint && <p id={hintId} className="field__hint">{hint}</p>}
      {error && <p id={errId} className="field__error" role="alert">{translateServerMessage(t, error)}</p>}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>;

interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onValue(v: string): void;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({ label, value, onValue, error, hint, required, className, testId, ref, ...rest }: TextFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {(control) => <input ref={ref} {...control} value={value} onChange={(e) => onValue(e.target.value)} data-testid={testId} {...rest} />}
    </FieldShell>
  );
}

interface PasswordFieldProps extends Omit<TextFieldProps, 'type' | 'autoComplete'> {
  /** Required: it is how password managers tell "fill in the saved one" from "offer to save a new one". */
  autoComplete: 'current-password' | 'new-password';
}

export function PasswordField(props: PasswordFieldProps) {
  return <TextField type="password" required {...props} />;
}

type OneTimeCodeFieldProps = Omit<TextFieldProps, 'inputMode' | 'autoComplete' | 'pattern' | 'maxLength' | 'required'>;

/** The six digits of an authenticator code; spaces or dashes typed or pasted along with them are dropped. */
export function OneTimeCodeField({ onValue, ...props }: OneTimeCodeFieldProps) {
  return (
    <TextField
      {...props}
      onValue={(v) => onValue(v.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      required
    />
  );
}

interface TextAreaFieldProps {
  label: string;
  value: string;
  onValue(v: string): void;
  error?: string | undefined;
  hint?: string | undefined;
  rows?: number;
  required?: boolean;
  placeholder?: string;
  className?: string;
  testId?: string;
  spellCheck?: boolean;
}

export function TextAreaField({ label, value, onValue, error, hint, rows = 4, required, placeholder, className, testId, spellCheck }: TextAreaFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {(control) => (
        <textarea {...control} value={value} rows={rows} placeholder={placeholder} spellCheck={spellCheck} onChange={(e) => onValue(e.target.value)} data-testid={testId} />
      )}
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

interface SelectFieldProps {
  label: string;
  value: string;
  onValue(v: string): void;
  options: readonly Option[];
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  /** Label of an empty first option ("any", "none"); omitted when a choice is mandatory. */
  emptyLabel?: string;
  className?: string;
  testId?: string;
  disabled?: boolean;
}

export function SelectField({ label, value, onValue, options, error, hint, required, emptyLabel, className, testId, disabled }: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onValue(e.target.value)} disabled={disabled} data-testid={testId}>
          {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChecked(v: boolean): void;
  hint?: string;
  testId?: string;
}

export function CheckboxField({ label, checked, onChecked, hint, testId }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field field--checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChecked(e.target.checked)} data-testid={testId} />
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field__hint">{hint}</p>}
    </div>
  );
}
