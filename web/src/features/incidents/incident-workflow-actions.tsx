import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import type { ClosingReportInput, IncidentDetail, ResponsePhase, TransitionName } from '../../api/incident-types.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { TextAreaField, TextField } from '../../components/form-fields.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { isoToVnLocal, vnLocalToIso } from './incident-time.ts';
import { VnDateTimeField } from './vn-date-time-field.tsx';

type Done = (d: IncidentDetail) => void;
type Move = IncidentDetail['transitions'][number];

/** The button's words for a move; "back to containment" when a later phase was not stable. */
function moveLabel(m: Move, phase: ResponsePhase | null): MessageKey {
  if (m.transition !== 'phase') return `inc.act.${m.transition}`;
  if (m.phase === 'contain' && phase && phase !== 'contain') return 'inc.act.containAgain';
  return `inc.act.${m.phase ?? 'contain'}`;
}

const testIdOf = (m: Move) => `incident-move-${m.transition === 'phase' ? m.phase : m.transition}`;

/**
 * The moves the server offers now (received → verifying → handling: contain → eradicate →
 * recover → check → closed; reopen), in workflow order. Closing opens the Mẫu 04 dialog.
 */
export function IncidentWorkflowActions({ detail, onDone }: { detail: IncidentDetail; onDone: Done }) {
  const t = useT();
  const [open, setOpen] = useState<'close' | 'reopen' | null>(null);
  const action = useAsyncAction();
  const i = detail.incident;
  const move = (transition: TransitionName, phase?: ResponsePhase) =>
    void action.run(async () => onDone(await api.post<IncidentDetail>(`/incidents/${i.id}/transitions`, phase ? { transition, phase } : { transition })));
  if (detail.transitions.length === 0) return null;
  // Forward moves first, "back to containment" and reopen after them.
  const ordered = [...detail.transitions].sort((a, b) => rank(a, i.phase) - rank(b, i.phase));
  const top = Math.min(...ordered.map((m) => rank(m, i.phase)));
  return (
    <div className="alert-actions" data-testid="incident-actions">
      <div className="alert-actions__buttons">
        {ordered.map((m) => {
          const label = t(moveLabel(m, i.phase));
          const primary = rank(m, i.phase) === top;
          const onClick = m.transition === 'close' ? () => setOpen('close') : m.transition === 'reopen' ? () => setOpen('reopen') : () => move(m.transition, m.phase);
          return (
            <button
              key={testIdOf(m)}
              type="button"
              className={`btn${primary ? ' btn--primary' : ''}`}
              onClick={onClick}
              disabled={action.busy}
              title={moveLabel(m, i.phase) === 'inc.act.containAgain' ? t('inc.act.containAgainHint') : undefined}
              data-testid={testIdOf(m)}
            >
              {label}
            </button>
          );
        })}
      </div>
      <ErrorBanner error={action.error} />
      {open === 'close' && <CloseDialog detail={detail} onClose={() => setOpen(null)} onDone={(d) => { setOpen(null); onDone(d); }} />}
      {open === 'reopen' && <ReopenDialog id={i.id} onClose={() => setOpen(null)} onDone={(d) => { setOpen(null); onDone(d); }} />}
    </div>
  );
}

function rank(m: Move, phase: ResponsePhase | null): number {
  if (m.transition === 'reopen') return 3;
  if (m.transition === 'phase' && m.phase === 'contain' && phase && phase !== 'contain') return 2;
  if (m.transition === 'close' && phase !== 'check') return 2;
  return m.transition === 'verify' || m.transition === 'phase' || m.transition === 'close' ? 0 : 1;
}

function Footer({ onClose, onSubmit, busy, label, testId }: { onClose(): void; onSubmit(): void; busy: boolean; label: string; testId: string }) {
  const t = useT();
  return (
    <>
      <button type="button" className="btn" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn btn--primary" onClick={onSubmit} disabled={busy} data-testid={testId}>
        {busy ? t('common.working') : label}
      </button>
    </>
  );
}

