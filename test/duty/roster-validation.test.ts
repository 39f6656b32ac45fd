import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertValidPlan, periodBounds, validatePeriod, validateRoster } from '../../server/src/duty/roster-validation.ts';
import { expandSchedule } from '../../server/src/duty/schedule.ts';
import { ValidationError } from '../../server/src/domain/errors.ts';
import { nationalDay, socRoster } from './fixtures.ts';

const fields = (issues: { field: string }[]) => issues.map((i) => i.field);

test('a valid period and roster have no issues', () => {
  assert.deepEqual(validatePeriod(nationalDay()), []);
  assert.deepEqual(validateRoster(socRoster(), nationalDay()), []);
  // The time zone defaults to Asia/Ho_Chi_Minh.
  const { timeZone: _, ...noZone } = nationalDay();
  assert.deepEqual(validatePeriod(noZone), []);
  assert.equal(periodBounds(noZone)!.start.toISOString(), '2026-08-29T11:00:00.000Z');
});

test('period: end before or at start', () => {
  assert.deepEqual(fields(validatePeriod({ ...nationalDay(), end: '2026-08-28T18:00' })), ['/end']);
  assert.deepEqual(fields(validatePeriod({ ...nationalDay(), end: '2026-08-29T18:00' })), ['/end']);
});

test('period: nonexistent time zone', () => {
  const issues = validatePeriod({ ...nationalDay(), timeZone: 'Asia/Hanoi_Fake' });
  assert.deepEqual(fields(issues), ['/timeZone']);
  assert.match(issues[0]!.message, /Asia\/Hanoi_Fake/);
});

test('period: malformed or impossible dates, empty name, longer than 90 days', () => {
  assert.deepEqual(fields(validatePeriod({ name: ' ', start: '2026-02-31T08:00', end: '2026-9-3 08:00' })), ['/name', '/start', '/end']);
  assert.deepEqual(fields(validatePeriod({ ...nationalDay(), end: '2026-12-31T08:00' })), ['/end']);
  assert.deepEqual(fields(validatePeriod({ ...nationalDay(), start: '2026-08-29T24:00' })), ['/start']);
});

test('roster: nonexistent time zone', () => {
  assert.deepEqual(fields(validateRoster(socRoster({ timeZone: 'Asia/Hanoi_Fake' }), nationalDay())), ['/timeZone']);
});

test('roster: members empty, duplicated', () => {
  assert.deepEqual(fields(validateRoster(socRoster({ members: [] }), nationalDay())), ['/members']);
  assert.deepEqual(fields(validateRoster(socRoster({ members: ['an', 'binh', 'an'] }), nationalDay())), ['/members/2']);
});

test('roster: shift longer than the period, out of 1–72 h', () => {
  const short = { ...nationalDay(), end: '2026-08-30T08:00' }; // 14 h
  assert.deepEqual(fields(validateRoster(socRoster({ rotation: { shiftHours: 24, handoverTime: '08:00' } }), short)), ['/rotation/shiftHours']);
  for (const shiftHours of [0, 73, 1.5, Number.NaN]) {
    assert.deepEqual(fields(validateRoster(socRoster({ rotation: { shiftHours, handoverTime: '08:00' } }), nationalDay())), ['/rotation/shiftHours'], String(shiftHours));
  }
  // Any whole number 1..72 is allowed, even one that does not divide a day.
  assert.deepEqual(validateRoster(socRoster({ rotation: { shiftHours: 10, handoverTime: '08:00' } }), nationalDay()), []);
});

test('roster: malformed hand-over time, weekdays, start times off the grid', () => {
  for (const handoverTime of ['8:00', '24:00', '08:60', '08h00', '']) {
    assert.deepEqual(fields(validateRoster(socRoster({ rotation: { shiftHours: 12, handoverTime } }), nationalDay())), ['/rotation/handoverTime'], handoverTime);
  }
  const r = socRoster({ rotation: { shiftHours: 12, handoverTime: '08:00', weekdays: [1, 8 as never], startTimes: ['20:00', '21:00', 'x'] } });
  assert.deepEqual(fields(validateRoster(r, nationalDay())), ['/rotation/weekdays/1', '/rotation/startTimes/1', '/rotation/startTimes/2']);
});

