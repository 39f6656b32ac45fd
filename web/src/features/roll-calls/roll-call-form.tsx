import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDate } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { AgencyMultiField } from '../escalation/agency-multi-field.tsx';

export interface RollCallInput {
  title: string;
  message?: string | null;
  agencyIds?: string[];
  deadlineMinutes: number;
}

const FIELDS = ['title', 'message', 'agencyIds', 'deadlineMinutes'];
const QUICK = [30, 60, 240, 1440];

/** Starting a roll call: a title people recognise, an optional message, which agencies, and how long they have. */
export function RollCallForm({ onSubmit, onCancel }: { onSubmit(input: RollCallInput): Promise<void>; onCancel(): void }) {
  const t = useT();
  const [title, setTitle] = useState(t('rc.form.titleDefault', { date: formatDate(new Date().toISOString()) }));
  const [message, setMessage] = useState('');
  const [agencyIds, setAgencyIds] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('60');
  const { busy, error, run } = useAsyncAction();
  const n = Number(minutes);
  const minutesOk = /^\d+$/.test(minutes.trim()) && n >= 5 && n <= 10080;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => onSubmit({ title: title.trim(), message: message.trim() || null, ...(agencyIds.length && { agencyIds }), deadlineMinutes: n }));
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="roll-call-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField label={t('rc.form.title')} value={title} onValue={setTitle} required maxLength={200} error={fieldError(error, 'title')} className="span-2" testId="roll-call-title" />
        <TextAreaField label={t('rc.form.message')} value={message} onValue={setMessage} rows={3} hint={t('rc.form.messageHint')} error={fieldError(error, 'message')} className="span-2" testId="roll-call-message" />
        <AgencyMultiField label={t('rc.form.agencies')} hint={t('rc.form.agenciesHint')} values={agencyIds} onValues={setAgencyIds} emptyText={t('rc.form.allAgencies')} error={fieldError(error, 'agencyIds')} testId="roll-call-agencies" />
        <div className="span-2">
          <TextField
            label={t('rc.form.deadline')}
            value={minutes}
            onValue={setMinutes}
            inputMode="numeric"
            maxLength={5}
            hint={t('rc.form.deadlineHint')}
            error={!minutesOk && minutes.trim() ? t('rc.form.deadlineInvalid') : fieldError(error, 'deadlineMinutes')}
            testId="roll-call-deadline"
          />
          <div className="alert-quick rc-quick">
            {QUICK.map((m) => (
              <button key={m} type="button" className={`btn btn--small${String(m) === minutes ? ' btn--primary' : ''}`} onClick={() => setMinutes(String(m))}>
                {m < 60 ? t('alert.minutesShort', { n: m }) : t('rc.form.hours', { n: m / 60 })}
              </button>
            ))}
          </div>
        </div>
      </div>
      <FormActions submitLabel={t('rc.start')} busy={busy} disabled={!title.trim() || !minutesOk} onCancel={onCancel} testId="roll-call-submit" />
    </form>
  );
}
