import { fieldError } from '../../api/api-error.ts';
import { CheckboxGroup } from '../../components/checkbox-group.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { SEVERITIES, type QuietHours } from './notification-types.ts';

/** ISO weekdays, Monday first; labels reuse the calendar's "T2 … CN" (JavaScript numbering, 0 = Sunday). */
const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7];

interface Props {
  value: QuietHours | null;
  onValue(q: QuietHours | null): void;
  error: unknown;
}

/** Quiet hours: a local window (may span midnight), the days it starts on, what happens inside it, and from which severity it is ignored. */
export function QuietHoursFields({ value, onValue, error }: Props) {
  const t = useT();
  const q = value;
  const set = (patch: Partial<QuietHours>) => q && onValue({ ...q, ...patch });
  return (
    <div data-testid="quiet-hours">
      <CheckboxField
        label={t('notif.quiet.enable')}
        checked={q !== null}
        onChecked={(on) => onValue(on ? { start: '22:00', end: '06:30', mode: 'defer', bypassFrom: 'critical' } : null)}
        testId="quiet-enable"
      />
      {q && (
        <div className="form__grid">
          <TextField label={t('notif.quiet.start')} type="time" value={q.start} onValue={(v) => set({ start: v })} error={fieldError(error, 'quietHours.start')} testId="quiet-start" />
          <TextField label={t('notif.quiet.end')} type="time" value={q.end} onValue={(v) => set({ end: v })} error={fieldError(error, 'quietHours.end')} testId="quiet-end" />
          <CheckboxGroup
            className="span-2"
            label={t('notif.quiet.days')}
            hint={t('notif.quiet.daysHint')}
            options={ISO_DAYS.map((d) => ({ value: String(d), label: t(`weekday.${d % 7}` as MessageKey) }))}
            values={(q.days ?? []).map(String)}
            onValues={(v) => set({ days: v.length ? v.map(Number).sort((a, b) => a - b) : undefined })}
            error={fieldError(error, 'quietHours.days')}
          />
          <SelectField
            label={t('notif.quiet.mode')}
            value={q.mode ?? 'defer'}
            onValue={(v) => set({ mode: v as QuietHours['mode'] })}
            options={[
              { value: 'defer', label: t('notif.quiet.mode.defer') },
              { value: 'skip', label: t('notif.quiet.mode.skip') },
            ]}
            testId="quiet-mode"
          />
          <SelectField
            label={t('notif.quiet.bypass')}
            value={q.bypassFrom ?? 'critical'}
            onValue={(v) => set({ bypassFrom: v as QuietHours['bypassFrom'] })}
            hint={t('notif.quiet.bypassHint')}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`notif.severity.${s}` as MessageKey) }))}
            testId="quiet-bypass"
          />
        </div>
      )}
    </div>
  );
}
