import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import type { MaintenanceScope, MaintenanceWindowCreate, Monitor } from '../../api/monitor-types.ts';
import type { InformationSystem, Page } from '../../api/types.ts';
import { DateField } from '../../components/date-field.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { translateServerMessage } from '../../i18n/server-messages.ts';
import { vnDayStart } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';

/** Monday first, as calendars are read in Vietnam; the API numbers days 0 (Sunday) … 6. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
const SCOPES: readonly MaintenanceScope[] = ['system', 'monitor', 'agency'];
const FIELDS = ['scope', 'scopeId', 'reason', 'startsAt', 'endsAt', 'weekdays', 'startTime', 'durationMinutes'];
const PICK_LIMIT = 500;

/** "8:30", "08.30", "0830" → "08:30"; null when it is not a time of day. */
export function parseTime(text: string): string | null {
  const m = /^\s*([01]?\d|2[0-3])\s*[:.hH]?\s*([0-5]\d)\s*$/.exec(text);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}

/** A Vietnam-time calendar day and time of day as an instant. */
function vnInstant(ymd: string, hhmm: string): string | undefined {
  const day = vnDayStart(ymd);
  if (!day) return undefined;
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(new Date(day).getTime() + (h! * 60 + m!) * 60_000).toISOString();
}

interface Props {
  onSubmit(input: MaintenanceWindowCreate): Promise<void>;
  onCancel(): void;
}

