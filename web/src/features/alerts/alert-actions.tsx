import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { AlertGroup, AlertGroupDetail } from '../../api/alert-types.ts';
import { fieldError } from '../../api/api-error.ts';
import { useUser } from '../../auth/use-auth.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import type { DutyPerson } from '../duty/duty-types.ts';

type Done = (d: AlertGroupDetail) => void;
type Open = 'resolve' | 'assign' | 'snooze' | null;

/** The buttons a duty officer needs, in the order they are usually pressed; each answers with the new detail. */
export function AlertActions({ group, onDone }: { group: AlertGroup; onDone: Done }) {
  const t = useT();
  const [open, setOpen] = useState<Open>(null);
  const action = useAsyncAction();
  const post = (path: string) => () => void action.run(async () => onDone(await api.post<AlertGroupDetail>(`/alerts/${group.id}/${path}`)));
  if (group.status === 'resolved') return null;
  const snoozed = group.status === 'triggered' && !!group.snoozedUntil;
  return (
    <div className="alert-actions" data-testid="alert-actions">
      <div className="alert-actions__buttons">
        {group.status === 'triggered' ? (
          <button type="button" className="btn btn--primary" onClick={post('acknowledge')} disabled={action.busy} data-testid="alert-ack">
            {t('alert.ack')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={post('unacknowledge')} disabled={action.busy} data-testid="alert-unack">
            {t('alert.unack')}
          </button>
        )}
        <button type="button" className="btn" onClick={() => setOpen('assign')} data-testid="alert-assign">
          {t('alert.assign')}
        </button>
        {snoozed ? (
          <button type="button" className="btn" onClick={post('unsnooze')} disabled={action.busy} data-testid="alert-unsnooze">
            {t('alert.unsnooze')}
          </button>
        ) : (
          group.status === 'triggered' && (
            <button type="button" className="btn" onClick={() => setOpen('snooze')} data-testid="alert-snooze">
              {t('alert.snooze')}
            </button>
          )
        )}
        <button type="button" className="btn" onClick={() => setOpen('resolve')} data-testid="alert-resolve">
          {t('alert.resolve')}
        </button>
      </div>
      <ErrorBanner error={action.error} />
      {open === 'resolve' && <ResolveDialog id={group.id} onClose={() => setOpen(null)} onDone={(d) => { setOpen(null); onDone(d); }} />}
      {open === 'assign' && <AssignDialog group={group} onClose={() => setOpen(null)} onDone={(d) => { setOpen(null); onDone(d); }} />}
      {open === 'snooze' && <SnoozeDialog id={group.id} onClose={() => setOpen(null)} onDone={(d) => { setOpen(null); onDone(d); }} />}
    </div>
  );
}

interface DialogProps {
  onClose(): void;
  onDone: Done;
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

function ResolveDialog({ id, onClose, onDone }: DialogProps & { id: string }) {
  const t = useT();
  const [note, setNote] = useState('');
  const action = useAsyncAction();
  const submit = () => void action.run(async () => onDone(await api.post<AlertGroupDetail>(`/alerts/${id}/resolve`, note.trim() ? { note: note.trim() } : {})));
  return (
    <Dialog title={t('alert.resolveTitle')} onClose={onClose} testId="alert-resolve-dialog" footer={<Footer onClose={onClose} onSubmit={submit} busy={action.busy} label={t('alert.resolve')} testId="alert-resolve-submit" />}>
      <p>{t('alert.resolveExplain')}</p>
      <TextAreaField label={t('alert.resolveNote')} value={note} onValue={setNote} rows={3} error={fieldError(action.error, 'note')} testId="alert-resolve-note" />
      <ErrorBanner error={action.error} placedFields={['note']} />
    </Dialog>
  );
}

function AssignDialog({ group, onClose, onDone }: DialogProps & { group: AlertGroup }) {
  const t = useT();
  const user = useUser();
  const [userId, setUserId] = useState(group.assigneeId ?? '');
  const action = useAsyncAction();
  // Everyone the officer can see; the server refuses anyone who cannot see this alert.
  const people = useAsync((signal) => api.get<{ items: DutyPerson[] }>('/duty/people', undefined, signal), 'alert-assign-people');
  const options = (people.data?.items ?? []).map((p) => ({ value: p.id, label: p.agencyName ? `${p.displayName} — ${p.agencyName}` : p.displayName }));
  if (group.assigneeId && !options.some((o) => o.value === group.assigneeId)) options.unshift({ value: group.assigneeId, label: group.assigneeName ?? group.assigneeId });
  const assign = (id: string) => void action.run(async () => onDone(await api.post<AlertGroupDetail>(`/alerts/${group.id}/assign`, { userId: id || null })));
  return (
    <Dialog title={t('alert.assignTitle')} onClose={onClose} testId="alert-assign-dialog" footer={<Footer onClose={onClose} onSubmit={() => assign(userId)} busy={action.busy} label={t('common.save')} testId="alert-assign-submit" />}>
      <SelectField
        label={t('alert.assignTo')}
        value={userId}
        onValue={setUserId}
        options={options}
        emptyLabel={t('alert.assignNobody')}
        hint={t('alert.assignHint')}
        error={fieldError(action.error, 'userId')}
        testId="alert-assign-user"
      />
      {user.id !== group.assigneeId && (
        <button type="button" className="btn btn--small" onClick={() => assign(user.id)} disabled={action.busy} data-testid="alert-assign-me">
          {t('alert.assignMe')}
        </button>
      )}
      <ErrorBanner error={action.error ?? people.error} placedFields={['userId']} />
    </Dialog>
  );
}

const QUICK_MINUTES = [15, 30, 60, 120, 240];

function SnoozeDialog({ id, onClose, onDone }: DialogProps & { id: string }) {
  const t = useT();
  const [minutes, setMinutes] = useState('30');
  const action = useAsyncAction();
  const n = Number(minutes);
  const valid = Number.isInteger(n) && n >= 1 && n <= 10080;
  const submit = () => void action.run(async () => onDone(await api.post<AlertGroupDetail>(`/alerts/${id}/snooze`, { minutes: n })));
  return (
    <Dialog
      title={t('alert.snoozeTitle')}
      onClose={onClose}
      testId="alert-snooze-dialog"
      footer={<Footer onClose={onClose} onSubmit={submit} busy={action.busy || !valid} label={t('alert.snoozeFor', { n: valid ? n : '…' })} testId="alert-snooze-submit" />}
    >
      <p>{t('alert.snoozeExplain')}</p>
      <div className="alert-quick" role="group" aria-label={t('alert.snoozeMinutes')}>
        {QUICK_MINUTES.map((m) => (
          <button key={m} type="button" className={`btn btn--small${String(m) === minutes ? ' btn--primary' : ''}`} onClick={() => setMinutes(String(m))}>
            {t('alert.minutesShort', { n: m })}
          </button>
        ))}
      </div>
      <TextField label={t('alert.snoozeMinutes')} value={minutes} onValue={setMinutes} inputMode="numeric" maxLength={5} error={fieldError(action.error, 'minutes')} testId="alert-snooze-minutes" />
      <ErrorBanner error={action.error} placedFields={['minutes']} />
    </Dialog>
  );
}
