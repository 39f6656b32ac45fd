import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextHandover, whoIsOnDuty } from '../../server/src/duty/on-duty.ts';
import { expandSchedule } from '../../server/src/duty/schedule.ts';
import { nationalDay, socRoster } from './fixtures.ts';

const shifts = expandSchedule(socRoster(), nationalDay());
const who = (iso: string) => whoIsOnDuty(shifts, new Date(iso)).map((s) => s.personId);

test('at an exact hand-over instant the incoming person is on duty', () => {
  // 30/8 08:00 +07 = 01:00Z: binh hands over to chi.
  assert.deepEqual(who('2026-08-30T01:00:00.000Z'), ['chi']);
  assert.deepEqual(who('2026-08-30T00:59:59.999Z'), ['binh']);
  // The period start is covered, the period end is not (half-open).
  assert.deepEqual(who('2026-08-29T11:00:00.000Z'), ['an']);
  assert.deepEqual(who('2026-09-03T01:00:00.000Z'), []);
  assert.deepEqual(who('2026-08-29T10:59:59.999Z'), []);
});

test('across rosters every roster answers, in start order', () => {
  const other = expandSchedule(socRoster({ id: 'net', members: ['em'], rotation: { shiftHours: 24, handoverTime: '00:00' } }), nationalDay());
  const on = whoIsOnDuty([...shifts, ...other], new Date('2026-08-30T01:00:00.000Z'));
  assert.deepEqual(on.map((s) => `${s.rosterId}:${s.personId}`), ['net:em', 'soc:chi']);
});

test('nextHandover: the next change strictly after the instant, with outgoing and incoming shifts', () => {
  const h = nextHandover(shifts, new Date('2026-08-30T01:00:00.000Z'))!;
  assert.equal(h.at.toISOString(), '2026-08-30T13:00:00.000Z');
  assert.deepEqual(h.outgoing.map((s) => s.personId), ['chi']);
  assert.deepEqual(h.incoming.map((s) => s.personId), ['dung']);
  const first = nextHandover(shifts, new Date('2026-08-29T00:00:00.000Z'))!;
  assert.equal(first.at.toISOString(), '2026-08-29T11:00:00.000Z');
  assert.deepEqual(first.outgoing, []);
  const last = nextHandover(shifts, new Date('2026-09-02T20:00:00.000Z'))!;
  assert.equal(last.at.toISOString(), '2026-09-03T01:00:00.000Z');
  assert.deepEqual(last.incoming, []);
  assert.equal(nextHandover(shifts, new Date('2026-09-03T01:00:00.000Z')), null);
});

test('nextHandover skips a boundary where the same person simply carries on', () => {
  const r = socRoster({ overrides: [{ id: 'o', personId: 'chi', from: '2026-08-30T20:00', to: '2026-08-30T22:00' }] });
  const s = expandSchedule(r, nationalDay());
  // chi's day shift ends at 20:00 and chi's override starts: the hand-over is at 22:00 to dung.
  const h = nextHandover(s, new Date('2026-08-30T02:00:00.000Z'))!;
  assert.equal(h.at.toISOString(), '2026-08-30T15:00:00.000Z');
  assert.deepEqual([h.outgoing.map((x) => x.personId), h.incoming.map((x) => x.personId)], [['chi'], ['dung']]);
});
