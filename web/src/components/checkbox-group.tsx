import { useId } from 'react';

interface Option {
  value: string;
  label: string;
  testId?: string;
}

interface Props {
  label: string;
  hint?: string;
  options: readonly Option[];
  values: readonly string[];
  onValues(v: string[]): void;
  /** Shown under the hint, already translated. */
  error?: string | undefined;
  className?: string;
}

/** A few related on/off choices as chips, one legend, one hint (e.g. DNS record types, cloaking variants). */
export function CheckboxGroup({ label, hint, options, values, onValues, error, className }: Props) {
  const hintId = useId();
  return (
    <fieldset className={`checkbox-group ${className ?? ''}`} aria-describedby={hint ? hintId : undefined}>
      <legend className="field__label">{label}</legend>
      <div className="checkbox-group__items">
        {options.map((o) => (
          <label key={o.value} className="checkbox-chip">
            <input
              type="checkbox"
              checked={values.includes(o.value)}
              onChange={(e) => onValues(e.target.checked ? [...values, o.value] : values.filter((x) => x !== o.value))}
              data-testid={o.testId}
            />
            {o.label}
          </label>
        ))}
      </div>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}
