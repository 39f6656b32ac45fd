import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { INCIDENT_TYPES, TASK_PHASES, type IncidentType, type Playbook, type PlaybookPhase, type TaskPhase } from '../../api/incident-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { phaseLabel } from './incident-labels.tsx';

interface DraftTask {
  title: string;
  dueHours: string;
}
interface Draft {
  name: string;
  phases: { phase: TaskPhase; tasks: DraftTask[] }[];
}

const toDraft = (p: Playbook): Draft => ({ name: p.name, phases: p.phases.map((ph) => ({ phase: ph.phase, tasks: ph.tasks.map((x) => ({ title: x.title, dueHours: x.dueHours === undefined ? '' : String(x.dueHours) })) })) });
const move = <T,>(xs: T[], i: number, d: -1 | 1): T[] => {
  const j = i + d;
  if (j < 0 || j >= xs.length) return xs;
  const out = [...xs];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
};

/**
 * The response plan per incident type: phases (verify → review) with their tasks and due hours,
 * as data. Administrators edit, add, remove and reorder; "back to built-in" drops the custom one.
 * Changes apply to incidents classified afterwards. Coordinators read.
 */
export function PlaybookEditor({ playbooks, editable, onSaved }: { playbooks: Playbook[]; editable: boolean; onSaved(p: Playbook): void }) {
  const t = useT();
  const [type, setType] = useState<IncidentType>(playbooks[0]?.type ?? 'dos');
  // A reset brings the built-in plan back: the form starts again from it.
  const [epoch, setEpoch] = useState(0);
  const current = playbooks.find((p) => p.type === type);
  return (
    <div data-testid="playbook-editor">
      <div className="filters inc-wide-filter">
        <SelectField label={t('inc.set.pbType')} value={type} onValue={(v) => setType(v as IncidentType)} options={INCIDENT_TYPES.map((x) => ({ value: x, label: `${t(`inc.type.${x}`)}${playbooks.find((p) => p.type === x)?.custom ? ` (${t('inc.set.custom')})` : ''}` }))} testId="playbook-type" />
      </div>
      {current && (
        <PlaybookForm
          key={`${current.type}:${epoch}`}
          playbook={current}
          editable={editable}
          onSaved={onSaved}
          onReset={(p) => {
            onSaved(p);
            setEpoch((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

function PlaybookForm({ playbook, editable, onSaved, onReset }: { playbook: Playbook; editable: boolean; onSaved(p: Playbook): void; onReset(p: Playbook): void }) {
  const t = useT();
  const [draft, setDraft] = useState<Draft>(() => toDraft(playbook));
  const [saved, setSaved] = useState(false);
  const [resetting, setResetting] = useState(false);
  const action = useAsyncAction();
  const err = (f: string) => fieldError(action.error, f);
  const setPhase = (i: number, patch: Partial<Draft['phases'][number]>) => setDraft((d) => ({ ...d, phases: d.phases.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  const setTask = (i: number, k: number, patch: Partial<DraftTask>) => setPhase(i, { tasks: draft.phases[i]!.tasks.map((x, j) => (j === k ? { ...x, ...patch } : x)) });
  const unused = TASK_PHASES.filter((p) => !draft.phases.some((x) => x.phase === p));
  const save = () => {
    setSaved(false);
    const phases: PlaybookPhase[] = draft.phases.map((p) => ({
      phase: p.phase,
      tasks: p.tasks.map((x) => ({ title: x.title.trim(), ...(x.dueHours.trim() !== '' && { dueHours: Number(x.dueHours) }) })),
    }));
    void action.run(async () => {
      const p = await api.put<Playbook>(`/playbooks/${playbook.type}`, { name: draft.name.trim(), phases });
      setSaved(true);
      onSaved(p);
    });
  };
  return (
    <div className="card inc-pb" data-testid="playbook-form" data-type={playbook.type} data-custom={playbook.custom}>
      <p className="muted small">
        {playbook.custom ? t('inc.set.customSince', { time: formatDateTime(playbook.updatedAt) }) : t('inc.set.builtin')}
      </p>
      <TextField label={t('inc.set.pbName')} value={draft.name} onValue={(name) => setDraft((d) => ({ ...d, name }))} maxLength={200} required disabled={!editable} error={err('name')} testId="playbook-name" />
      {draft.phases.map((ph, i) => (
        <fieldset key={`${ph.phase}-${i}`} className="inc-pb__phase" data-testid="playbook-phase" data-phase={ph.phase}>
          <legend>{i + 1}. {phaseLabel(t, ph.phase)}</legend>
          {editable && (
            <div className="inc-pb__tools">
              <SelectField label={t('inc.set.phase')} value={ph.phase} onValue={(v) => setPhase(i, { phase: v as TaskPhase })} options={TASK_PHASES.filter((p) => p === ph.phase || unused.includes(p)).map((p) => ({ value: p, label: phaseLabel(t, p) }))} error={err(`phases/${i}/phase`)} />
              <span className="inc-pb__buttons">
                <button type="button" className="btn btn--small" onClick={() => setDraft((d) => ({ ...d, phases: move(d.phases, i, -1) }))} disabled={i === 0} aria-label={t('inc.set.up')}>↑</button>
                <button type="button" className="btn btn--small" onClick={() => setDraft((d) => ({ ...d, phases: move(d.phases, i, 1) }))} disabled={i === draft.phases.length - 1} aria-label={t('inc.set.down')}>↓</button>
                <button type="button" className="btn btn--small btn--danger" onClick={() => setDraft((d) => ({ ...d, phases: d.phases.filter((_, j) => j !== i) }))} data-testid="playbook-phase-remove">{t('inc.set.removePhase')}</button>
              </span>
            </div>
          )}
          {err(`phases/${i}/tasks`) && !fieldError(action.error, `phases/${i}/tasks/0`) && <p className="field__error">{err(`phases/${i}/tasks`)}</p>}
          <ol className="inc-pb__tasks">
            {ph.tasks.map((task, k) => (
              <li key={k} className="inc-pb__task" data-testid="playbook-task">
                <TextField label={t('inc.set.taskTitle')} value={task.title} onValue={(title) => setTask(i, k, { title })} maxLength={300} disabled={!editable} error={err(`phases/${i}/tasks/${k}/title`)} testId="playbook-task-title" className="inc-pb__title" />
                <TextField label={t('inc.set.dueHours')} type="number" min={0} max={2160} inputMode="numeric" value={task.dueHours} onValue={(dueHours) => setTask(i, k, { dueHours })} disabled={!editable} error={err(`phases/${i}/tasks/${k}/dueHours`)} testId="playbook-task-due" className="inc-pb__due" />
                {editable && (
                  <span className="inc-pb__buttons">
                    <button type="button" className="btn btn--small" onClick={() => setPhase(i, { tasks: move(ph.tasks, k, -1) })} disabled={k === 0} aria-label={t('inc.set.up')}>↑</button>
                    <button type="button" className="btn btn--small" onClick={() => setPhase(i, { tasks: move(ph.tasks, k, 1) })} disabled={k === ph.tasks.length - 1} aria-label={t('inc.set.down')}>↓</button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setPhase(i, { tasks: ph.tasks.filter((_, j) => j !== k) })} aria-label={t('inc.set.removeTask')} data-testid="playbook-task-remove">×</button>
                  </span>
                )}
              </li>
            ))}
          </ol>
          {editable && (
            <button type="button" className="btn btn--small" onClick={() => setPhase(i, { tasks: [...ph.tasks, { title: '', dueHours: '' }] })} data-testid="playbook-task-add">
              {t('inc.set.addTask')}
            </button>
          )}
        </fieldset>
      ))}
      {err('phases') && <p className="field__error">{err('phases')}</p>}
      {editable && (
        <>
          {unused.length > 0 && (
            <button type="button" className="btn btn--small" onClick={() => setDraft((d) => ({ ...d, phases: [...d.phases, { phase: unused[0]!, tasks: [{ title: '', dueHours: '' }] }] }))} data-testid="playbook-phase-add">
              {t('inc.set.addPhase')}
            </button>
          )}
          <ErrorBanner error={action.error} placedFields={['name', 'phases']} />
          <div className="form__actions">
            <button type="button" className="btn btn--primary" onClick={save} disabled={action.busy} data-testid="playbook-save">
              {action.busy ? t('common.working') : t('common.save')}
            </button>
            {playbook.custom && (
              <button type="button" className="btn btn--danger" onClick={() => setResetting(true)} data-testid="playbook-reset">
                {t('inc.set.reset')}
              </button>
            )}
            {saved && <span className="inc-saved" role="status" data-testid="playbook-saved">{t('inc.set.saved')}</span>}
          </div>
        </>
      )}
      {resetting && (
        <ConfirmDialog
          title={t('inc.set.reset')}
          message={t('inc.set.resetText', { type: t(`inc.type.${playbook.type}`) })}
          confirmLabel={t('inc.set.reset')}
          danger
          onConfirm={async () => {
            const p = await api.del<Playbook>(`/playbooks/${playbook.type}`);
            setResetting(false);
            onReset(p);
          }}
          onClose={() => setResetting(false)}
        />
      )}
    </div>
  );
}
