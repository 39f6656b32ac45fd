import DEFAULTS from './default-playbooks.json' with { type: 'json' };
import { INCIDENT_TYPES, type IncidentType } from './incident-types.ts';

/**
 * Response plans as editable data: per incident type, phases with a checklist of tasks, each
 * due some hours after the incident is classified. Instantiated into tasks when a coordinator
 * classifies an incident. The built-in plans (default-playbooks.json) follow the phases of
 * Circular 20/2017 art. 11; administrators replace them per type.
 */
export const PLAYBOOK_PHASES = ['verify', 'contain', 'eradicate', 'recover', 'check', 'review'] as const;
export type PlaybookPhase = (typeof PLAYBOOK_PHASES)[number];

export interface PlaybookTask {
  title: string;
  /** Due this many hours after classification; none: no due time. */
  dueHours?: number;
}

export interface Playbook {
  name: string;
  phases: { phase: PlaybookPhase; tasks: PlaybookTask[] }[];
}

export interface TaskDraft {
  phase: PlaybookPhase;
  title: string;
  position: number;
  dueAt: Date | null;
}

const defaults = DEFAULTS as unknown as { common: Playbook['phases']; byType: Record<IncidentType, { name: string; extra: Playbook['phases'] }> };

/** The built-in plan of a type: the common checklist with the type's own tasks merged in by phase. */
export function defaultPlaybook(type: IncidentType): Playbook {
  const t = defaults.byType[type];
  const phases = PLAYBOOK_PHASES.map((phase) => ({
    phase,
    tasks: [...(t.extra.find((p) => p.phase === phase)?.tasks ?? []), ...(defaults.common.find((p) => p.phase === phase)?.tasks ?? [])],
  })).filter((p) => p.tasks.length > 0);
  return { name: t.name, phases };
}

export function instantiate(p: Playbook, from: Date): TaskDraft[] {
  let position = 0;
  return p.phases.flatMap((ph) =>
    ph.tasks.map((t) => ({ phase: ph.phase, title: t.title, position: (position += 10), dueAt: t.dueHours !== undefined ? new Date(from.getTime() + t.dueHours * 3_600_000) : null })));
}

export function playbookIssues(p: unknown): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  const o = p as Record<string, unknown>;
  if (!o || typeof o !== 'object') return [{ field: '', message: 'must be a playbook' }];
  if (typeof o.name !== 'string' || !o.name.trim() || o.name.length > 200) issues.push({ field: '/name', message: 'must be 1 to 200 characters' });
  if (!Array.isArray(o.phases) || o.phases.length === 0 || o.phases.length > PLAYBOOK_PHASES.length) return [...issues, { field: '/phases', message: 'list 1 to 6 phases' }];
  let total = 0;
  o.phases.forEach((ph: Record<string, unknown>, i) => {
    if (!PLAYBOOK_PHASES.includes(ph?.phase as PlaybookPhase)) issues.push({ field: `/phases/${i}/phase`, message: `must be one of ${PLAYBOOK_PHASES.join(', ')}` });
    if (!Array.isArray(ph?.tasks) || ph.tasks.length === 0) return void issues.push({ field: `/phases/${i}/tasks`, message: 'add at least one task' });
    (ph.tasks as Record<string, unknown>[]).forEach((t, j) => {
      total += 1;
      if (typeof t?.title !== 'string' || !t.title.trim() || t.title.length > 300) issues.push({ field: `/phases/${i}/tasks/${j}/title`, message: 'must be 1 to 300 characters' });
      if (t?.dueHours !== undefined && (!Number.isInteger(t.dueHours) || (t.dueHours as number) < 0 || (t.dueHours as number) > 24 * 90)) issues.push({ field: `/phases/${i}/tasks/${j}/dueHours`, message: 'must be 0 to 2160 hours' });
    });
  });
  if (total > 100) issues.push({ field: '/phases', message: 'at most 100 tasks' });
  return issues;
}

export const isIncidentType = (t: unknown): t is IncidentType => INCIDENT_TYPES.includes(t as IncidentType);