test('roster: participants must be members, startIndex within the rotation', () => {
  const r = socRoster({ rotation: { shiftHours: 12, handoverTime: '08:00', participants: ['an', 'zed'], startIndex: 2 } });
  assert.deepEqual(fields(validateRoster(r, nationalDay())), ['/rotation/participants/1', '/rotation/startIndex']);
});

test('overrides: from ≥ to, outside the period', () => {
  const r = socRoster({
    overrides: [
      { id: 'o0', personId: 'em', from: '2026-08-30T12:00', to: '2026-08-30T12:00' },
      { id: 'o1', personId: 'em', from: '2026-08-29T12:00', to: '2026-08-29T20:00' },
      { id: 'o2', personId: 'em', from: '2026-09-03T06:00', to: '2026-09-03T10:00' },
      { id: 'o3', personId: '', from: 'soon', to: '2026-09-01T10:00' },
    ],
  });
  assert.deepEqual(fields(validateRoster(r, nationalDay())), ['/overrides/0/to', '/overrides/1/from', '/overrides/2/to', '/overrides/3/personId', '/overrides/3/from']);
});

test('overrides: overlapping overrides for the same person (and for two people)', () => {
  const same = socRoster({
    overrides: [
      { id: 'o0', personId: 'em', from: '2026-08-30T12:00', to: '2026-08-30T16:00' },
      { id: 'o1', personId: 'em', from: '2026-08-30T15:00', to: '2026-08-30T18:00' },
      // Touching (half-open) is not overlapping.
      { id: 'o2', personId: 'em', from: '2026-08-30T18:00', to: '2026-08-30T19:00' },
    ],
  });
  const issues = validateRoster(same, nationalDay());
  assert.deepEqual(fields(issues), ['/overrides/1']);
  assert.match(issues[0]!.message, /same person/);
  const two = socRoster({
    overrides: [
      { id: 'o0', personId: 'em', from: '2026-08-30T12:00', to: '2026-08-30T16:00' },
      { id: 'o1', personId: 'giang', from: '2026-08-30T13:00', to: '2026-08-30T14:00' },
    ],
  });
  assert.deepEqual(fields(validateRoster(two, nationalDay())), ['/overrides/1']);
});

test('swaps: unknown shifts, the same shift twice, same person, a shift in two swaps', () => {
  const shifts = expandSchedule(socRoster(), nationalDay());
  const [s0, s1, s2, , s4] = shifts.map((s) => s.id);
  const r = socRoster({
    swaps: [
      { id: 'w0', shiftA: 'soc/2030-01-01T00:00:00.000Z', shiftB: s1! },
      { id: 'w1', shiftA: s0!, shiftB: s4! }, // an ↔ an
      { id: 'w2', shiftA: s1!, shiftB: s2! },
      { id: 'w3', shiftA: s2!, shiftB: s1! },
    ],
  });
  assert.deepEqual(fields(validateRoster(r, nationalDay())), ['/swaps/0/shiftA', '/swaps/1', '/swaps/3/shiftA', '/swaps/3/shiftB']);
});

test('assertValidPlan throws one ValidationError with prefixed pointers', () => {
  assert.throws(
    () => assertValidPlan({ ...nationalDay(), timeZone: 'Asia/Hanoi_Fake' }, [socRoster(), socRoster({ members: [] })]),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(fields(e.fields), ['/period/timeZone', '/rosters/1/members']);
      return true;
    },
  );
  assert.doesNotThrow(() => assertValidPlan(nationalDay(), [socRoster()]));
});