export function MaintenanceForm({ onSubmit, onCancel }: Props) {
  const t = useT();
  const [scope, setScope] = useState<MaintenanceScope>('system');
  const [scopeId, setScopeId] = useState('');
  const [reason, setReason] = useState('');
  const [weekly, setWeekly] = useState(false);
  const [startDate, setStartDate] = useState('');
  const [startClock, setStartClock] = useState('');
  const [endDate, setEndDate] = useState('');
  const [endClock, setEndClock] = useState('');
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [startTime, setStartTime] = useState('');
  const [duration, setDuration] = useState('60');
  const { busy, error, run } = useAsyncAction();

  const systems = useAsync(
    (signal) => (scope === 'system' ? api.get<Page<InformationSystem>>('/systems', { sort: 'name', pageSize: PICK_LIMIT }, signal) : Promise.resolve(undefined)),
    `systems:${scope}`,
  );
  const monitors = useAsync(
    (signal) => (scope === 'monitor' ? api.get<Page<Monitor>>('/monitors', { sort: 'name', pageSize: PICK_LIMIT }, signal) : Promise.resolve(undefined)),
    `monitors:${scope}`,
  );

  const badTime = (v: string) => (v.trim() !== '' && !parseTime(v) ? t('maintenance.timeInvalid') : undefined);
  const startsAt = !weekly && startDate && parseTime(startClock) ? vnInstant(startDate, parseTime(startClock)!) : undefined;
  const endsAt = !weekly && endDate && parseTime(endClock) ? vnInstant(endDate, parseTime(endClock)!) : undefined;
  const endBeforeStart = Boolean(startsAt && endsAt && endsAt <= startsAt);
  const ready = scopeId && reason.trim() && (weekly ? weekdays.length > 0 && parseTime(startTime) && duration.trim() : startsAt && endsAt && !endBeforeStart);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const base = { scope, scopeId, reason: reason.trim() };
    const input: MaintenanceWindowCreate = weekly
      ? { ...base, weekdays: [...weekdays].sort(), startTime: parseTime(startTime) ?? startTime, durationMinutes: Number(duration) }
      : { ...base, startsAt, endsAt };
    void run(() => onSubmit(input));
  };

  const scopeError = fieldError(error, 'scopeId');
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="maintenance-form">
      <ErrorBanner error={error ?? systems.error ?? monitors.error} placedFields={FIELDS} />
      <div className="form__grid">
        <SelectField
          label={t('maintenance.scope')}
          value={scope}
          onValue={(v) => {
            setScope(v as MaintenanceScope);
            setScopeId('');
          }}
          options={SCOPES.map((s) => ({ value: s, label: t(`maintenance.scope.${s}` as MessageKey) }))}
          required
          error={fieldError(error, 'scope')}
          testId="maintenance-scope"
        />
        {scope === 'agency' && (
          <AgencySelect label={t('maintenance.pick.agency')} value={scopeId} onValue={setScopeId} required emptyLabel={t('common.choose')} error={scopeError} testId="maintenance-target" />
        )}
        {scope === 'system' && (
          <SelectField
            label={t('maintenance.pick.system')}
            value={scopeId}
            onValue={setScopeId}
            options={(systems.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} — ${s.ownerAgencyName}` }))}
            required
            emptyLabel={t('common.choose')}
            error={scopeError}
            testId="maintenance-target"
          />
        )}
        {scope === 'monitor' && (
          <SelectField
            label={t('maintenance.pick.monitor')}
            value={scopeId}
            onValue={setScopeId}
            options={(monitors.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} — ${m.systemName}` }))}
            required
            emptyLabel={t('common.choose')}
            error={scopeError}
            testId="maintenance-target"
          />
        )}
        <TextAreaField
          label={t('maintenance.reason')}
          value={reason}
          onValue={setReason}
          rows={2}
          required
          placeholder={t('maintenance.reasonPlaceholder')}
          error={fieldError(error, 'reason')}
          className="span-2"
          testId="maintenance-reason"
        />
        <fieldset className="checkbox-group span-2">
          <legend className="field__label">{t('maintenance.kind')}</legend>
          <div className="checkbox-group__items">
            <label className="checkbox-chip">
              <input type="radio" name="maintenance-kind" checked={!weekly} onChange={() => setWeekly(false)} data-testid="maintenance-once" />
              {t('maintenance.once')}
            </label>
            <label className="checkbox-chip">
              <input type="radio" name="maintenance-kind" checked={weekly} onChange={() => setWeekly(true)} data-testid="maintenance-weekly" />
              {t('maintenance.weekly')}
            </label>
          </div>
        </fieldset>
        {!weekly ? (
          <>
            <DateField label={t('maintenance.startDate')} value={startDate} onValue={setStartDate} />
            <TextField label={t('maintenance.startTime')} value={startClock} onValue={setStartClock} placeholder="HH:MM" inputMode="numeric" maxLength={5} hint={t('maintenance.timeHint')} error={badTime(startClock) ?? fieldError(error, 'startsAt')} />
            <DateField label={t('maintenance.endDate')} value={endDate} onValue={setEndDate} />
            <TextField
              label={t('maintenance.endTime')}
              value={endClock}
              onValue={setEndClock}
              placeholder="HH:MM"
              inputMode="numeric"
              maxLength={5}
              hint={t('maintenance.timeHint')}
              error={badTime(endClock) ?? (endBeforeStart ? t('maintenance.endBeforeStart') : fieldError(error, 'endsAt'))}
            />
          </>
        ) : (
          <>
            <fieldset className="checkbox-group span-2">
              <legend className="field__label">{t('maintenance.weekdays')}</legend>
              <div className="checkbox-group__items">
                {WEEK_ORDER.map((d) => (
                  <label key={d} className="checkbox-chip" title={t(`weekdayLong.${d}` as MessageKey)}>
                    <input type="checkbox" checked={weekdays.includes(d)} onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, d] : weekdays.filter((x) => x !== d))} />
                    {t(`weekday.${d}` as MessageKey)}
                  </label>
                ))}
              </div>
              {fieldError(error, 'weekdays') && <p className="field__error">{translateServerMessage(t, fieldError(error, 'weekdays')!)}</p>}
            </fieldset>
            <TextField label={t('maintenance.startTime')} value={startTime} onValue={setStartTime} placeholder="HH:MM" inputMode="numeric" maxLength={5} hint={t('maintenance.timeHint')} error={badTime(startTime) ?? fieldError(error, 'startTime')} />
            <TextField label={t('maintenance.duration')} value={duration} onValue={setDuration} inputMode="numeric" error={fieldError(error, 'durationMinutes')} />
          </>
        )}
      </div>
      <FormActions submitLabel={t('common.create')} busy={busy} disabled={!ready} onCancel={onCancel} testId="maintenance-submit" />
    </form>
  );
}
