import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { parseTime, WEEK_ORDER } from '../maintenance/maintenance-form.tsx';
import type { AlertPeriod, DutyPerson, DutyRoster, DutyRosterInput, Override, ShiftView, Swap } from './duty-types.ts';
import { dutyFieldError, translateDutyMessage } from './duty-messages.ts';
import { COMMON_TIME_ZONES } from './duty-time.ts';
import { OverridesField, SwapsField } from './roster-changes-fields.tsx';
import { RosterMembersField } from './roster-members-field.tsx';

const FIELDS = ['name', 'agencyId', 'timeZone', 'members', 'rotation', 'overrides', 'swaps'];
/** The API numbers weekdays ISO (1 = Monday … 7 = Sunday); the shared labels use 0 for Sunday. */
const isoDay = (d: number) => (d === 0 ? 7 : d);

interface Props {
  period: AlertPeriod;
  roster?: DutyRoster;
  /** The roster's current shifts, for choosing swaps (editing only). */
  shifts?: readonly ShiftView[];
  onSubmit(input: DutyRosterInput): Promise<void>;
  onCancel(): void;
}

/** The roster builder: who, in which order, how shifts are cut, and the exceptions (trực thay, đổi ca). */
export function RosterForm({ period, roster, shifts, onSubmit, onCancel }: Props) {
  const t = useT();
  const user = useUser();
  const [name, setName] = useState(roster?.name ?? '');
  const [agencyId, setAgencyId] = useState(roster?.agencyId ?? user.agencyId ?? period.agencyId ?? '');
  const [timeZone, setTimeZone] = useState(roster?.timeZone ?? period.timeZone);
  const [members, setMembers] = useState<string[]>(roster?.members ?? []);
  const [shiftHours, setShiftHours] = useState(String(roster?.rotation.shiftHours ?? 12));
  const [handover, setHandover] = useState(roster?.rotation.handoverTime ?? '08:00');
  const [weekdays, setWeekdays] = useState<number[]>(roster?.rotation.weekdays ?? []);
  const [startTimes, setStartTimes] = useState((roster?.rotation.startTimes ?? []).join(', '));
  const [startIndex, setStartIndex] = useState(String(roster?.rotation.startIndex ?? 0));
  const [overrides, setOverrides] = useState<Override[]>(roster?.overrides ?? []);
  const [swaps, setSwaps] = useState<Swap[]>(roster?.swaps ?? []);
  const { busy, error, run } = useAsyncAction();
  const people = useAsync(
    (signal) => (agencyId ? api.get<{ items: DutyPerson[] }>('/duty/people', { agencyId }, signal) : Promise.resolve({ items: [] })),
    `duty-people:${agencyId}`,
  );
  const err = (f: string) => dutyFieldError(t, error, f);
  // Pointers into lists (members/1, overrides/0/from) are matched exactly, not by prefix.
  const exact = (f: string) => {
    const m = error instanceof ApiError ? error.fields[f] : undefined;
    return m === undefined ? undefined : translateDutyMessage(t, m);
  };
  const everyone = people.data?.items ?? [];

  const badTime = (v: string) => (v.trim() !== '' && !parseTime(v) ? t('duty.msg.time') : undefined);
  const times = startTimes.split(/[,;\s]+/).filter(Boolean);
  const badStartTimes = times.some((x) => !parseTime(x));
  const ready = name.trim() && agencyId && members.length > 0 && /^\d+$/.test(shiftHours) && parseTime(handover) && !badStartTimes;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const index = Math.min(Number(startIndex) || 0, Math.max(members.length - 1, 0));
    const input: DutyRosterInput = {
      name: name.trim(),
      agencyId,
      timeZone,
      members,
      rotation: {
        shiftHours: Number(shiftHours),
        handoverTime: parseTime(handover) ?? handover,
        ...(weekdays.length && { weekdays: [...weekdays].sort() }),
        ...(times.length && { startTimes: times.map((x) => parseTime(x) ?? x) }),
        ...(index > 0 && { startIndex: index }),
      },
      overrides: overrides.map((o) => ({ ...o, reason: o.reason?.trim() || undefined })),
      swaps,
    };
    void run(() => onSubmit(input));
  };

  const zones: string[] = COMMON_TIME_ZONES.includes(timeZone as (typeof COMMON_TIME_ZONES)[number]) ? [...COMMON_TIME_ZONES] : [timeZone, ...COMMON_TIME_ZONES];
  const memberName = (id: string) => everyone.find((p) => p.id === id)?.displayName ?? id;
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="roster-form">
      <ErrorBanner error={error ?? people.error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField label={t('duty.roster.name')} value={name} onValue={setName} required maxLength={200} placeholder={t('duty.roster.namePlaceholder')} error={err('name')} className="span-2" testId="roster-name" />
        <AgencySelect label={t('duty.roster.agency')} value={agencyId} onValue={setAgencyId} required emptyLabel={t('common.choose')} error={err('agencyId')} testId="roster-agency" />
        <SelectField label={t('duty.period.timeZone')} value={timeZone} onValue={setTimeZone} options={zones.map((z) => ({ value: z, label: z }))} required error={err('timeZone')} testId="roster-zone" />
        <RosterMembersField members={members} onMembers={setMembers} people={everyone} errorAt={(i) => exact(`members/${i}`)} error={exact('members')} />

        <h3 className="subsection-title span-2">{t('duty.roster.rotation')}</h3>
        <TextField label={t('duty.roster.shiftHours')} value={shiftHours} onValue={setShiftHours} inputMode="numeric" maxLength={2} required error={err('rotation/shiftHours')} testId="roster-shift-hours" />
        <TextField label={t('duty.roster.handoverTime')} value={handover} onValue={setHandover} placeholder="HH:MM" inputMode="numeric" maxLength={5} required error={badTime(handover) ?? err('rotation/handoverTime')} testId="roster-handover" />
        <fieldset className="checkbox-group span-2">
          <legend className="field__label">{t('duty.roster.weekdays')}</legend>
          <div className="checkbox-group__items">
            {WEEK_ORDER.map((d) => (
              <label key={d} className="checkbox-chip" title={t(`weekdayLong.${d}` as MessageKey)}>
                <input type="checkbox" checked={weekdays.includes(isoDay(d))} onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, isoDay(d)] : weekdays.filter((x) => x !== isoDay(d)))} />
                {t(`weekday.${d}` as MessageKey)}
              </label>
            ))}
          </div>
          <p className="field__hint">{t('duty.roster.weekdaysHint')}</p>
          {err('rotation/weekdays') && <p className="field__error">{err('rotation/weekdays')}</p>}
        </fieldset>
        <TextField label={t('duty.roster.startTimes')} value={startTimes} onValue={setStartTimes} placeholder="20:00" hint={t('duty.roster.startTimesHint')} error={badStartTimes ? t('duty.msg.time') : err('rotation/startTimes')} testId="roster-start-times" />
        <SelectField
          label={t('duty.roster.startIndex')}
          value={startIndex}
          onValue={setStartIndex}
          options={members.map((m, i) => ({ value: String(i), label: `${i + 1}. ${memberName(m)}` }))}
          error={err('rotation/startIndex')}
          disabled={members.length === 0}
        />

        <OverridesField overrides={overrides} onOverrides={setOverrides} people={everyone} errorAt={exact} />
        <SwapsField swaps={swaps} onSwaps={setSwaps} shifts={roster ? (shifts ?? []) : null} timeZone={timeZone} errorAt={exact} />
      </div>
      <FormActions submitLabel={roster ? t('common.save') : t('common.create')} busy={busy} disabled={!ready} onCancel={onCancel} testId="roster-submit" />
    </form>
  );
}
