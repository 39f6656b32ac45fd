import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { ApiError, fieldError } from '../../api/api-error.ts';
import type { IncidentDetail } from '../../api/incident-types.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_RECIPIENTS = 20;

/**
 * The [TBSC] incident notice (Circular 20/2017 art. 9): e-mailed to the listed recipients, or,
 * with nobody listed, only recorded as sent another way (fax, official letter). Either meets the
 * notice deadline. Nothing is prefilled: the coordinator names who is told.
 */
export function IncidentNoticeDialog({ detail, onClose, onDone }: { detail: IncidentDetail; onClose(): void; onDone(d: IncidentDetail): void }) {
  const t = useT();
  const [recipients, setRecipients] = useState<string[]>(['']);
  const [note, setNote] = useState('');
  const [bad, setBad] = useState<number[]>([]);
  const action = useAsyncAction();
  const filled = recipients.map((r) => r.trim()).filter(Boolean);
  const submit = () => {
    const invalid = recipients.flatMap((r, i) => (r.trim() && !EMAIL.test(r.trim()) ? [i] : []));
    setBad(invalid);
    if (invalid.length) return;
    const body = { ...(filled.length && { recipients: filled }), ...(note.trim() && { note: note.trim() }) };
    void action.run(async () => onDone(await api.post<IncidentDetail>(`/incidents/${detail.incident.id}/notice`, body)));
  };
  const noChannel = action.error instanceof ApiError && action.error.status === 409;
  // The server numbers the recipients it was sent; empty rows were dropped before sending.
  const serverIndex = (i: number) => recipients.slice(0, i).filter((r) => r.trim()).length;
  const err = (i: number) => (bad.includes(i) ? t('fieldMsg.email') : recipients[i]?.trim() ? fieldError(action.error, `recipients/${serverIndex(i)}`) : undefined);
  return (
    <Dialog
      title={t('inc.notice.title')}
      onClose={onClose}
      testId="incident-notice-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn--primary" onClick={submit} disabled={action.busy} data-testid="incident-notice-submit">
            {action.busy ? t('common.working') : filled.length ? t('inc.notice.send', { n: filled.length }) : t('inc.notice.record')}
          </button>
        </>
      }
    >
      <p className="field__hint">{t('inc.notice.intro', { number: detail.incident.number })}</p>
      <fieldset className="inc-notice-list">
        <legend>{t('inc.notice.recipients')}</legend>
        {recipients.map((r, i) => (
          <div key={i} className="inc-notice-row">
            <TextField
              label={t('inc.notice.recipientN', { n: i + 1 })}
              type="email"
              value={r}
              onValue={(v) => {
                setRecipients((rs) => rs.map((x, j) => (j === i ? v : x)));
                setBad((b) => b.filter((x) => x !== i));
              }}
              placeholder="ten@co-quan.gov.vn"
              maxLength={254}
              autoComplete="off"
              error={err(i)}
              testId="incident-notice-recipient"
            />
            {recipients.length > 1 && (
              <button type="button" className="btn btn--small btn--ghost btn--danger" onClick={() => setRecipients((rs) => rs.filter((_, j) => j !== i))} aria-label={t('inc.notice.removeN', { n: i + 1 })}>
                ×
              </button>
            )}
          </div>
        ))}
        {recipients.length < MAX_RECIPIENTS && (
          <button type="button" className="btn btn--small" onClick={() => setRecipients((rs) => [...rs, ''])} data-testid="incident-notice-add">
            {t('inc.notice.add')}
          </button>
        )}
        <p className="field__hint">{t('inc.notice.recipientsHint')}</p>
      </fieldset>
      <TextAreaField label={t('inc.notice.note')} value={note} onValue={setNote} rows={3} error={fieldError(action.error, 'note')} testId="incident-notice-note" />
      {noChannel ? (
        <div className="alert alert--error" role="alert" data-testid="incident-notice-no-channel">
          <strong>{t('inc.notice.noChannel')}</strong>
          <p className="alert__detail">{t('inc.notice.noChannelHint')}</p>
        </div>
      ) : (
        <ErrorBanner error={action.error} placedFields={['recipients', 'note']} />
      )}
    </Dialog>
  );
}
