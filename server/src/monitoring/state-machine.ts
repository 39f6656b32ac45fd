import type { MonitorState, ProbeStatus } from './types.ts';

/**
 * The monitor state machine, as a pure function so every rule is testable from a table.
 *
 * - up and degraded take effect at once ("degraded passes through");
 * - down only after `failureThreshold` consecutive failures; a failure below the threshold keeps
 *   the previous state and asks for a confirming retry sooner than the next interval;
 * - flapping: at least `flap.transitions` state changes within `flap.windowMs`; it clears when
 *   the count in the window falls to half of that (hysteresis, so it does not toggle itself);
 * - leaving `unknown` (first check, after a resume or an edit) is not counted for flapping.
 */
export interface PreviousState {
  state: MonitorState;
  reason: string | null;
  since: Date | null;
  consecutiveFailures: number;
  flapping: boolean;
  /** Epoch ms of recent state changes, oldest first. */
  recentTransitions: number[];
}

export interface StateInput {
  previous: PreviousState;
  failureThreshold: number;
  result: { status: ProbeStatus; reason: string };
  now: Date;
  flap: { transitions: number; windowMs: number };
}

export interface NextState {
  state: MonitorState;
  reason: string | null;
  since: Date;
  consecutiveFailures: number;
  flapping: boolean;
  recentTransitions: number[];
  /** The state changed (a monitor_events row). */
  changed: boolean;
  /** Flapping started or ended (also recorded as an event). */
  flappingChanged: boolean;
  /** A failure below the threshold: check again soon to confirm or clear it. */
  confirm: boolean;
}

export function nextState(input: StateInput): NextState {
  const { previous: p, result, now, flap } = input;
  const threshold = Math.max(1, input.failureThreshold);
  let state: MonitorState;
  let reason: string | null;
  let failures: number;
  let confirm = false;

  if (result.status === 'down') {
    failures = p.consecutiveFailures + 1;
    if (failures >= threshold) {
      state = 'down';
      reason = result.reason;
    } else {
      // Not yet: hold the previous state (an unknown monitor stays unknown) and retry soon.
      state = p.state;
      reason = p.reason ?? result.reason;
      confirm = true;
    }
  } else {
    failures = 0;
    state = result.status;
    reason = result.reason;
  }

  const changed = state !== p.state;
  const cutoff = now.getTime() - flap.windowMs;
  const transitions = p.recentTransitions.filter((t) => t > cutoff);
  if (changed && p.state !== 'unknown') transitions.push(now.getTime());
  // Bounded: more than the threshold adds nothing.
  while (transitions.length > flap.transitions * 2) transitions.shift();

  let flapping = p.flapping;
  if (!flapping && transitions.length >= flap.transitions) flapping = true;
  else if (flapping && transitions.length <= Math.floor(flap.transitions / 2)) flapping = false;

  return {
    state,
    reason,
    since: changed || !p.since ? now : p.since,
    consecutiveFailures: failures,
    flapping,
    recentTransitions: transitions,
    changed,
    flappingChanged: flapping !== p.flapping,
    confirm,
  };
}
