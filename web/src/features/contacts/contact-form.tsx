import { useState, type FormEvent } from 'react';
import { fieldError } from '../../api/api-error.ts';
import { CONTACT_AVAILABILITIES, CONTACT_PRIORITIES, type ContactInput, type ContactPoint } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { orNull } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { availabilityKey, formatMessaging, parseMessaging, priorityKey } from './contact-labels.ts';

interface Props {
  initial?: ContactPoint;
  defaultAgencyId?: string;
  submitLabel: string;
  onSubmit(input: ContactInput): Promise<void>;
  onCancel(): void;
}

const FIELDS = ['agencyId', 'priority', 'availability', 'name', 'title', 'phone', 'mobile', 'email', 'messaging'];

export function ContactForm({ initial, defaultAgencyId, submitLabel, onSubmit, onCancel }: Props) {
  const t = useT();
  const [agencyId, setAgencyId] = useState(initial?.agencyId ?? defaultAgencyId ?? '');
  const [priority, setPriority] = useState<string>(initial?.priority ?? 'primary');
  const [availability, setAvailability] = useState<string>(initial?.availability ?? 'office_hours');
  const [name, setName] = useState(initial?.name ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [phone, setPhone] = useState(initial?.phone ?? '');
  const [mobile, setMobile] = useState(initial?.mobile ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [messaging, setMessaging] = useState(formatMessaging(initial?.messaging ?? {}));
  const { busy, error, run } = useAsyncAction();

  const parsed = parseMessaging(messaging);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.bad.length) return;
    void run(() =>
      onSubmit({
        agencyId,
        priority: priority as ContactInput['priority'],
        availability: availability as ContactInput['availability'],
        name: name.trim(),
        title: orNull(title),
        phone: orNull(phone),
        mobile: orNull(mobile),
        email: orNull(email),
        messaging: parsed.value,
      }),
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="contact-form">
      <ErrorBanner error={error} placedFields={FIELDS} />
      <div className="form__grid">
        <AgencySelect
          label={t('contact.agency')}
          value={agencyId}
          onValue={setAgencyId}
          emptyLabel={t('common.choose')}
          required
          error={fieldError(error, 'agencyId')}
          className="span-2"
          testId="contact-agency"
        />
        <SelectField
          label={t('contact.priority')}
          value={priority}
          onValue={setPriority}
          options={CONTACT_PRIORITIES.map((p) => ({ value: p, label: t(priorityKey(p)) }))}
          error={fieldError(error, 'priority')}
        />
        <SelectField
          label={t('contact.availability')}
          value={availability}
          onValue={setAvailability}
          options={CONTACT_AVAILABILITIES.map((a) => ({ value: a, label: t(availabilityKey(a)) }))}
          error={fieldError(error, 'availability')}
        />
        <TextField label={t('contact.name')} value={name} onValue={setName} required maxLength={200} autoComplete="off" error={fieldError(error, 'name')} testId="contact-name" />
        <TextField label={t('contact.jobTitle')} value={title} onValue={setTitle} maxLength={200} error={fieldError(error, 'title')} />
        <TextField label={t('contact.mobile')} type="tel" inputMode="tel" value={mobile} onValue={setMobile} error={fieldError(error, 'mobile')} testId="contact-mobile" />
        <TextField label={t('contact.phone')} type="tel" inputMode="tel" value={phone} onValue={setPhone} error={fieldError(error, 'phone')} />
        <TextField label={t('contact.email')} type="email" inputMode="email" value={email} onValue={setEmail} error={fieldError(error, 'email')} className="span-2" />
        <TextAreaField
          label={t('contact.messaging')}
          value={messaging}
          onValue={setMessaging}
          rows={3}
          placeholder={'zalo: 0903 123 456\ntelegram: @truc_ban'}
          hint={t('contact.messagingHint')}
          error={parsed.bad.length ? t('contact.messagingBad', { line: parsed.bad[0]! }) : fieldError(error, 'messaging')}
          className="span-2"
          spellCheck={false}
        />
      </div>
      <FormActions submitLabel={submitLabel} busy={busy} disabled={!agencyId || !name.trim() || parsed.bad.length > 0} onCancel={onCancel} testId="contact-submit" />
    </form>
  );
}
