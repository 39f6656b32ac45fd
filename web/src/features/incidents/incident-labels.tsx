import type { DeadlineState, Incident, IncidentCause, IncidentPriority, IncidentType, TaskPhase, Tlp } from '../../api/incident-types.ts';
import type { Role } from '../../api/types.ts';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import { useT } from '../../i18n/use-t.ts';

/** Classification, the serious flag, assignment, "notice sent": the coordinating unit (mirrors domain/incident-access.ts). */
export const canCoordinateIncidents = (role: Role) => role === 'admin' || role === 'coordinator';
/** Reporting, commenting, tasks and transitions: anyone but a viewer. */
export const canWorkIncidents = (role: Role) => role !== 'viewer';

export const typeLabel = (t: TFunction, type: IncidentType | null) => (type ? t(`inc.type.${type}`) : t('inc.type.none'));
export const causeLabel = (t: TFunction, cause: IncidentCause | null) => (cause ? t(`inc.cause.${cause}`) : '—');
export const phaseLabel = (t: TFunction, phase: TaskPhase) => t(`inc.phase.${phase}`);

export function statusText(t: TFunction, i: Pick<Incident, 'status' | 'phase'>): string {
  const status = t(`inc.status.${i.status}`);
  return i.status === 'handling' && i.phase ? t('inc.statusPhase', { status, phase: t(`inc.phase.${i.phase}`) }) : status;
}

const STATUS_CLASS: Record<Incident['status'], string> = { received: 'badge--danger', verifying: 'badge--warn', handling: 'badge--primary', closed: 'badge--ok' };

export function IncidentStatusBadge({ incident }: { incident: Pick<Incident, 'status' | 'phase'> }) {
  const t = useT();
  return (
    <span className={`badge ${STATUS_CLASS[incident.status]}`} data-testid="incident-status" data-status={incident.status} data-phase={incident.phase ?? ''}>
      {statusText(t, incident)}
    </span>
  );
}

const TLP_CLASS: Record<Tlp, string> = { clear: 'tlp--clear', green: 'tlp--green', amber: 'tlp--amber', red: 'tlp--red' };

export function TlpBadge({ tlp }: { tlp: Tlp | null }) {
  const t = useT();
  if (!tlp) return null;
  return (
    <span className={`badge tlp ${TLP_CLASS[tlp]}`} data-testid="incident-tlp" data-tlp={tlp}>
      {t(`inc.tlp.${tlp}`)}
    </span>
  );
}

export function SeriousBadge({ serious }: { serious: boolean }) {
  const t = useT();
  if (!serious) return null;
  return (
    <span className="badge badge--critical" data-testid="incident-serious">
      {t('inc.serious')}
    </span>
  );
}

const PRIORITY_CLASS: Record<IncidentPriority, string> = { low: 'badge--info', medium: 'badge--warn', high: 'badge--danger', critical: 'badge--critical' };

export function PriorityBadge({ priority }: { priority: IncidentPriority | null }) {
  const t = useT();
  if (!priority) return null;
  return (
    <span className={`badge ${PRIORITY_CLASS[priority]}`} data-testid="incident-priority" data-priority={priority}>
      {t('inc.priorityBadge', { p: t(`inc.priority.${priority}`) })}
    </span>
  );
}

/** A closed padlock: the incident is confidential (seen only by named people). */
export function ConfidentialBadge({ confidential }: { confidential: boolean }) {
  const t = useT();
  if (!confidential) return null;
  return (
    <span className="badge badge--muted inc-lock" data-testid="incident-confidential" title={t('inc.confidential')}>
      <svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" aria-hidden="true">
        <path d="M5 11h14v10H5zM8 11V7a4 4 0 0 1 8 0v4" />
      </svg>
      {t('inc.confidential')}
    </span>
  );
}

const DEADLINE_CLASS: Record<DeadlineState, string> = { met: 'badge--ok', met_late: 'badge--warn', open: 'badge--info', due_soon: 'badge--warn', overdue: 'badge--danger' };

export function DeadlineStateBadge({ state }: { state: DeadlineState }) {
  const t = useT();
  return (
    <span className={`badge ${DEADLINE_CLASS[state]}`} data-testid="deadline-state" data-state={state}>
      {t(`inc.deadline.${state}`)}
    </span>
  );
}
