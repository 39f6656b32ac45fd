import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLocal, formatNaive, isTimeZone, localToInstant, parseLocalDateTime, parseLocalTime } from '../../server/src/duty/local-time.ts';

const B = 'Europe/Berlin';
const at = (local: string, tz = B) => localToInstant(local, tz)!.toISOString();

test('time zones: real ones accepted, made-up ones refused', () => {
  assert.equal(isTimeZone('Asia/Ho_Chi_Minh'), true);
  assert.equal(isTimeZone('Europe/Berlin'), true);
  assert.equal(isTimeZone('Asia/Hanoi_Fake'), false);
  assert.equal(isTimeZone(''), false);
  assert.equal(isTimeZone(42), false);
});

test('parsing local date-times and times', () => {
  assert.equal(formatNaive(parseLocalDateTime('2026-09-02T08:00')!), '2026-09-02T08:00');
  for (const bad of ['2026-02-29T08:00', '2026-13-01T08:00', '2026-09-02 08:00', '2026-09-02T08:00Z', '2026-09-02T08:00:00', 7]) {
    assert.equal(parseLocalDateTime(bad), null, String(bad));
  }
  assert.equal(parseLocalDateTime('2028-02-29T08:00') !== null, true);
  assert.equal(parseLocalTime('20:00'), 1200);
  assert.equal(parseLocalTime('23:59'), 1439);
  for (const bad of ['24:00', '7:00', '07:0', '07:60']) assert.equal(parseLocalTime(bad), null, bad);
});

test('Asia/Ho_Chi_Minh is UTC+7 all year', () => {
  assert.equal(at('2026-08-29T18:00', 'Asia/Ho_Chi_Minh'), '2026-08-29T11:00:00.000Z');
  assert.equal(at('2026-02-16T00:00', 'Asia/Ho_Chi_Minh'), '2026-02-15T17:00:00.000Z');
  assert.equal(formatLocal(new Date('2026-08-29T11:00:00Z'), 'Asia/Ho_Chi_Minh'), '29/08/2026 18:00');
});

test('DST gap (Berlin 29/3/2026 02:00–03:00 does not exist): moved forward by the gap', () => {
  assert.equal(at('2026-03-29T01:59'), '2026-03-29T00:59:00.000Z');
  assert.equal(at('2026-03-29T02:00'), '2026-03-29T01:00:00.000Z');
  assert.equal(at('2026-03-29T02:30'), '2026-03-29T01:30:00.000Z'); // = 03:30 CEST
  assert.equal(at('2026-03-29T03:00'), '2026-03-29T01:00:00.000Z');
});

test('DST overlap (Berlin 25/10/2026 02:00–03:00 happens twice): the earlier instant', () => {
  assert.equal(at('2026-10-25T01:59'), '2026-10-24T23:59:00.000Z');
  assert.equal(at('2026-10-25T02:30'), '2026-10-25T00:30:00.000Z'); // 02:30 CEST, not CET
  assert.equal(at('2026-10-25T03:00'), '2026-10-25T02:00:00.000Z');
});
