import { FieldShell } from '../../components/form-fields.tsx';

interface Props {
  label: string;
  /** `YYYY-MM-DDTHH:mm`, Vietnam time, or '' */
  value: string;
  onValue(local: string): void;
  max?: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  testId?: string;
}

/**
 * The native date-time input: on a phone it opens the system's own picker, which is what a
 * reporter in the field needs. Its value is read as Vietnam time (see incident-time.ts).
 */
export function VnDateTimeField({ label, value, onValue, max, error, hint, required, testId }: Props) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required}>
      {(control) => <input {...control} type="datetime-local" value={value} max={max} step={60} onChange={(e) => onValue(e.target.value)} data-testid={testId} />}
    </FieldShell>
  );
}
