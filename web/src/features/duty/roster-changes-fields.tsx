import { SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { DutyPerson, Override, ShiftView, Swap } from './duty-types.ts';
import { zonedDateTime, zonedTime } from './duty-time.ts';
import { LocalDateTimeField } from './local-date-time-field.tsx';

interface OverridesProps {
  overrides: Override[];
  onOverrides(list: Override[]): void;
  people: readonly DutyPerson[];
  errorAt(field: string): string | undefined;
}

/** Trực thay: someone covers [from, to), replacing whoever the rotation put there (or filling a gap). */
export function OverridesField({ overrides, onOverrides, people, errorAt }: OverridesProps) {
  const t = useT();
  const set = (i: number, patch: Partial<Override>) => onOverrides(overrides.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <fieldset className="fieldset span-2" data-testid="roster-overrides">
      <legend className="field__label">{t('duty.overrides.title')}</legend>
      <p className="field__hint">{t('duty.overrides.hint')}</p>
      {overrides.length === 0 && <p className="muted">{t('duty.overrides.none')}</p>}
      <div className="duty-rows">
        {overrides.map((o, i) => (
          <div className="duty-row" key={o.id ?? `new-${i}`} data-testid="roster-override">
            <SelectField
              label={t('duty.overrides.person')}
              value={o.personId}
              onValue={(v) => set(i, { personId: v })}
              options={people.map((p) => ({ value: p.id, label: p.displayName }))}
              emptyLabel={t('common.choose')}
              required
              error={errorAt(`overrides/${i}/personId`) ?? errorAt(`overrides/${i}`)}
              testId="override-person"
            />
            <LocalDateTimeField label={t('duty.overrides.from')} value={o.from} onValue={(v) => set(i, { from: v })} required error={errorAt(`overrides/${i}/from`)} testId="override-from" />
            <LocalDateTimeField label={t('duty.overrides.to')} value={o.to} onValue={(v) => set(i, { to: v })} required error={errorAt(`overrides/${i}/to`)} testId="override-to" />
            <TextField label={t('duty.overrides.reason')} value={o.reason ?? ''} onValue={(v) => set(i, { reason: v })} maxLength={500} error={errorAt(`overrides/${i}/reason`)} />
            <button type="button" className="btn btn--small btn--danger" onClick={() => onOverrides(overrides.filter((_, j) => j !== i))}>
              {t('duty.roster.remove')}
            </button>
          </div>
        ))}
      </div>
      <button type="button" className="btn" onClick={() => onOverrides([...overrides, { personId: '', from: '', to: '' }])} data-testid="override-add">
        + {t('duty.overrides.add')}
      </button>
    </fieldset>
  );
}

interface SwapsProps {
  swaps: Swap[];
  onSwaps(list: Swap[]): void;
  /** The roster's rotation shifts as last saved; null while creating (nothing to swap yet). */
  shifts: readonly ShiftView[] | null;
  timeZone: string;
  errorAt(field: string): string | undefined;
}

/** Đổi ca: two rotation shifts change hands. Shifts are named by the ids the schedule gave them. */
export function SwapsField({ swaps, onSwaps, shifts, timeZone, errorAt }: SwapsProps) {
  const t = useT();
  const set = (i: number, patch: Partial<Swap>) => onSwaps(swaps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  // A swapped shift shows its swapped person; the options still name the shift by its time.
  const options = (shifts ?? []).filter((s) => s.source !== 'override').map((s) => ({ value: s.id, label: `${zonedDateTime(s.start, timeZone)}–${zonedTime(s.end, timeZone)} · ${s.personName}` }));
  return (
    <fieldset className="fieldset span-2" data-testid="roster-swaps">
      <legend className="field__label">{t('duty.swaps.title')}</legend>
      <p className="field__hint">{t('duty.swaps.hint')}</p>
      {shifts === null ? (
        <p className="muted">{t('duty.swaps.saveFirst')}</p>
      ) : (
        <>
          {swaps.length === 0 && <p className="muted">{t('duty.swaps.none')}</p>}
          <div className="duty-rows">
            {swaps.map((s, i) => (
              <div className="duty-row" key={s.id ?? `new-${i}`} data-testid="roster-swap">
                <SelectField label={t('duty.swaps.shiftA')} value={s.shiftA} onValue={(v) => set(i, { shiftA: v })} options={options} emptyLabel={t('common.choose')} required error={errorAt(`swaps/${i}/shiftA`) ?? errorAt(`swaps/${i}`)} />
                <SelectField label={t('duty.swaps.shiftB')} value={s.shiftB} onValue={(v) => set(i, { shiftB: v })} options={options} emptyLabel={t('common.choose')} required error={errorAt(`swaps/${i}/shiftB`)} />
                <button type="button" className="btn btn--small btn--danger" onClick={() => onSwaps(swaps.filter((_, j) => j !== i))}>
                  {t('duty.roster.remove')}
                </button>
              </div>
            ))}
          </div>
          <button type="button" className="btn" onClick={() => onSwaps([...swaps, { shiftA: '', shiftB: '' }])}>
            + {t('duty.swaps.add')}
          </button>
        </>
      )}
    </fieldset>
  );
}
