import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandSchedule } from '../../server/src/duty/schedule.ts';
import { ValidationError } from '../../server/src/domain/errors.ts';
import { nationalDay, rows, socRoster, VN } from './fixtures.ts';

test('Quốc khánh: 12 h shifts handed over at 08:00/20:00 rotate through 4 members, clipped to the period', () => {
  const shifts = expandSchedule(socRoster(), nationalDay());
  assert.deepEqual(rows(shifts), [
    '29/08/2026 18:00–29/08/2026 20:00 an rotation',
    '29/08/2026 20:00–30/08/2026 08:00 binh rotation',
    '30/08/2026 08:00–30/08/2026 20:00 chi rotation',
    '30/08/2026 20:00–31/08/2026 08:00 dung rotation',
    '31/08/2026 08:00–31/08/2026 20:00 an rotation',
    '31/08/2026 20:00–01/09/2026 08:00 binh rotation',
    '01/09/2026 08:00–01/09/2026 20:00 chi rotation',
    '01/09/2026 20:00–02/09/2026 08:00 dung rotation',
    '02/09/2026 08:00–02/09/2026 20:00 an rotation',
    '02/09/2026 20:00–03/09/2026 08:00 binh rotation',
  ]);
  // Instants: Vietnam is UTC+7 all year.
  assert.equal(shifts[0]!.start.toISOString(), '2026-08-29T11:00:00.000Z');
  assert.equal(shifts.at(-1)!.end.toISOString(), '2026-09-03T01:00:00.000Z');
  assert.equal(shifts[1]!.id, 'soc/2026-08-29T13:00:00.000Z');
  // Contiguous: every end is the next start.
  for (let i = 1; i < shifts.length; i++) assert.equal(shifts[i]!.start.getTime(), shifts[i - 1]!.end.getTime());
});

test('startIndex anchors who takes the first shift; participants override the member order', () => {
  const shifts = expandSchedule(socRoster({ rotation: { shiftHours: 12, handoverTime: '08:00', startIndex: 2 } }), nationalDay());
  assert.deepEqual(shifts.slice(0, 3).map((s) => s.personId), ['chi', 'dung', 'an']);
  const p = expandSchedule(socRoster({ rotation: { shiftHours: 12, handoverTime: '08:00', participants: ['dung', 'an'] } }), nationalDay());
  assert.deepEqual(p.slice(0, 3).map((s) => s.personId), ['dung', 'an', 'dung']);
});

test('nights only: only 20:00 shifts are staffed and the rotation advances on staffed shifts only', () => {
  const shifts = expandSchedule(socRoster({ rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['20:00'] } }), nationalDay());
  assert.deepEqual(rows(shifts), [
    '29/08/2026 20:00–30/08/2026 08:00 an rotation',
    '30/08/2026 20:00–31/08/2026 08:00 binh rotation',
    '31/08/2026 20:00–01/09/2026 08:00 chi rotation',
    '01/09/2026 20:00–02/09/2026 08:00 dung rotation',
    '02/09/2026 20:00–03/09/2026 08:00 an rotation',
  ]);
});

test('weekdays filter uses the local weekday of the shift start', () => {
  // 29/8/2026 is a Saturday: weekdays Mon–Fri keep 31/8 .. 2/9 only (24 h shifts at 08:00).
  const shifts = expandSchedule(socRoster({ rotation: { shiftHours: 24, handoverTime: '08:00', weekdays: [1, 2, 3, 4, 5] } }), nationalDay());
  assert.deepEqual(rows(shifts), [
    '31/08/2026 08:00–01/09/2026 08:00 an rotation',
    '01/09/2026 08:00–02/09/2026 08:00 binh rotation',
    '02/09/2026 08:00–03/09/2026 08:00 chi rotation',
  ]);
});

test('an override splits the shift it falls into and replaces that person', () => {
  const roster = socRoster({ overrides: [{ id: 'o1', personId: 'em', from: '2026-08-30T12:00', to: '2026-08-30T16:00' }] });
  const shifts = expandSchedule(roster, nationalDay());
  assert.deepEqual(rows(shifts).slice(1, 6), [
    '29/08/2026 20:00–30/08/2026 08:00 binh rotation',
    '30/08/2026 08:00–30/08/2026 12:00 chi rotation',
    '30/08/2026 12:00–30/08/2026 16:00 em override',
    '30/08/2026 16:00–30/08/2026 20:00 chi rotation',
    '30/08/2026 20:00–31/08/2026 08:00 dung rotation',
  ]);
  assert.equal(shifts.find((s) => s.personId === 'em')!.sourceId, 'o1');
  // Ids stay unique (roster + start) after the split.
  assert.equal(new Set(shifts.map((s) => s.id)).size, shifts.length);
});

