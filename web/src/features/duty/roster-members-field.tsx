import { useState } from 'react';
import { SelectField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { DutyPerson } from './duty-types.ts';

interface Props {
  members: string[];
  onMembers(ids: string[]): void;
  people: readonly DutyPerson[];
  /** Field errors by index (`members/1`), already translated. */
  errorAt(index: number): string | undefined;
  error?: string | undefined;
}

/** The rotation order: people picked from the agency's users, moved up and down, removed. */
export function RosterMembersField({ members, onMembers, people, errorAt, error }: Props) {
  const t = useT();
  const [pick, setPick] = useState('');
  const name = (id: string) => people.find((p) => p.id === id)?.displayName ?? id;
  const move = (i: number, by: -1 | 1) => {
    const next = [...members];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onMembers(next);
  };
  const add = () => {
    if (pick && !members.includes(pick)) onMembers([...members, pick]);
    setPick('');
  };
  const options = people.filter((p) => !members.includes(p.id)).map((p) => ({ value: p.id, label: p.agencyName ? `${p.displayName} — ${p.agencyName}` : p.displayName }));
  return (
    <fieldset className="fieldset span-2" data-testid="roster-members">
      <legend className="field__label">
        {t('duty.roster.members')}
        <span className="field__required" aria-hidden="true"> *</span>
      </legend>
      {members.length === 0 ? (
        <p className="muted">{t('duty.roster.noMembers')}</p>
      ) : (
        <ol className="duty-members">
          {members.map((id, i) => (
            <li key={id} data-testid="roster-member">
              <span className="duty-members__name">
                {name(id)}
                {errorAt(i) && <span className="field__error" role="alert"> {errorAt(i)}</span>}
              </span>
              <span className="duty-members__buttons">
                <button type="button" className="btn btn--small" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`${t('duty.roster.moveUp')}: ${name(id)}`}>↑</button>
                <button type="button" className="btn btn--small" onClick={() => move(i, 1)} disabled={i === members.length - 1} aria-label={`${t('duty.roster.moveDown')}: ${name(id)}`}>↓</button>
                <button type="button" className="btn btn--small btn--danger" onClick={() => onMembers(members.filter((m) => m !== id))} aria-label={`${t('duty.roster.remove')}: ${name(id)}`}>×</button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {error && <p className="field__error" role="alert">{error}</p>}
      <div className="duty-inline">
        <SelectField label={t('duty.roster.pickMember')} value={pick} onValue={setPick} options={options} emptyLabel={t('common.choose')} testId="roster-member-pick" />
        <button type="button" className="btn" onClick={add} disabled={!pick} data-testid="roster-member-add">
          + {t('duty.roster.addMember')}
        </button>
      </div>
    </fieldset>
  );
}
