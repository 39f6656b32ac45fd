import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDeliveries, quietHoursIssues, shouldDeliverNow, type NotificationPreference } from '../../server/src/notifications/quiet-hours.ts';

// Asia/Ho_Chi_Minh is UTC+7 with no DST: local = UTC + 7 h.
const local = (iso: string) => new Date(`${iso}+07:00`);

const pref: NotificationPreference = {
  channels: [
    { kind: 'telegram', address: '-100123' },
    { kind: 'email', address: 'an@soyte.gov.vn' },
    { kind: 'sms', address: '+84903123456', minSeverity: 'high' },
    { kind: 'slack', address: '', enabled: false },
  ],
  quietHours: { start: '22:00', end: '06:30' },
};

test('outside quiet hours everything is delivered', () => {
  assert.deepEqual(shouldDeliverNow(pref, 'low', local('2026-03-05T12:00:00')), { action: 'deliver' });
  assert.deepEqual(shouldDeliverNow(pref, 'low', local('2026-03-05T06:30:00')), { action: 'deliver' });
  assert.deepEqual(shouldDeliverNow(pref, 'low', local('2026-03-05T21:59:59')), { action: 'deliver' });
});

test('quiet hours across midnight defer to 06:30 local, the same or the next day', () => {
  assert.deepEqual(shouldDeliverNow(pref, 'medium', local('2026-03-05T22:00:00')), { action: 'defer', until: local('2026-03-06T06:30:00') });
  assert.deepEqual(shouldDeliverNow(pref, 'high', local('2026-03-05T23:59:00')), { action: 'defer', until: local('2026-03-06T06:30:00') });
  assert.deepEqual(shouldDeliverNow(pref, 'high', local('2026-03-06T00:00:00')), { action: 'defer', until: local('2026-03-06T06:30:00') });
  assert.deepEqual(shouldDeliverNow(pref, 'info', local('2026-03-06T06:29:00')), { action: 'defer', until: local('2026-03-06T06:30:00') });
  // Month and year boundaries.
  assert.deepEqual(shouldDeliverNow(pref, 'low', local('2026-12-31T23:00:00')), { action: 'defer', until: local('2027-01-01T06:30:00') });
});

test('critical ignores quiet hours; a lower bypass level can be chosen; skip mode skips the channel', () => {
  assert.deepEqual(shouldDeliverNow(pref, 'critical', local('2026-03-06T02:00:00')), { action: 'deliver' });
  const highBypass: NotificationPreference = { ...pref, quietHours: { ...pref.quietHours!, bypassFrom: 'high' } };
  assert.deepEqual(shouldDeliverNow(highBypass, 'high', local('2026-03-06T02:00:00')), { action: 'deliver' });
  assert.equal(shouldDeliverNow(highBypass, 'medium', local('2026-03-06T02:00:00')).action, 'defer');
  const skip: NotificationPreference = { ...pref, quietHours: { ...pref.quietHours!, mode: 'skip' } };
  assert.deepEqual(shouldDeliverNow(skip, 'low', local('2026-03-06T02:00:00')), { action: 'skip-channel', reason: 'quiet hours until 06:30' });
});

test('same-day windows and weekday filters (a Saturday-night window still covers Sunday morning)', () => {
  const lunch: NotificationPreference = { channels: [], quietHours: { start: '11:30', end: '13:30' } };
  assert.deepEqual(shouldDeliverNow(lunch, 'low', local('2026-03-05T12:00:00')), { action: 'defer', until: local('2026-03-05T13:30:00') });
  assert.deepEqual(shouldDeliverNow(lunch, 'low', local('2026-03-05T13:30:00')), { action: 'deliver' });
  const weekend: NotificationPreference = { channels: [], quietHours: { start: '22:00', end: '06:30', days: [6] } }; // starts Saturday only
  assert.equal(shouldDeliverNow(weekend, 'low', local('2026-03-07T23:00:00')).action, 'defer'); // Saturday night
  assert.equal(shouldDeliverNow(weekend, 'low', local('2026-03-08T03:00:00')).action, 'defer'); // Sunday morning, Saturday's window
  assert.equal(shouldDeliverNow(weekend, 'low', local('2026-03-08T23:00:00')).action, 'deliver'); // Sunday night
  assert.equal(shouldDeliverNow({ channels: [], quietHours: { start: '08:00', end: '08:00' } }, 'low', local('2026-03-05T08:00:00')).action, 'deliver');
  assert.deepEqual(quietHoursIssues({ start: '24:00', end: '6:30', days: [0] }).map((i) => i.field), ['quietHours.start', 'quietHours.end', 'quietHours.days']);
});

test('planDeliveries keeps the order and applies per-channel severity and enablement', () => {
  const plan = planDeliveries(pref, 'medium', local('2026-03-05T12:00:00'));
  assert.deepEqual(plan.map((p) => [p.channel.kind, p.decision.action]), [['telegram', 'deliver'], ['email', 'deliver'], ['sms', 'skip-channel'], ['slack', 'skip-channel']]);
  const night = planDeliveries(pref, 'critical', local('2026-03-06T02:00:00'));
  assert.deepEqual(night.map((p) => [p.channel.kind, p.decision.action]), [['telegram', 'deliver'], ['email', 'deliver'], ['sms', 'deliver'], ['slack', 'skip-channel']]);
});
