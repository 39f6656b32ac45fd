import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { desiredAlerts, planAlerts } from '../../../server/src/monitoring/alert-plan.ts';
import { initialDue, leaseMs, nextDue } from '../../../server/src/monitoring/schedule.ts';
import { nextState, type PreviousState } from '../../../server/src/monitoring/state-machine.ts';
import type { MonitorState, ProbeStatus } from '../../../server/src/monitoring/types.ts';

const T0 = new Date('2026-08-29T00:00:00Z');
const FLAP = { transitions: 4, windowMs: 30 * 60_000 };

function prev(state: MonitorState, failures = 0, extra: Partial<PreviousState> = {}): PreviousState {
  return { state, reason: `was ${state}`, since: new Date(T0.getTime() - 3_600_000), consecutiveFailures: failures, flapping: false, recentTransitions: [], ...extra };
}

describe('state machine', () => {
  // [previous state, failures so far, threshold, result] → [next state, failures, changed, confirm retry]
  const table: [MonitorState, number, number, ProbeStatus, MonitorState, number, boolean, boolean][] = [
    ['unknown', 0, 2, 'up', 'up', 0, true, false],
    ['unknown', 0, 2, 'down', 'unknown', 1, false, true],
    ['unknown', 1, 2, 'down', 'down', 2, true, false],
    ['unknown', 0, 1, 'down', 'down', 1, true, false],
    ['up', 0, 2, 'up', 'up', 0, false, false],
    ['up', 0, 2, 'down', 'up', 1, false, true],
    ['up', 1, 2, 'down', 'down', 2, true, false],
    ['up', 1, 2, 'up', 'up', 0, false, false],
    ['up', 0, 3, 'down', 'up', 1, false, true],
    ['up', 1, 3, 'down', 'up', 2, false, true],
    ['up', 2, 3, 'down', 'down', 3, true, false],
    ['up', 0, 2, 'degraded', 'degraded', 0, true, false],
    ['up', 1, 2, 'degraded', 'degraded', 0, true, false],
    ['degraded', 0, 2, 'degraded', 'degraded', 0, false, false],
    ['degraded', 0, 2, 'down', 'degraded', 1, false, true],
    ['degraded', 0, 2, 'up', 'up', 0, true, false],
    ['down', 5, 2, 'down', 'down', 6, false, false],
    ['down', 5, 2, 'up', 'up', 0, true, false],
    ['down', 5, 2, 'degraded', 'degraded', 0, true, false],
  ];
  for (const [from, failures, threshold, status, to, nextFailures, changed, confirm] of table) {
    test(`${from} (${failures}/${threshold} failures) + ${status} → ${to}`, () => {
      const r = nextState({ previous: prev(from, failures), failureThreshold: threshold, result: { status, reason: `got ${status}` }, now: T0, flap: FLAP });
      assert.equal(r.state, to);
      assert.equal(r.consecutiveFailures, nextFailures);
      assert.equal(r.changed, changed);
      assert.equal(r.confirm, confirm);
      if (changed) assert.equal(r.since.getTime(), T0.getTime());
      else assert.notEqual(r.since.getTime(), T0.getTime());
      // The reason follows the result when it decides the state; a pending failure keeps the old one.
      assert.equal(r.reason, confirm ? `was ${from}` : `got ${status}`);
    });
  }

  test('flapping starts at the threshold of transitions in the window and ends at half of it', () => {
    let p = prev('up');
    const seen: boolean[] = [];
    const statuses: ProbeStatus[] = ['degraded', 'up', 'degraded', 'up', 'degraded'];
    statuses.forEach((status, i) => {
      const r = nextState({ previous: p, failureThreshold: 2, result: { status, reason: status }, now: new Date(T0.getTime() + i * 60_000), flap: FLAP });
      seen.push(r.flapping);
      if (i === 3) assert.equal(r.flappingChanged, true);
      p = { state: r.state, reason: r.reason, since: r.since, consecutiveFailures: r.consecutiveFailures, flapping: r.flapping, recentTransitions: r.recentTransitions };
    });
    assert.deepEqual(seen, [false, false, false, true, true]);
    // Stable for longer than the window: the old transitions age out and flapping ends.
    const calm = nextState({ previous: p, failureThreshold: 2, result: { status: 'degraded', reason: 'x' }, now: new Date(T0.getTime() + 40 * 60_000), flap: FLAP });
    assert.equal(calm.flapping, false);
    assert.equal(calm.flappingChanged, true);
    assert.equal(calm.recentTransitions.length, 0);
  });

  test('leaving unknown does not count towards flapping', () => {
    const r = nextState({ previous: prev('unknown'), failureThreshold: 2, result: { status: 'up', reason: 'ok' }, now: T0, flap: FLAP });
    assert.deepEqual(r.recentTransitions, []);
  });
});

