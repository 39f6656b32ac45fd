import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

describe('audit log', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let tree: Tree;
  before(async () => {
    t = await createTestApp();
    tree = await seedTree(t.ctx);
    admin = await login(t.app, 'admin');
    await admin.request('PATCH', `/api/v1/agencies/${tree.d2}`, { name: 'Sở Y tế tỉnh Đồng Nai' });
  });
  after(() => t.close());

  test('records who changed what, with before and after', async () => {
    const r = await admin.request('GET', `/api/v1/audit?entityType=agency&entityId=${tree.d2}`);
    const [update, create] = r.json().items;
    assert.equal(update.action, 'agency.update');
    assert.equal(update.actorLabel, 'admin');
    assert.equal(update.before.name, 'Sở Y tế');
    assert.equal(update.after.name, 'Sở Y tế tỉnh Đồng Nai');
    assert.equal(create.action, 'agency.create');
    assert.equal(update.prevHash, (await admin.request('GET', '/api/v1/audit?pageSize=500')).json().items.find((e: { seq: number }) => e.seq === update.seq - 1).hash);
  });

  test('agency admins see only their subtree\'s entries; members cannot read it', async () => {
    await createUser(t.ctx, 'aa1', 'agency_admin', tree.d1);
    await createUser(t.ctx, 'm1', 'agency_member', tree.d1);
    const aa = await login(t.app, 'aa1');
    const items = (await aa.request('GET', '/api/v1/audit?pageSize=500')).json().items as { agencyId: string | null }[];
    assert.ok(items.length > 0);
    assert.ok(items.every((e) => [tree.d1, tree.u1].includes(e.agencyId!)), JSON.stringify(items.map((e) => e.agencyId)));
    assert.equal((await (await login(t.app, 'm1')).request('GET', '/api/v1/audit')).statusCode, 403);
    assert.equal((await aa.request('GET', '/api/v1/audit/verify')).statusCode, 403);
  });

  test('the table refuses updates and deletes', async () => {
    await assert.rejects(sql`update audit_log set summary = 'x' where seq = 1`.execute(t.ctx.database.db), /append-only/);
    await assert.rejects(sql`delete from audit_log where seq = 1`.execute(t.ctx.database.db), /append-only/);
  });

  test('verify finds a modified entry and a deleted entry', async () => {
    const ok = await admin.request('GET', '/api/v1/audit/verify');
    assert.equal(ok.json().ok, true);
    const db = t.ctx.database.db;
    // An attacker with owner rights can disable the trigger; the chain still shows it.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
    await sql`update audit_log set after = jsonb_set(after, '{name}', '"Sở Y tế (giả)"') where action = 'agency.update'`.execute(db);
    let r = await t.ctx.audit.verify(db);
    assert.equal(r.ok, false);
    assert.match(r.problems[0]!.problem, /modified/);
    await sql`delete from audit_log where seq = 2`.execute(db);
    r = await t.ctx.audit.verify(db);
    assert.ok(r.problems.some((p) => p.seq === 3 && /missing/.test(p.problem)));
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
  });
});
