import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { SelectField, TextAreaField } from '../../components/form-fields.tsx';
import { Empty } from '../../components/status.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import type { DutyPerson, HandoverNote, ShiftView } from './duty-types.ts';
import { dutyFieldError } from './duty-messages.ts';
import { zonedDateTime } from './duty-time.ts';

interface Props {
  rosterId: string;
  notes: readonly HandoverNote[];
  shifts: readonly ShiftView[];
  people: readonly DutyPerson[];
  timeZone: string;
  editable: boolean;
  onAdded(): void;
}

/** Bàn giao ca: what the outgoing officer leaves for the incoming one, at a shift boundary. */
export function HandoverNotes({ rosterId, notes, shifts, people, timeZone, editable, onAdded }: Props) {
  const t = useT();
  // The boundaries a note can be left at: every shift start after the first (nobody hands over to the first).
  const boundaries = [...new Set(shifts.slice(1).map((s) => s.start))];
  const nowIso = new Date().toISOString();
  const defaultAt = boundaries.find((b) => b >= nowIso) ?? boundaries.at(-1) ?? '';
  const [at, setAt] = useState(defaultAt);
  const [text, setText] = useState('');
  const { busy, error, run } = useAsyncAction();
  const incoming = (iso: string) => shifts.filter((s) => s.start === iso).map((s) => s.personName).join(', ');
  const author = (id: string | null) => (id ? (people.find((p) => p.id === id)?.displayName ?? '') : '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post(`/duty/rosters/${rosterId}/handover-notes`, { at, text: text.trim() });
      setText('');
      onAdded();
    });
  };

  return (
    <div data-testid="handover-notes">
      {notes.length === 0 ? (
        <Empty text={t('duty.handover.none')} />
      ) : (
        <ul className="duty-list">
          {[...notes].reverse().map((n) => (
            <li key={n.id} data-testid="handover-note">
              <div className="small muted">
                {zonedDateTime(n.at, timeZone)} → {incoming(n.at)}
                {author(n.authorId) && ` · ${author(n.authorId)}`}
              </div>
              <div className="duty-note">{n.text}</div>
            </li>
          ))}
        </ul>
      )}
      {editable && boundaries.length > 0 && (
        <form className="form" onSubmit={submit} noValidate data-testid="handover-form">
          <h3 className="subsection-title">{t('duty.handover.add')}</h3>
          <ErrorBanner error={error} placedFields={['at', 'text']} />
          <div className="form__grid">
            <SelectField
              label={t('duty.handover.at')}
              value={at}
              onValue={setAt}
              options={boundaries.map((b) => ({ value: b, label: `${zonedDateTime(b, timeZone)} → ${incoming(b)}` }))}
              required
              error={dutyFieldError(t, error, 'at')}
              testId="handover-at"
            />
            <TextAreaField label={t('duty.handover.text')} value={text} onValue={setText} rows={3} required placeholder={t('duty.handover.textPlaceholder')} error={dutyFieldError(t, error, 'text')} className="span-2" testId="handover-text" />
          </div>
          <FormActions submitLabel={t('duty.handover.save')} busy={busy} disabled={!at || !text.trim()} testId="handover-submit" />
        </form>
      )}
    </div>
  );
}
