import type { RollCallSummary, TargetState } from '../../api/alert-types.ts';
import type { Role } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';

/** Who may start and close a roll call (the server decides; this only hides the buttons). */
export const canRunRollCall = (role: Role) => role === 'admin' || role === 'coordinator' || role === 'agency_admin';

export const STATE_CLASS: Record<TargetState, string> = {
  answered: 'badge--ok',
  waiting: 'badge--info',
  no_answer: 'badge--warn',
  bounced: 'badge--danger',
  failed: 'badge--danger',
  unreachable: 'badge--critical',
};

export function TargetStateBadge({ state }: { state: TargetState }) {
  const t = useT();
  return (
    <span className={`badge ${STATE_CLASS[state] ?? 'badge--muted'}`} data-testid="target-state" data-state={state}>
      {t(`rc.state.${state}` as MessageKey)}
    </span>
  );
}

export type RollCallPhase = 'open' | 'overdue' | 'closed';

export function rollCallPhase(r: Pick<RollCallSummary, 'closedAt' | 'deadlineAt'>, now = Date.now()): RollCallPhase {
  if (r.closedAt) return 'closed';
  return new Date(r.deadlineAt).getTime() <= now ? 'overdue' : 'open';
}

export function PhaseBadge({ phase }: { phase: RollCallPhase }) {
  const t = useT();
  const cls = phase === 'open' ? 'badge--info' : phase === 'overdue' ? 'badge--warn' : 'badge--muted';
  return (
    <span className={`badge ${cls}`} data-testid="roll-call-phase" data-phase={phase}>
      {t(`rc.phase.${phase}` as MessageKey)}
    </span>
  );
}
