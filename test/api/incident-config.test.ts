import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** Playbooks and deadline rules are data an administrator edits; incidents follow them. */
describe('incident playbooks and deadline rules', () => {
  const clock = new ManualClock(new Date('2026-09-01T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let admin: Session;
  let coord: Session;

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'coord', 'coordinator', null);
    admin = await login(t.app, 'admin');
    coord = await login(t.app, 'coord');
  });
  after(() => t?.close());

  const report = (agencyId: string) => t.ctx.incidents.report.report(SYSTEM_ACTOR, {
    agencyId, title: 'Sự cố', reporterEmail: 'a@example.gov.vn', contactName: 'An', contactPhone: '0903123456', operator: 'TT', description: 'x',
    detectedAt: '2026-08-31T20:00:00Z', handled: false, detectionMethod: 'ids', alreadyNotified: [],
  } as never);

  it('a saved playbook replaces the built-in one for new classifications; deleting reverts', async () => {
    const list = (await coord.request('GET', '/api/v1/playbooks')).json().items;
    assert.equal(list.length, 10);
    assert.ok(list.every((p: { custom: boolean }) => !p.custom));
    const body = { name: 'Ứng phó DoS của tỉnh', phases: [{ phase: 'contain', tasks: [{ title: 'Gọi VNPT lọc lưu lượng', dueHours: 1 }] }] };
    assert.equal((await coord.request('PUT', '/api/v1/playbooks/dos', body)).statusCode, 403);
    const bad = await admin.request('PUT', '/api/v1/playbooks/dos', { name: 'X', phases: [{ phase: 'pray', tasks: [{ title: '' }] }] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field), ['/phases/0/phase', '/phases/0/tasks/0/title']);
    assert.equal((await admin.request('PUT', '/api/v1/playbooks/teleport', body)).statusCode, 404);
    assert.equal((await admin.request('PUT', '/api/v1/playbooks/dos', body)).json().custom, true);
    const r = await report(tree.d1);
    await t.ctx.incidents.workflow.classify(SYSTEM_ACTOR, r.id, { type: 'dos' });
    const tasks = (await coord.request('GET', `/api/v1/incidents/${r.id}`)).json().tasks;
    assert.deepEqual(tasks.map((x: { title: string }) => x.title), ['Gọi VNPT lọc lưu lượng']);
    assert.equal(tasks[0].dueAt, new Date(clock.now().getTime() + 3_600_000).toISOString());
    assert.equal((await admin.request('DELETE', '/api/v1/playbooks/dos')).json().custom, false);
  });

  it('a province sets its own deadline rules; the national default stays', async () => {
    const list = (await coord.request('GET', '/api/v1/jurisdictions')).json().items;
    assert.equal(list.length, 1);
    const national = list[0];
    assert.equal(national.agencyId, null);
    const bad = await admin.request('POST', '/api/v1/jurisdictions', { name: 'Đồng Nai', agencyId: tree.province, rules: [{ key: 'Notice!', label: '', from: 'lunch', days: 0 }] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['/rules/0/days', '/rules/0/from', '/rules/0/key', '/rules/0/label']);
    assert.equal((await admin.request('POST', '/api/v1/jurisdictions', { name: 'Trùng', agencyId: null, rules: [] })).statusCode, 400);
    const created = await admin.request('POST', '/api/v1/jurisdictions', { name: 'Tỉnh Đồng Nai', agencyId: tree.province, rules: [{ key: 'notice', label: 'Thông báo (3 ngày)', from: 'detected_at', days: 3 }] });
    assert.equal(created.statusCode, 201, created.body);
    const r = await report(tree.u1);
    assert.equal((await coord.request('GET', `/api/v1/incidents/${r.id}`)).json().deadlines[0].dueAt, '2026-09-03T20:00:00.000Z');
    assert.equal((await admin.request('DELETE', `/api/v1/jurisdictions/${national.id}`)).statusCode, 400);
    assert.equal((await coord.request('DELETE', `/api/v1/jurisdictions/${created.json().id}`)).statusCode, 403);
    assert.equal((await admin.request('DELETE', `/api/v1/jurisdictions/${created.json().id}`)).statusCode, 204);
  });
});
