import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCoverage, findGaps } from '../../server/src/duty/coverage.ts';
import { expandSchedule, resolvePeriod } from '../../server/src/duty/schedule.ts';
import { nationalDay, socRoster, VN } from './fixtures.ts';

const period = () => resolvePeriod(nationalDay());

test('a full 24/7 rotation has no gaps, no double bookings', () => {
  const report = checkCoverage({ period: period(), timeZone: VN, schedules: [{ rosterId: 'soc', shifts: expandSchedule(socRoster(), nationalDay()) }] });
  assert.deepEqual(report, { ok: true, gaps: [], doubleBookings: [], warnings: [] });
});

test('nights only leaves the daytime uncovered: each gap is listed in local time', () => {
  const night = socRoster({ rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['20:00'] } });
  const report = checkCoverage({ period: period(), timeZone: VN, schedules: [{ rosterId: 'soc', rosterName: 'Trực đêm', shifts: expandSchedule(night, nationalDay()) }] });
  assert.equal(report.ok, false);
  assert.deepEqual(report.gaps.map((g) => [g.scope, g.rosterId, g.startLocal, g.endLocal, g.hours]), [
    ['roster', 'soc', '29/08/2026 18:00', '29/08/2026 20:00', 2],
    ['roster', 'soc', '30/08/2026 08:00', '30/08/2026 20:00', 12],
    ['roster', 'soc', '31/08/2026 08:00', '31/08/2026 20:00', 12],
    ['roster', 'soc', '01/09/2026 08:00', '01/09/2026 20:00', 12],
    ['roster', 'soc', '02/09/2026 08:00', '02/09/2026 20:00', 12],
  ]);
  assert.equal(report.gaps[1]!.message, 'Trực đêm: nobody on duty from 30/08/2026 08:00 to 30/08/2026 20:00 (12 h)');
});

test('across rosters of one agency: a day roster and a night roster together cover the period', () => {
  const night = socRoster({ id: 'night', rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['20:00'] } });
  const day = socRoster({ id: 'day', members: ['em', 'giang'], rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['08:00'] } });
  const report = checkCoverage({
    period: period(), timeZone: VN,
    schedules: [night, day].map((r) => ({ rosterId: r.id, shifts: expandSchedule(r, nationalDay()) })),
  });
  // Each roster alone has gaps; together nothing is missing, so the agency is fine.
  assert.equal(report.gaps.filter((g) => g.rosterId === 'night').length, 5);
  assert.equal(report.gaps.filter((g) => g.rosterId === 'day').length, 5);
  assert.deepEqual(report.gaps.filter((g) => g.scope === 'agency'), []);
  assert.equal(report.ok, true);
});

test('across rosters: an interval neither roster covers is an agency gap', () => {
  const night = socRoster({ id: 'night', rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['20:00'] } });
  const day = socRoster({ id: 'day', members: ['em'], rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['08:00'], weekdays: [1, 2, 3, 4, 5] } });
  const report = checkCoverage({
    period: period(), timeZone: VN,
    schedules: [night, day].map((r) => ({ rosterId: r.id, shifts: expandSchedule(r, nationalDay()) })),
  });
  // 29/8 is a Saturday and 30/8 a Sunday: the day roster does not work them.
  assert.deepEqual(report.gaps.filter((g) => g.scope === 'agency').map((g) => [g.startLocal, g.endLocal]), [
    ['29/08/2026 18:00', '29/08/2026 20:00'],
    ['30/08/2026 08:00', '30/08/2026 20:00'],
  ]);
  assert.equal(report.ok, false);
});

test('double booking: one person on overlapping shifts in two rosters', () => {
  const soc = socRoster();
  const net = socRoster({ id: 'net', name: 'Mạng', members: ['em', 'binh'], rotation: { shiftHours: 24, handoverTime: '08:00', startIndex: 1 } });
  const report = checkCoverage({
    period: period(), timeZone: VN,
    schedules: [{ rosterId: 'soc', rosterName: 'SOC', shifts: expandSchedule(soc, nationalDay()) }, { rosterId: 'net', rosterName: 'Mạng', shifts: expandSchedule(net, nationalDay()) }],
  });
  // net: binh 29/8 18:00–30/8 08:00, em, binh 31/8–1/9, em, binh 2/9–3/9 (24 h at 08:00).
  // soc: binh on the nights of 29/8, 31/8 and 2/9.
  assert.deepEqual(report.doubleBookings.map((d) => [d.personId, d.startLocal, d.endLocal, d.shifts.map((s) => s.rosterId).join('+')]), [
    ['binh', '29/08/2026 20:00', '30/08/2026 08:00', 'net+soc'],
    ['binh', '31/08/2026 20:00', '01/09/2026 08:00', 'net+soc'],
    ['binh', '02/09/2026 20:00', '03/09/2026 08:00', 'net+soc'],
  ]);
  assert.equal(report.ok, false);
  assert.equal(report.doubleBookings[0]!.message, 'binh is on two shifts at once from 29/08/2026 20:00 to 30/08/2026 08:00 (Mạng and SOC)');
});

test('double booking: exact overlap interval, and touching shifts are not double bookings', () => {
  const a = socRoster({ id: 'a', members: ['x'], rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['08:00'] } });
  const b = socRoster({ id: 'b', members: ['x'], rotation: { shiftHours: 12, handoverTime: '08:00', startTimes: ['20:00'] } });
  const c = socRoster({ id: 'c', members: ['y'], overrides: [{ id: 'o', personId: 'x', from: '2026-08-31T06:00', to: '2026-08-31T10:00' }], rotation: { shiftHours: 12, handoverTime: '08:00' } });
  const schedules = [a, b, c].map((r) => ({ rosterId: r.id, shifts: expandSchedule(r, nationalDay()) }));
  const report = checkCoverage({ period: period(), timeZone: VN, schedules });
  // x: a (days) and b (nights) touch at every hand-over: fine. The override in c overlaps
  // b's night 30/8 20:00–31/8 08:00 by 06:00–08:00 and a's day 31/8 08:00–20:00 by 08:00–10:00.
  assert.deepEqual(report.doubleBookings.map((d) => [d.personId, d.startLocal, d.endLocal, d.hours]), [
    ['x', '31/08/2026 06:00', '31/08/2026 08:00', 2],
    ['x', '31/08/2026 08:00', '31/08/2026 10:00', 2],
  ]);
});

test('warning: the same person more than X hours in a row (back-to-back shifts join up)', () => {
  const r = socRoster({ members: ['an', 'binh'], overrides: [{ id: 'o', personId: 'an', from: '2026-08-30T20:00', to: '2026-08-31T08:00' }] });
  // an: 30/8 08–20 (rotation) then the override 20–08: 24 h in a row.
  const report = checkCoverage({ period: period(), timeZone: VN, maxConsecutiveHours: 16, schedules: [{ rosterId: 'soc', shifts: expandSchedule(r, nationalDay()) }] });
  assert.equal(report.ok, true);
  assert.deepEqual(report.warnings.map((w) => [w.personId, w.startLocal, w.endLocal, w.hours, w.shifts.length]), [
    ['an', '30/08/2026 08:00', '31/08/2026 20:00', 36, 3],
  ]);
});

test('findGaps clips shifts to the window', () => {
  const p = period();
  assert.deepEqual(findGaps([], p.start, p.end), [{ start: p.start, end: p.end }]);
});
