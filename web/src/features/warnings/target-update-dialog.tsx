import { useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { parseVnDate } from '../../components/date-field.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { targetFieldError, targetStatusLabel, TargetStatusBadge } from './warning-labels.tsx';
import { MAX_RISK_DAYS, NEXT_STATUSES, TARGET_STATUSES, type Target, type TargetStatus, type TargetUpdateInput } from './warning-types.ts';

const PLACED = ['status', 'reason', 'kb', 'version', 'riskApprover', 'riskExpiresOn', 'note'];

/** Statuses every one of the targets may move to, in the workflow's order. */
export function commonNextStatuses(targets: readonly Pick<Target, 'status'>[]): TargetStatus[] {
  return TARGET_STATUSES.filter((s) => targets.length > 0 && targets.every((x) => NEXT_STATUSES[x.status].includes(s)));
}

interface Props {
  warningId: string;
  /** One target (row action) or several (bulk update, all or nothing on the server). */
  targets: readonly Target[];
  onClose(): void;
  onDone(updated: number): void;
}

/**
 * "Cập nhật": only the statuses the workflow allows from where the system stands, and under the
 * chosen one only the evidence it needs (reason, KB or version, approver and end date). The server
 * checks the same rules (target-status.ts) and its answer is shown at the field it is about.
 */
export function TargetUpdateDialog({ warningId, targets, onClose, onDone }: Props) {
  const t = useT();
  const single = targets.length === 1 ? targets[0]! : null;
  const choices = commonNextStatuses(targets);
  const [status, setStatus] = useState<TargetStatus | ''>(choices.length === 1 ? choices[0]! : '');
  const [reason, setReason] = useState('');
  const [kb, setKb] = useState('');
  const [version, setVersion] = useState('');
  const [approver, setApprover] = useState('');
  const [expires, setExpires] = useState('');
  const [note, setNote] = useState('');
  const action = useAsyncAction();
  const err = (f: string) => targetFieldError(t, action.error, f);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!status) return;
    void action.run(async () => {
      const body: TargetUpdateInput = { status };
      if (status === 'not_affected' && reason.trim()) body.reason = reason.trim();
      if (status === 'fixed') {
        if (kb.trim()) body.kb = kb.trim();
        if (version.trim()) body.version = version.trim();
      }
      if (status === 'risk_accepted') {
        if (approver.trim()) body.riskApprover = approver.trim();
        // dd/mm/yyyy as typed becomes the API's YYYY-MM-DD; anything else goes as is and the server names the field.
        if (expires.trim()) body.riskExpiresOn = parseVnDate(expires) ?? expires.trim();
      }
      if (note.trim()) body.note = note.trim();
      if (single) {
        await api.patch<Target>(`/warnings/${warningId}/targets/${single.id}`, body);
        onDone(1);
      } else {
        const r = await api.post<{ updated: number }>(`/warnings/${warningId}/targets/bulk`, { targetIds: targets.map((x) => x.id), ...body });
        onDone(r.updated);
      }
    });
  };

  return (
    <Dialog
      title={single ? t('warn.up.title', { system: single.systemName }) : t('warn.up.bulkTitle', { n: targets.length })}
      onClose={onClose}
      testId="target-update-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="target-update-form" className="btn btn--primary" disabled={!status || action.busy} data-testid="target-update-submit">
            {action.busy ? t('common.saving') : single ? t('warn.up.save') : t('warn.up.apply', { n: targets.length })}
          </button>
        </>
      }
    >
      <form id="target-update-form" className="form warn-update" onSubmit={submit} noValidate>
        {single && (
          <p className="small">
            {t('warn.up.current')}{' '}
            <TargetStatusBadge status={single.status} />
          </p>
        )}
        {choices.length === 0 ? (
          <p className="alert alert--warning">{t('warn.up.noNext')}</p>
        ) : (
          <fieldset className={`warn-choices${err('status') ? ' field--invalid' : ''}`} role="radiogroup">
            <legend className="field__label">{t('warn.up.status')}</legend>
            {choices.map((s) => (
              <label key={s} className="warn-choice">
                <input type="radio" name="target-status" value={s} checked={status === s} onChange={() => setStatus(s)} data-testid={`target-status-${s}`} />
                {targetStatusLabel(t, s)}
              </label>
            ))}
            {err('status') && <p className="field__error">{err('status')}</p>}
          </fieldset>
        )}
        {status === 'not_affected' && <TextAreaField label={t('warn.up.reason')} rows={3} value={reason} onValue={setReason} required error={err('reason')} testId="target-reason" />}
        {status === 'fixed' && (
          <div className="form__grid">
            <TextField label={t('warn.up.kb')} hint={t('warn.up.kbHint')} value={kb} onValue={setKb} placeholder="KB5028168" autoComplete="off" spellCheck={false} error={err('kb')} testId="target-kb" />
            <TextField label={t('warn.up.version')} value={version} onValue={setVersion} placeholder="10.0.17763.4645" autoComplete="off" spellCheck={false} error={err('version')} testId="target-version" />
          </div>
        )}
        {status === 'risk_accepted' && (
          <div className="form__grid">
            <TextField label={t('warn.up.approver')} value={approver} onValue={setApprover} required error={err('riskApprover')} testId="target-approver" />
            <TextField
              label={t('warn.up.expires')}
              hint={t('warn.up.expiresHint', { n: MAX_RISK_DAYS })}
              value={expires}
              onValue={setExpires}
              placeholder={t('common.datePlaceholder')}
              inputMode="numeric"
              autoComplete="off"
              maxLength={10}
              required
              error={err('riskExpiresOn')}
              testId="target-expires"
            />
          </div>
        )}
        {status && <TextAreaField label={t('warn.up.note')} rows={2} value={note} onValue={setNote} error={err('note')} testId="target-note" />}
        <ErrorBanner error={action.error} placedFields={PLACED} />
      </form>
    </Dialog>
  );
}