/** Mẫu 04: the closing report, citing the number and date of the Mẫu 03 it closes. */
function CloseDialog({ detail, onClose, onDone }: { detail: IncidentDetail; onClose(): void; onDone: Done }) {
  const t = useT();
  const user = useUser();
  const i = detail.incident;
  const [title, setTitle] = useState(i.title);
  const [result, setResult] = useState('');
  const [lessons, setLessons] = useState('');
  const [ended, setEnded] = useState(() => isoToVnLocal(Date.now()));
  const [reporterName, setReporterName] = useState(user.displayName || user.username);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const action = useAsyncAction();
  const err = (f: string) => (missing[f] ? t('fieldMsg.required') : fieldError(action.error, `closingReport/${f}`));
  const submit = () => {
    const endedIso = vnLocalToIso(ended);
    const m = { result: !result.trim(), responseEndedAt: !endedIso };
    setMissing(m);
    if (m.result || m.responseEndedAt) return;
    const closingReport: ClosingReportInput = {
      result: result.trim(),
      responseEndedAt: endedIso!,
      ...(title.trim() && { title: title.trim() }),
      ...(lessons.trim() && { lessons: lessons.trim() }),
      ...(reporterName.trim() && { reporterName: reporterName.trim() }),
    };
    void action.run(async () => onDone(await api.post<IncidentDetail>(`/incidents/${i.id}/transitions`, { transition: 'close', closingReport })));
  };
  return (
    <Dialog title={t('inc.closeTitle')} onClose={onClose} wide testId="incident-close-dialog" footer={<Footer onClose={onClose} onSubmit={submit} busy={action.busy} label={t('inc.close.submit')} testId="incident-close-submit" />}>
      <p className="inc-citation" data-testid="incident-close-citation">
        {t('inc.citation', { number: i.number, date: formatDateTime(i.receivedAt) })}
      </p>
      <div className="form">
        <TextField label={t('inc.close.title')} value={title} onValue={setTitle} maxLength={300} error={err('title')} testId="incident-close-title" />
        <TextAreaField label={t('inc.close.result')} value={result} onValue={(v) => { setResult(v); setMissing((m) => ({ ...m, result: false })); }} rows={4} required error={err('result')} testId="incident-close-result" />
        <TextAreaField label={t('inc.close.lessons')} value={lessons} onValue={setLessons} rows={3} error={err('lessons')} testId="incident-close-lessons" />
        <VnDateTimeField label={t('inc.close.ended')} value={ended} onValue={setEnded} max={isoToVnLocal(Date.now())} required hint={t('inc.close.endedHint')} error={err('responseEndedAt')} testId="incident-close-ended" />
        <TextField label={t('inc.close.reporter')} value={reporterName} onValue={setReporterName} maxLength={300} error={err('reporterName')} testId="incident-close-reporter" />
      </div>
      <ErrorBanner error={action.error} placedFields={['closingReport/title', 'closingReport/result', 'closingReport/lessons', 'closingReport/responseEndedAt', 'closingReport/reporterName']} />
    </Dialog>
  );
}

function ReopenDialog({ id, onClose, onDone }: { id: string; onClose(): void; onDone: Done }) {
  const t = useT();
  const [note, setNote] = useState('');
  const action = useAsyncAction();
  const submit = () => void action.run(async () => onDone(await api.post<IncidentDetail>(`/incidents/${id}/transitions`, note.trim() ? { transition: 'reopen', note: note.trim() } : { transition: 'reopen' })));
  return (
    <Dialog title={t('inc.reopenTitle')} onClose={onClose} testId="incident-reopen-dialog" footer={<Footer onClose={onClose} onSubmit={submit} busy={action.busy} label={t('inc.act.reopen')} testId="incident-reopen-submit" />}>
      <TextAreaField label={t('inc.reopenNote')} value={note} onValue={setNote} rows={3} error={fieldError(action.error, 'note')} testId="incident-reopen-note" />
      <ErrorBanner error={action.error} placedFields={['note']} />
    </Dialog>
  );
}