test('an override across a hand-over cuts both shifts', () => {
  const roster = socRoster({ overrides: [{ id: 'o1', personId: 'em', from: '2026-08-30T18:00', to: '2026-08-30T22:00' }] });
  assert.deepEqual(rows(expandSchedule(roster, nationalDay())).slice(2, 5), [
    '30/08/2026 08:00–30/08/2026 18:00 chi rotation',
    '30/08/2026 18:00–30/08/2026 22:00 em override',
    '30/08/2026 22:00–31/08/2026 08:00 dung rotation',
  ]);
});

test('a swap exchanges the people on two shifts', () => {
  const base = expandSchedule(socRoster(), nationalDay());
  const a = base[2]!; // chi, 30/8 day
  const b = base[3]!; // dung, 30/8 night
  const shifts = expandSchedule(socRoster({ swaps: [{ id: 's1', shiftA: a.id, shiftB: b.id }] }), nationalDay());
  assert.deepEqual(rows(shifts).slice(2, 4), [
    '30/08/2026 08:00–30/08/2026 20:00 dung swap',
    '30/08/2026 20:00–31/08/2026 08:00 chi swap',
  ]);
  assert.equal(shifts[2]!.sourceId, 's1');
});

test('a swap naming a shift that does not exist is refused with its pointer', () => {
  assert.throws(
    () => expandSchedule(socRoster({ swaps: [{ id: 's1', shiftA: 'soc/2026-08-30T01:00:00.000Z', shiftB: 'soc/nope' }] }), nationalDay()),
    (e: unknown) => e instanceof ValidationError && e.fields.some((f) => f.field === '/swaps/0/shiftB') && !e.fields.some((f) => f.field === '/swaps/0/shiftA'),
  );
});

test('Europe/Berlin: hand-overs stay at 08:00/20:00 local across both DST changes', () => {
  const B = 'Europe/Berlin';
  const roster = socRoster({ timeZone: B });
  const spring = expandSchedule(roster, { name: 'x', start: '2026-03-28T08:00', end: '2026-03-30T08:00', timeZone: B });
  assert.deepEqual(rows(spring, B).map((r) => r.slice(0, 33)), [
    '28/03/2026 08:00–28/03/2026 20:00',
    '28/03/2026 20:00–29/03/2026 08:00',
    '29/03/2026 08:00–29/03/2026 20:00',
    '29/03/2026 20:00–30/03/2026 08:00',
  ]);
  // The night the clocks go forward is one hour shorter.
  assert.deepEqual(spring.map((s) => (s.end.getTime() - s.start.getTime()) / 3_600_000), [12, 11, 12, 12]);
  const autumn = expandSchedule(roster, { name: 'x', start: '2026-10-24T20:00', end: '2026-10-25T20:00', timeZone: B });
  assert.deepEqual(autumn.map((s) => [s.start.toISOString(), (s.end.getTime() - s.start.getTime()) / 3_600_000]), [
    ['2026-10-24T18:00:00.000Z', 13],
    ['2026-10-25T07:00:00.000Z', 12],
  ]);
});

test('Europe/Berlin: hourly shifts — the slot lost in the spring gap is skipped, the repeated hour is one 2 h shift', () => {
  const B = 'Europe/Berlin';
  const roster = socRoster({ timeZone: B, rotation: { shiftHours: 1, handoverTime: '00:00' } });
  const spring = expandSchedule(roster, { name: 'x', start: '2026-03-29T00:00', end: '2026-03-29T05:00', timeZone: B });
  assert.deepEqual(spring.map((s) => [s.start.toISOString(), s.end.toISOString(), s.personId]), [
    ['2026-03-28T23:00:00.000Z', '2026-03-29T00:00:00.000Z', 'an'],
    ['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', 'binh'],
    // 02:00–03:00 does not exist: no shift and no turn used.
    ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z', 'chi'],
    ['2026-03-29T02:00:00.000Z', '2026-03-29T03:00:00.000Z', 'dung'],
  ]);
  const autumn = expandSchedule(roster, { name: 'x', start: '2026-10-25T01:00', end: '2026-10-25T04:00', timeZone: B });
  assert.deepEqual(autumn.map((s) => [s.start.toISOString(), s.end.toISOString()]), [
    ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z'],
    ['2026-10-25T00:00:00.000Z', '2026-10-25T02:00:00.000Z'],
    ['2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z'],
  ]);
});

test('expansion beyond the shift limit is refused before any work', () => {
  assert.throws(
    () => expandSchedule(socRoster({ rotation: { shiftHours: 1, handoverTime: '00:00' } }), nationalDay(), { maxShifts: 50 }),
    (e: unknown) => e instanceof ValidationError && /more than the limit of 50/.test(e.message),
  );
});

test('a roster in another zone than the period still lines up on instants', () => {
  const shifts = expandSchedule(socRoster({ timeZone: 'UTC', rotation: { shiftHours: 24, handoverTime: '00:00' } }), nationalDay());
  assert.equal(shifts[0]!.start.toISOString(), '2026-08-29T11:00:00.000Z');
  assert.equal(shifts[0]!.end.toISOString(), '2026-08-30T00:00:00.000Z');
  assert.equal(rows(shifts, VN)[0], '29/08/2026 18:00–30/08/2026 07:00 an rotation');
});
