import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policyIssues, runEscalation, type EscalationPolicy } from '../../server/src/alerting/escalation-policy.ts';
import { contactTargets, personTargets, type PersonForPlan } from '../../server/src/alerting/recipient-plan.ts';
import { groupKeyFor, routeAlert, type RoutableAlert, type RoutingRule } from '../../server/src/alerting/routing.ts';

const T0 = new Date('2026-08-30T15:00:00Z'); // 22:00 in Hà Nội

describe('escalation policy', () => {
  const policy: EscalationPolicy = {
    steps: [{ type: 'notify_on_duty', rosterId: 'r' }, { type: 'notify_channel', channelId: 'c' }, { type: 'wait', minutes: 5 }, { type: 'notify_users', userIds: ['u'] }, { type: 'wait', minutes: 10 }],
    repeat: 1,
  };
  it('runs notify steps back to back, parks at a wait, repeats, then ends', () => {
    const a = runEscalation(policy, { step: 0, round: 0 }, T0);
    assert.deepEqual(a.notify.map((n) => [n.index, n.level]), [[0, 1], [1, 1]]);
    assert.deepEqual(a.next, { step: 3, round: 0, at: new Date(T0.getTime() + 5 * 60_000) });
    const b = runEscalation(policy, a.next!, a.next!.at);
    assert.equal(b.waitedMinutes, 5);
    assert.deepEqual(b.notify.map((n) => [n.index, n.level]), [[3, 2]]);
    const c = runEscalation(policy, b.next!, b.next!.at);
    assert.deepEqual(c.notify.map((n) => [n.index, n.round]), [[0, 1], [1, 1]], 'the second round starts over');
    const d = runEscalation(policy, runEscalation(policy, c.next!, c.next!.at).next!, T0);
    assert.equal(d.next, null, 'no third round');
  });
  it('refuses nonsense with field pointers', () => {
    assert.deepEqual(policyIssues({ steps: [{ type: 'notify_agency_contacts' }], repeat: 3 }).map((i) => i.field), ['/repeat']);
    assert.deepEqual(policyIssues({ steps: [], repeat: 0 }).map((i) => i.field), ['/steps']);
    assert.deepEqual(policyIssues({ steps: [{ type: 'wait', minutes: 0 }, { type: 'teleport' }], repeat: 0 }).map((i) => i.field), ['/steps/0/minutes', '/steps/1/type']);
    assert.deepEqual(policyIssues({ steps: 'all', repeat: 11 }).map((i) => i.field), ['/repeat', '/steps']);
  });
});

describe('routing and grouping', () => {
  const alert = (o: Partial<RoutableAlert> = {}): RoutableAlert => ({ kind: 'monitor.down', severity: 'high', source: 'monitoring', agencyId: 'a2', agencyPath: '/a1/a2/', systemId: 's', hostingProvider: 'VNPT  IDC', ...o });
  const rules: RoutingRule[] = [
    { id: 'off', enabled: false, match: {}, policyId: 'p0', groupBy: 'none', groupWindowSeconds: 600 },
    { id: 'crit', enabled: true, match: { severities: ['critical'] }, policyId: 'p1', groupBy: 'none', groupWindowSeconds: 600 },
    { id: 'a1', enabled: true, match: { agencyIds: ['a1'], kinds: ['monitor.'] }, policyId: 'p2', groupBy: 'hosting', groupWindowSeconds: 600 },
  ];
  const paths = new Map([['a1', '/a1/']]);
  it('takes the first enabled rule that matches, sub-agencies included', () => {
    assert.equal(routeAlert(rules, alert({ severity: 'critical' }), paths)?.id, 'crit');
    assert.equal(routeAlert(rules, alert(), paths)?.id, 'a1');
    assert.equal(routeAlert(rules, alert({ kind: 'external.waf' }), paths), null);
    assert.equal(routeAlert([{ ...rules[2]!, match: { agencyIds: ['a1'], includeSubAgencies: false } }], alert(), paths), null);
  });
  it('groups by hosting provider, case and spacing aside, per kind family', () => {
    const k1 = groupKeyFor(rules[2]!, alert());
    assert.equal(k1, groupKeyFor(rules[2]!, alert({ hostingProvider: 'vnpt idc', kind: 'monitor.degraded' })));
    assert.notEqual(k1, groupKeyFor(rules[2]!, alert({ kind: 'content.defacement' })));
    assert.equal(groupKeyFor(rules[2]!, alert({ hostingProvider: null })), null, 'no provider: a group of its own');
  });
});

describe('recipient plan', () => {
  const defaults = new Map([['email', { id: 'mail', kind: 'email' }], ['sms', { id: 'sms', kind: 'sms' }], ['telegram', { id: 'tg', kind: 'telegram' }]]);
  const person = (o: Partial<PersonForPlan> = {}): PersonForPlan => ({
    id: 'u', display_name: 'An', email: 'an@x.gov.vn', phone: '+84901234567', locale: 'vi', time_zone: 'Asia/Ho_Chi_Minh', quiet_hours: null, disabled: false, rules: [], ...o,
  });
  it('falls back to e-mail, and SMS from high severity, when the user chose nothing', () => {
    assert.deepEqual(personTargets(person(), 'medium', T0, defaults).targets.map((t) => t.channelKind), ['email']);
    assert.deepEqual(personTargets(person(), 'high', T0, defaults).targets.map((t) => t.channelKind), ['email', 'sms']);
  });
  it('holds a message in quiet hours, except a critical one', () => {
    const quiet = person({ quiet_hours: { start: '21:00', end: '06:30' }, rules: [{ channel_id: 'mail', channel_kind: 'email', address: 'an@x.gov.vn', min_severity: null, enabled: true }] });
    const held = personTargets(quiet, 'high', T0, defaults).targets[0]!;
    assert.equal(held.notBefore?.toISOString(), '2026-08-30T23:30:00.000Z');
    assert.equal(personTargets(quiet, 'critical', T0, defaults).targets[0]!.notBefore, undefined);
  });
  it('skips disabled accounts and says why', () => {
    const r = personTargets(person({ disabled: true }), 'critical', T0, defaults);
    assert.equal(r.targets.length, 0);
    assert.match(r.skipped[0]!, /disabled/);
  });
  it('reaches contact points by e-mail, SMS and a numeric Telegram chat only', () => {
    const t = contactTargets({ id: 'c', name: 'Trực', email: 'a@b.gov.vn', mobile: '0901234567', messaging: { telegram: '@handle' } }, defaults);
    assert.deepEqual(t.map((x) => x.channelKind), ['email', 'sms']);
    assert.deepEqual(contactTargets({ id: 'c', name: 'Trực', email: null, mobile: null, messaging: { telegram: '-100123' } }, defaults).map((x) => x.address), ['-100123']);
  });
});
