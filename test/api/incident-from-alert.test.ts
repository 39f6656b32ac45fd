import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { alertRow, openAlerts } from '../alerting/helpers.ts';
import { seedAnalysis } from '../helpers/content-analyses.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** Alerts become incidents: a confirmed defacement with its evidence; any alert group on request. */
describe('incidents from alerts', () => {
  const clock = new ManualClock(new Date('2026-09-01T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let member: Session;

  before(async () => {
    t = await createTestApp({ clock });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    member = await login(t.app, 'member');
  });
  after(() => t?.close());

  it('a confirmed detection becomes a defacement incident with the page and screenshot attached, once', async () => {
    const s = await t.ctx.systems.create(SYSTEM_ACTOR, { name: 'Cổng TTĐT TTCNTT', ownerAgencyId: tree.u1, securityLevel: 3, urls: ['https://ttcntt.example.gov.vn/'] });
    const m = await t.ctx.monitors.create(SYSTEM_ACTOR, { systemId: s.id, kind: 'content', target: 'https://ttcntt.example.gov.vn/' });
    const a = await seedAnalysis(t.ctx, { id: m.id, systemId: s.id, agencyId: tree.u1, target: m.target }, {
      kind: 'defacement', html: '<html><title>Hacked</title><a href="https://slot-gacor.example.com/">slot</a></html>', screenshot: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    });
    const r = await member.request('POST', `/api/v1/detections/${a.id}/confirm`, { note: 'Đúng là bị thay đổi' });
    assert.equal(r.statusCode, 200, r.body);
    const inc = r.json().incident;
    assert.match(inc.number, /^SC-2026-/);
    const d = (await member.request('GET', `/api/v1/incidents/${inc.id}`)).json();
    assert.equal(d.incident.type, 'defacement');
    assert.deepEqual(d.systems.map((x: { id: string }) => x.id), [s.id]);
    assert.ok(d.tasks.length > 0, 'the defacement playbook applies at once');
    const ev = (await member.request('GET', `/api/v1/incidents/${inc.id}/evidence`)).json();
    assert.deepEqual(ev.attachments.map((x: { name: string }) => x.name.replace(/\d{4}-\d{2}-\d{2}/, 'D')).sort(), ['anh-chup-D.png', 'trang-bi-thay-doi-D.html']);
    const again = await member.request('POST', `/api/v1/detections/${a.id}/confirm`, {});
    assert.equal(again.json().incident.id, inc.id, 'one incident per detection');
    assert.equal((await member.request('GET', `/api/v1/detections/${a.id}`)).json().incident.id, inc.id);
  });

  it('any alert group can be escalated to an incident, once', async () => {
    const row = alertRow({ agencyId: tree.u1, at: clock.now(), summary: 'Cổng dịch vụ công không truy cập được' });
    await openAlerts(t.ctx, [row]);
    const groupId = (await t.ctx.database.db.selectFrom('alerts').select('group_id').where('id', '=', row.id).executeTakeFirstOrThrow()).group_id!;
    const r = await member.request('POST', `/api/v1/alerts/${groupId}/incident`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().created, true);
    const d = (await member.request('GET', `/api/v1/incidents/${r.json().id}`)).json();
    assert.equal(d.incident.alertGroupId, groupId);
    assert.equal(d.incident.type, null, 'an outage is classified by a person');
    assert.equal((await member.request('POST', `/api/v1/alerts/${groupId}/incident`)).json().id, r.json().id);
    const g = (await member.request('GET', `/api/v1/alerts/${groupId}`)).json();
    assert.ok(g.events.some((e: { type: string; text: string }) => e.type === 'comment' && e.text.includes(r.json().number)));
  });
});
