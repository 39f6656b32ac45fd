/**
 * The response workflow of Circular 20/2017 arts. 10–11 as a state machine: received → verifying
 * → handling (contain → eradicate → recover → check, back to contain when unstable) → closed,
 * with reopen. Closing needs a closing report (Mẫu 04); the service enforces that, this says
 * which moves exist.
 */
export const STATUSES = ['received', 'verifying', 'handling', 'closed'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export const PHASES = ['contain', 'eradicate', 'recover', 'check'] as const;
export type ResponsePhase = (typeof PHASES)[number];

export type Transition = 'verify' | 'handle' | 'phase' | 'close' | 'reopen';

export interface WorkflowState {
  status: IncidentStatus;
  phase: ResponsePhase | null;
}

const PHASE_MOVES: Readonly<Record<ResponsePhase, readonly ResponsePhase[]>> = {
  contain: ['eradicate'],
  eradicate: ['recover', 'contain'],
  recover: ['check', 'contain'],
  // "Check": stable → close; unstable → back to containment.
  check: ['contain'],
};

export type TransitionResult = { ok: true; next: WorkflowState } | { ok: false; reason: string };

export function applyTransition(s: WorkflowState, t: Transition, phase?: ResponsePhase): TransitionResult {
  switch (t) {
    case 'verify':
      return s.status === 'received' ? { ok: true, next: { status: 'verifying', phase: null } } : { ok: false, reason: `cannot start verifying from ${s.status}` };
    case 'handle':
      return s.status === 'received' || s.status === 'verifying'
        ? { ok: true, next: { status: 'handling', phase: 'contain' } }
        : { ok: false, reason: `cannot start handling from ${s.status}` };
    case 'phase': {
      if (s.status !== 'handling' || !s.phase) return { ok: false, reason: 'phases apply while handling' };
      if (!phase || !PHASE_MOVES[s.phase].includes(phase)) return { ok: false, reason: `from ${s.phase} the next phase is ${PHASE_MOVES[s.phase].join(' or ')}` };
      return { ok: true, next: { status: 'handling', phase } };
    }
    case 'close':
      // Closing from "check" (stable), or from verifying when it was not an incident after all.
      if (s.status === 'handling' && s.phase === 'check') return { ok: true, next: { status: 'closed', phase: null } };
      if (s.status === 'verifying' || s.status === 'received') return { ok: true, next: { status: 'closed', phase: null } };
      return { ok: false, reason: s.status === 'closed' ? 'already closed' : 'close after the check phase' };
    case 'reopen':
      return s.status === 'closed' ? { ok: true, next: { status: 'handling', phase: 'contain' } } : { ok: false, reason: 'only a closed incident can be reopened' };
  }
}

/** The moves available now, for the UI's buttons. */
export function availableTransitions(s: WorkflowState): { transition: Transition; phase?: ResponsePhase }[] {
  const out: { transition: Transition; phase?: ResponsePhase }[] = [];
  for (const t of ['verify', 'handle', 'close', 'reopen'] as const) if (applyTransition(s, t).ok) out.push({ transition: t });
  if (s.status === 'handling' && s.phase) for (const p of PHASE_MOVES[s.phase]) out.push({ transition: 'phase', phase: p });
  return out;
}
