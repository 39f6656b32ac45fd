import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Tree } from '../helpers/test-app.ts';

/** The incident dashboard's figures: by type, agency, month; take-up and closing times; overdue. */
describe('incident statistics', () => {
  const clock = new ManualClock(new Date('2026-09-01T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
  });
  after(() => t?.close());

  const report = (agencyId: string, detectedAt: string) => t.ctx.incidents.report.report(SYSTEM_ACTOR, {
    agencyId, title: 'Sự cố', reporterEmail: 'a@example.gov.vn', contactName: 'An', contactPhone: '0903123456', operator: 'TT', description: 'x',
    detectedAt, handled: false, detectionMethod: 'ids', alreadyNotified: [],
  } as never);

  it('counts, times and overdue, scoped', async () => {
    const a = await report(tree.u1, '2026-08-31T20:00:00Z');
    await t.ctx.incidents.workflow.classify(SYSTEM_ACTOR, a.id, { type: 'malware' });
    clock.advance(30 * 60_000);
    await t.ctx.incidents.workflow.transition(SYSTEM_ACTOR, a.id, { transition: 'verify' });
    clock.advance(2 * 3_600_000);
    await t.ctx.incidents.workflow.transition(SYSTEM_ACTOR, a.id, { transition: 'close', closingReport: { result: 'Đã xử lý', responseEndedAt: clock.now().toISOString() } });
    await report(tree.d2, '2026-08-20T00:00:00Z'); // notice due 25/8: overdue already
    const admin = await login(t.app, 'admin');
    const s = (await admin.request('GET', '/api/v1/incident-stats?from=2026-01-01T00:00:00Z')).json();
    assert.equal(s.total, 2);
    assert.deepEqual(s.byType.map((x: { type: string }) => x.type).sort(), ['malware', 'unclassified']);
    assert.deepEqual(s.byMonth, [{ month: '2026-09', count: 2 }]);
    assert.equal(s.timeToTakeUpMinutes.p50, 30);
    assert.equal(s.timeToCloseHours.p50, 2.5);
    assert.equal(s.overdue.incidents, 1);
    const member = await login(t.app, 'member');
    const mine = (await member.request('GET', '/api/v1/incident-stats?from=2026-01-01T00:00:00Z')).json();
    assert.equal(mine.total, 1);
    assert.equal(mine.overdue.incidents, 0);
    assert.ok(!JSON.stringify(mine).includes(tree.d2));
    assert.equal((await admin.request('GET', '/api/v1/incident-stats?from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).statusCode, 400);
  });
});
