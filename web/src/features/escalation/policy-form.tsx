import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error.ts';
import type { EscalationPolicy, PolicyInput } from '../../api/alert-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import { translateServerMessage } from '../../i18n/server-messages.ts';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import type { EscalationRefs } from './escalation-refs.ts';
import { emptyStep, fromDraft, localStepErrors, PolicyStepsField, toDraft, type DraftStep } from './policy-steps-field.tsx';

const FIELDS = ['name', 'description', 'steps', 'repeat'];

interface Props {
  policy?: EscalationPolicy;
  refs: EscalationRefs | undefined;
  onSubmit(input: PolicyInput): Promise<void>;
  onCancel(): void;
}

/** An escalation policy: who is told first, how long to wait, who next; repeated up to ten times. */
export function PolicyForm({ policy, refs, onSubmit, onCancel }: Props) {
  const t = useT();
  const [name, setName] = useState(policy?.name ?? '');
  const [description, setDescription] = useState(policy?.description ?? '');
  const [steps, setSteps] = useState<DraftStep[]>(policy ? policy.steps.map(toDraft) : [emptyStep(), emptyStep('wait')]);
  const [repeat, setRepeat] = useState(String(policy?.repeat ?? 0));
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run } = useAsyncAction();

  // Server pointers are matched exactly ("steps/2/minutes"); the browser's own checks come first.
  const errorAt = (field: string) => {
    const m = local[field] ?? (error instanceof ApiError ? error.fields[field] : undefined);
    return m === undefined ? undefined : translateServerMessage(t, m);
  };
  const repeatOk = /^\d+$/.test(repeat.trim()) && Number(repeat) <= 10;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = localStepErrors(steps, t);
    if (!repeatOk) found.repeat = t('esc.err.repeat');
    setLocal(found);
    if (Object.keys(found).length) return;
    void run(() => onSubmit({ name: name.trim(), description: description.trim() || null, steps: steps.map(fromDraft), repeat: Number(repeat) }));
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="policy-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <TextField label={t('esc.policy.name')} value={name} onValue={setName} required maxLength={200} placeholder={t('esc.policy.namePlaceholder')} error={errorAt('name')} className="span-2" testId="policy-name" />
        <TextAreaField label={t('esc.policy.description')} value={description} onValue={setDescription} rows={2} error={errorAt('description')} className="span-2" testId="policy-description" />
        <PolicyStepsField steps={steps} onSteps={setSteps} refs={refs} errorAt={errorAt} />
        <TextField
          label={t('esc.policy.repeat')}
          value={repeat}
          onValue={setRepeat}
          inputMode="numeric"
          maxLength={2}
          hint={t('esc.policy.repeatHint')}
          error={errorAt('repeat')}
          testId="policy-repeat"
        />
      </div>
      <FormActions submitLabel={policy ? t('common.save') : t('common.create')} busy={busy} disabled={!name.trim() || steps.length === 0} onCancel={onCancel} testId="policy-submit" />
    </form>
  );
}