describe('schedule', () => {
  test('the first check is spread over one interval', () => {
    assert.equal(initialDue(T0, 60, () => 0).getTime(), T0.getTime());
    assert.equal(initialDue(T0, 60, () => 0.5).getTime(), T0.getTime() + 30_000);
  });

  test('next due is the previous due plus the interval (no drift), even when the check ran late', () => {
    const due = new Date(T0.getTime());
    const finishedLate = new Date(T0.getTime() + 7_000);
    assert.equal(nextDue(due, 60, finishedLate).getTime(), T0.getTime() + 60_000);
  });

  test('far behind: restart half to one interval from now, spread, instead of firing the backlog', () => {
    const due = new Date(T0.getTime());
    const now = new Date(T0.getTime() + 10 * 60_000);
    assert.equal(nextDue(due, 60, now, { random: () => 0.25 }).getTime(), now.getTime() + 37_500);
    assert.equal(nextDue(due, 60, now, { random: () => 0 }).getTime(), now.getTime() + 30_000);
  });

  test('a late check stands in for a slot less than half an interval away', () => {
    // Due at T0, finished 40 s late: the T0+60 slot is only 20 s away, so the next is T0+120.
    assert.equal(nextDue(T0, 60, new Date(T0.getTime() + 40_000)).getTime(), T0.getTime() + 120_000);
    assert.equal(nextDue(T0, 60, new Date(T0.getTime() + 29_000)).getTime(), T0.getTime() + 60_000);
  });

  test('a failure below the threshold is retried soon, at most half an interval later', () => {
    assert.equal(nextDue(T0, 60, T0, { confirm: true, retrySeconds: 20 }).getTime(), T0.getTime() + 20_000);
    assert.equal(nextDue(T0, 10, T0, { confirm: true, retrySeconds: 20 }).getTime(), T0.getTime() + 5_000);
  });

  test('a lease covers the timeout, the hard-timeout grace and the margin', () => {
    assert.equal(leaseMs(10_000, 5), 16_000);
  });
});

describe('alert plan', () => {
  test('desired alerts follow the state; flapping replaces the rest', () => {
    assert.deepEqual(desiredAlerts('down', false), ['down']);
    assert.deepEqual(desiredAlerts('degraded', false), ['degraded']);
    assert.deepEqual(desiredAlerts('up', false), []);
    assert.deepEqual(desiredAlerts('unknown', false), []);
    assert.deepEqual(desiredAlerts('down', true), ['flapping']);
  });

  test('open what is missing, resolve what is no longer wanted, hold the rest', () => {
    assert.deepEqual(planAlerts([], ['down'], false), { open: ['down'], resolve: [], held: ['down'] });
    assert.deepEqual(planAlerts(['down'], ['down'], false), { open: [], resolve: [], held: ['down'] });
    assert.deepEqual(planAlerts(['down'], [], false), { open: [], resolve: ['down'], held: [] });
    assert.deepEqual(planAlerts(['down'], ['degraded'], false), { open: ['degraded'], resolve: ['down'], held: ['degraded'] });
  });

  test('a maintenance window holds back opening, never resolving', () => {
    assert.deepEqual(planAlerts([], ['down'], true), { open: [], resolve: [], held: [] });
    assert.deepEqual(planAlerts(['down'], [], true), { open: [], resolve: ['down'], held: [] });
    // After the window: the next check opens it.
    assert.deepEqual(planAlerts([], ['down'], false).open, ['down']);
  });
});
