/**
 * Escalation policies as data: an ordered list of steps run while an alert group is neither
 * acknowledged nor resolved. Notify steps run back to back; a wait step parks the group until
 * its time is up. After the last step the policy starts over, `repeat` more times at most.
 * A policy that repeats must wait somewhere, or it would page everyone in a tight loop.
 */

export type EscalationStep =
  /** The people on duty now in one roster. */
  | { type: 'notify_on_duty'; rosterId: string }
  /** The people on duty now in any roster of the group's agency (or of its members' agencies). */
  | { type: 'notify_agency_on_duty' }
  /** The group's agency's registered 24/7 contact points. */
  | { type: 'notify_agency_contacts'; availability?: ContactAvailability[] }
  | { type: 'notify_users'; userIds: string[] }
  /** A shared channel (a Slack/Teams room, a webhook): one message, no per-person address. */
  | { type: 'notify_channel'; channelId: string }
  | { type: 'wait'; minutes: number };

export type ContactAvailability = 'office_hours' | 'out_of_hours' | 'leadership';
export const STEP_TYPES = ['notify_on_duty', 'notify_agency_on_duty', 'notify_agency_contacts', 'notify_users', 'notify_channel', 'wait'] as const;
export const MAX_STEPS = 20;
export const MAX_REPEAT = 10;
export const MAX_WAIT_MINUTES = 24 * 60;

export interface EscalationPolicy {
  steps: EscalationStep[];
  repeat: number;
}

export interface FieldIssue {
  field: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shape and sense of a policy; references (rosters, users, channels) are checked by the service. */
export function policyIssues(p: { steps: unknown; repeat: unknown }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(p.repeat) || (p.repeat as number) < 0 || (p.repeat as number) > MAX_REPEAT) {
    issues.push({ field: '/repeat', message: `must be a whole number from 0 to ${MAX_REPEAT}` });
  }
  if (!Array.isArray(p.steps)) return [...issues, { field: '/steps', message: 'must be a list of steps' }];
  if (p.steps.length === 0) issues.push({ field: '/steps', message: 'add at least one step' });
  if (p.steps.length > MAX_STEPS) issues.push({ field: '/steps', message: `at most ${MAX_STEPS} steps` });
  p.steps.forEach((s: unknown, i) => issues.push(...stepIssues(s, `/steps/${i}`)));
  const steps = p.steps as EscalationStep[];
  if (issues.length === 0) {
    if (!steps.some((s) => s.type !== 'wait')) issues.push({ field: '/steps', message: 'a policy must notify someone' });
    if ((p.repeat as number) > 0 && !steps.some((s) => s.type === 'wait')) {
      issues.push({ field: '/repeat', message: 'a repeating policy needs a wait step, or it would notify without pause' });
    }
  }
  return issues;
}

function stepIssues(s: unknown, at: string): FieldIssue[] {
  if (!s || typeof s !== 'object') return [{ field: at, message: 'must be a step object' }];
  const step = s as Record<string, unknown>;
  if (!STEP_TYPES.includes(step.type as (typeof STEP_TYPES)[number])) return [{ field: `${at}/type`, message: `must be one of ${STEP_TYPES.join(', ')}` }];
  const id = (v: unknown, field: string) => (typeof v === 'string' && UUID.test(v) ? [] : [{ field: `${at}/${field}`, message: 'must be an id' }]);
  switch (step.type) {
    case 'notify_on_duty':
      return id(step.rosterId, 'rosterId');
    case 'notify_channel':
      return id(step.channelId, 'channelId');
    case 'notify_users':
      if (!Array.isArray(step.userIds) || step.userIds.length === 0 || step.userIds.length > 50) return [{ field: `${at}/userIds`, message: 'name 1 to 50 users' }];
      return step.userIds.flatMap((u, i) => id(u, `userIds/${i}`));
    case 'notify_agency_contacts': {
      const a = step.availability;
      if (a === undefined) return [];
      const ok = Array.isArray(a) && a.length > 0 && a.every((x) => x === 'office_hours' || x === 'out_of_hours' || x === 'leadership');
      return ok ? [] : [{ field: `${at}/availability`, message: 'must list office_hours, out_of_hours or leadership' }];
    }
    case 'wait':
      return Number.isInteger(step.minutes) && (step.minutes as number) >= 1 && (step.minutes as number) <= MAX_WAIT_MINUTES
        ? []
        : [{ field: `${at}/minutes`, message: `must be a whole number of minutes from 1 to ${MAX_WAIT_MINUTES}` }];
    default:
      return [];
  }
}

export interface EscalationPosition {
  step: number;
  round: number;
}

export interface EscalationRun {
  /** Notify steps to run now, in order, each with its escalation level (1 = first people told). */
  notify: { step: EscalationStep & { type: Exclude<EscalationStep['type'], 'wait'> }; index: number; level: number; round: number }[];
  /** Where to resume, and when; null when the policy has run out. */
  next: (EscalationPosition & { at: Date }) | null;
  /** Minutes waited before this run (for "not acknowledged after N minutes"). */
  waitedMinutes: number;
}

/** The escalation level of a step: 1 + the waits before it in this round (a round restarts it). */
export function levelOf(steps: readonly EscalationStep[], index: number): number {
  return 1 + steps.slice(0, index).filter((s) => s.type === 'wait').length;
}

/**
 * What to do when a group's escalation comes due at `now`, from `pos`: run notify steps until a
 * wait (which sets the next time) or the end (which restarts the round while repeats are left).
 */
export function runEscalation(policy: EscalationPolicy, pos: EscalationPosition, now: Date): EscalationRun {
  const steps = policy.steps;
  const notify: EscalationRun['notify'] = [];
  const prev = pos.step > 0 ? steps[pos.step - 1] : pos.round > 0 ? steps[steps.length - 1] : undefined;
  const waitedMinutes = prev?.type === 'wait' ? prev.minutes : 0;
  let { step, round } = pos;
  // Bounded: each pass either advances a step or ends; a round restarts at most `repeat` times.
  for (let guard = 0; guard <= (MAX_STEPS + 1) * (MAX_REPEAT + 2); guard++) {
    if (step >= steps.length) {
      if (round >= policy.repeat || steps.length === 0) return { notify, next: null, waitedMinutes };
      round += 1;
      step = 0;
      continue;
    }
    const s = steps[step]!;
    if (s.type === 'wait') {
      return { notify, next: { step: step + 1, round, at: new Date(now.getTime() + s.minutes * 60_000) }, waitedMinutes };
    }
    notify.push({ step: s, index: step, level: levelOf(steps, step), round });
    step += 1;
  }
  return { notify, next: null, waitedMinutes };
}
