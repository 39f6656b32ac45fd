import { useState, type FormEvent } from 'react';
import { can } from '../../auth/permissions.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import type { AlertPeriod, AlertPeriodInput } from './duty-types.ts';
import { dutyFieldError } from './duty-messages.ts';
import { COMMON_TIME_ZONES } from './duty-time.ts';
import { LocalDateTimeField } from './local-date-time-field.tsx';

const FIELDS = ['name', 'start', 'end', 'timeZone', 'agencyId'];

interface Props {
  period?: AlertPeriod;
  onSubmit(input: AlertPeriodInput): Promise<void>;
  onCancel(): void;
}

/** An alert period: its name, start and end as local wall-clock times of a zone, and whose it is. */
export function PeriodForm({ period, onSubmit, onCancel }: Props) {
  const t = useT();
  const user = useUser();
  const wide = can.seeWholeTree(user.role);
  const [name, setName] = useState(period?.name ?? '');
  const [start, setStart] = useState(period?.start ?? '');
  const [end, setEnd] = useState(period?.end ?? '');
  const [timeZone, setTimeZone] = useState(period?.timeZone ?? 'Asia/Ho_Chi_Minh');
  const [provinceWide, setProvinceWide] = useState(period ? period.agencyId === null : wide);
  const [agencyId, setAgencyId] = useState(period?.agencyId ?? user.agencyId ?? '');
  const { busy, error, run } = useAsyncAction();
  const err = (f: string) => dutyFieldError(t, error, f);

  const endBeforeStart = Boolean(start && end && end <= start);
  const ready = name.trim() && start && end && !endBeforeStart && (provinceWide || agencyId);
  const zones: string[] = COMMON_TIME_ZONES.includes(timeZone as (typeof COMMON_TIME_ZONES)[number]) ? [...COMMON_TIME_ZONES] : [timeZone, ...COMMON_TIME_ZONES];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => onSubmit({ name: name.trim(), start, end, timeZone, agencyId: provinceWide ? null : agencyId }));
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="period-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField label={t('duty.period.name')} value={name} onValue={setName} required maxLength={200} placeholder={t('duty.period.namePlaceholder')} error={err('name')} className="span-2" testId="period-name" />
        <LocalDateTimeField label={t('duty.period.start')} value={start} onValue={setStart} required hint={t('duty.dateTimeHint')} error={err('start')} testId="period-start" />
        <LocalDateTimeField label={t('duty.period.end')} value={end} onValue={setEnd} required error={endBeforeStart ? t('duty.msg.afterStart') : err('end')} testId="period-end" />
        <SelectField label={t('duty.period.timeZone')} value={timeZone} onValue={setTimeZone} options={zones.map((z) => ({ value: z, label: z }))} required error={err('timeZone')} testId="period-zone" />
        {wide && (
          <fieldset className="checkbox-group">
            <legend className="field__label">{t('duty.period.scope')}</legend>
            <div className="checkbox-group__items">
              <label className="checkbox-chip">
                <input type="radio" name="period-scope" checked={provinceWide} onChange={() => setProvinceWide(true)} data-testid="period-scope-province" />
                {t('duty.period.scope.province')}
              </label>
              <label className="checkbox-chip">
                <input type="radio" name="period-scope" checked={!provinceWide} onChange={() => setProvinceWide(false)} data-testid="period-scope-agency" />
                {t('duty.period.scope.agency')}
              </label>
            </div>
          </fieldset>
        )}
        {!provinceWide && (
          <AgencySelect label={t('duty.period.agency')} value={agencyId} onValue={setAgencyId} required emptyLabel={t('common.choose')} error={err('agencyId')} testId="period-agency" />
        )}
      </div>
      <FormActions submitLabel={period ? t('common.save') : t('common.create')} busy={busy} disabled={!ready} onCancel={onCancel} testId="period-submit" />
    </form>
  );
}
