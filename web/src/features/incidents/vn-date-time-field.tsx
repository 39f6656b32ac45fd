import { FieldShell } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { vnLocalToIso } from './incident-time.ts';

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
 * reporter in the field needs. Its value is read as Vietnam time (see incident-time.ts). The
 * input draws the date in the browser's own format (mm/dd on an English system), so the hint
 * repeats the chosen time as dd/mm/yyyy hh:mm.
 */
export function VnDateTimeField({ label, value, onValue, max, error, hint, required, testId }: Props) {
  const t = useT();
  const iso = vnLocalToIso(value);
  return (
    <FieldShell label={label} error={error} hint={iso ? t('inc.form.chosenTime', { time: formatDateTime(iso) }) : hint} required={required}>
      {(control) => <input {...control} type="datetime-local" value={value} max={max} step={60} onChange={(e) => onValue(e.target.value)} data-testid={testId} />}
    </FieldShell>
  );
}
