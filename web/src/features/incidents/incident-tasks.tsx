import { api } from '../../api/api-client.ts';
import { TASK_PHASES, type IncidentDetail, type IncidentTask } from '../../api/incident-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { phaseLabel } from './incident-labels.tsx';

/** The response plan's tasks grouped by phase, ticked off as they are done; overdue ones in red. */
export function IncidentTasks({ detail, editable, onDone }: { detail: IncidentDetail; editable: boolean; onDone(d: IncidentDetail): void }) {
  const t = useT();
  const action = useAsyncAction();
  const tasks = detail.tasks;
  if (tasks.length === 0) return <p className="card muted" data-testid="incident-tasks-empty">{t('inc.tasks.none')}</p>;
  const toggle = (task: IncidentTask, done: boolean) =>
    void action.run(async () => onDone(await api.patch<IncidentDetail>(`/incidents/${detail.incident.id}/tasks/${task.id}`, { done })));
  const done = tasks.filter((x) => x.doneAt).length;
  const current = detail.incident.phase;
  return (
    <div className="card" data-testid="incident-tasks">
      <p className="muted small" data-testid="incident-tasks-progress">
        {t('inc.tasks.progress', { done, n: tasks.length })}
      </p>
      <ErrorBanner error={action.error} />
      {TASK_PHASES.filter((p) => tasks.some((x) => x.phase === p)).map((phase) => (
        <div key={phase} className={`inc-phase${phase === current ? ' inc-phase--current' : ''}`} data-testid="incident-task-phase" data-phase={phase}>
          <h3 className="inc-phase__title">{phaseLabel(t, phase)}</h3>
          <ul className="plain-list">
            {tasks
              .filter((x) => x.phase === phase)
              .map((task) => (
                <li key={task.id} className={`inc-task${task.doneAt ? ' inc-task--done' : ''}${task.overdue ? ' inc-task--overdue' : ''}`} data-testid="incident-task" data-done={task.doneAt ? 'true' : 'false'}>
                  <label className="inc-task__label">
                    <input type="checkbox" checked={!!task.doneAt} disabled={!editable || action.busy} onChange={(e) => toggle(task, e.target.checked)} data-testid="incident-task-check" />
                    <span className="inc-task__title">{task.title}</span>
                  </label>
                  <span className="inc-task__meta">
                    {task.doneAt ? (
                      t('inc.task.doneAt', { time: formatDateTime(task.doneAt) })
                    ) : task.dueAt ? (
                      <span className={task.overdue ? 'text-danger' : undefined} data-testid="incident-task-due">
                        {t(task.overdue ? 'inc.task.overdue' : 'inc.task.due', { time: formatDateTime(task.dueAt) })}
                      </span>
                    ) : null}
                    {task.assigneeName && <span> · {task.assigneeName}</span>}
                  </span>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
