import { useEffect, useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { TextField } from './form-fields.tsx';

/** dd/mm/yyyy text to yyyy-mm-dd, or null when it is not a real calendar date. */
export function parseVnDate(text: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const toVn = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
};

interface Props {
  label: string;
  /** yyyy-mm-dd or '' */
  value: string;
  onValue(iso: string): void;
}

/**
 * A date typed as dd/mm/yyyy. The native date input shows the browser's own format
 * (mm/dd/yyyy on an English Windows), which is exactly the confusion this avoids.
 */
export function DateField({ label, value, onValue }: Props) {
  const t = useT();
  const [text, setText] = useState(toVn(value));
  useEffect(() => {
    if (parseVnDate(text) !== value) setText(toVn(value));
    // Only outside changes (back button, "clear filters") should overwrite what is being typed.
  }, [value]);

  const change = (v: string) => {
    setText(v);
    if (v.trim() === '') onValue('');
    else {
      const iso = parseVnDate(v);
      if (iso) onValue(iso);
    }
  };
  const invalid = text.trim() !== '' && parseVnDate(text) === null;
  return (
    <TextField
      label={label}
      value={text}
      onValue={change}
      placeholder={t('common.datePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      error={invalid ? t('common.dateInvalid') : undefined}
    />
  );
}
