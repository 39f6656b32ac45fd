import { useEffect, useState } from 'react';
import { TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';

/** `dd/mm/yyyy hh:mm` (also `d/m/yyyy h:mm`, `.` or `-` between date parts) → `YYYY-MM-DDTHH:mm`, or null. */
export function parseVnDateTime(text: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s+(\d{1,2})[:hH.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d || h > 23 || mi > 59) return null;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}`;
}

export function toVnDateTime(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : '';
}

interface Props {
  label: string;
  /** `YYYY-MM-DDTHH:mm` or '' */
  value: string;
  onValue(local: string): void;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  testId?: string;
}

/**
 * A local wall-clock date and time typed as dd/mm/yyyy hh:mm. The native datetime-local input
 * shows the browser's own format (mm/dd on an English Windows) — the confusion DateField avoids.
 */
export function LocalDateTimeField({ label, value, onValue, error, hint, required, testId }: Props) {
  const t = useT();
  const [text, setText] = useState(toVnDateTime(value));
  useEffect(() => {
    if (parseVnDateTime(text) !== value) setText(toVnDateTime(value));
    // Only outside changes should overwrite what is being typed.
  }, [value]);
  const change = (v: string) => {
    setText(v);
    if (v.trim() === '') onValue('');
    else {
      const local = parseVnDateTime(v);
      if (local) onValue(local);
    }
  };
  const invalid = text.trim() !== '' && parseVnDateTime(text) === null;
  return (
    <TextField
      label={label}
      value={text}
      onValue={change}
      placeholder={t('duty.dateTimePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={16}
      required={required}
      hint={hint}
      error={invalid ? t('duty.dateTimeInvalid') : error}
      testId={testId}
    />
  );
}
