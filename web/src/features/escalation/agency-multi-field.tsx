import { useState } from 'react';
import { translateServerMessage } from '../../i18n/server-messages.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';

interface Props {
  label: string;
  hint?: string;
  values: string[];
  onValues(ids: string[]): void;
  /** Shown when nothing is chosen ("all agencies"). */
  emptyText: string;
  error?: string | undefined;
  testId: string;
}

/** Several agencies picked one at a time from the tree select, shown as removable chips. */
export function AgencyMultiField({ label, hint, values, onValues, emptyText, error, testId }: Props) {
  const t = useT();
  const { byId } = useAgencyTree();
  const [pick, setPick] = useState('');
  const add = (id: string) => {
    if (id && !values.includes(id)) onValues([...values, id]);
    setPick('');
  };
  return (
    <fieldset className="fieldset span-2 esc-agencies" data-testid={testId}>
      <legend className="field__label">{label}</legend>
      {values.length === 0 ? (
        <p className="muted small">{emptyText}</p>
      ) : (
        <ul className="esc-chips">
          {values.map((id) => (
            <li key={id} className="esc-chip" data-testid={`${testId}-chip`}>
              {byId.get(id)?.name ?? id}
              <button type="button" className="btn btn--small btn--ghost" onClick={() => onValues(values.filter((v) => v !== id))} aria-label={`${t('common.delete')}: ${byId.get(id)?.name ?? id}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <AgencySelect label={t('esc.addAgency')} value={pick} onValue={add} emptyLabel={t('common.choose')} exclude={new Set(values)} testId={`${testId}-pick`} />
      {hint && <p className="field__hint">{hint}</p>}
      {error && (
        <p className="field__error" role="alert">
          {translateServerMessage(t, error)}
        </p>
      )}
    </fieldset>
  );
}
