import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

describe('agencies API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let tree: Tree;
  before(async () => {
    t = await createTestApp();
    tree = await seedTree(t.ctx);
    admin = await login(t.app, 'admin');
  });
  after(() => t.close());

  test('creates a child agency and lists it in the tree, hostile names kept verbatim', async () => {
    const name = '<script>alert(1)</script> Phòng \'; drop table agencies; --';
    const res = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d1, code: 'PHONG-1', name, kind: 'unit' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().name, name);
    assert.equal(res.json().depth, 2);
    const treeRes = await admin.request('GET', '/api/v1/agencies/tree');
    const items = treeRes.json().items as { id: string; parentId: string | null; name: string }[];
    assert.equal(items.length, 5);
    assert.equal(items.find((i) => i.name === name)?.parentId, tree.d1);
  });

  test('rejects unknown fields, wrong types and malformed JSON with problem+json field errors', async () => {
    const r1 = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d1, code: 'X1', name: 'X', kind: 'unit', colour: 'red' });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.headers['content-type'] as string, /application\/problem\+json/);
    assert.deepEqual(r1.json().errors, [{ field: '/colour', message: 'is not a known field' }]);

    const r2 = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d1, code: 'X1', name: 42, kind: 'galaxy' });
    assert.equal(r2.statusCode, 400);
    const fields = (r2.json().errors as { field: string }[]).map((e) => e.field);
    assert.ok(fields.includes('/name') && fields.includes('/kind'), JSON.stringify(r2.json()));

    const r3 = await admin.request('POST', '/api/v1/agencies', '{"code": ', { 'content-type': 'application/json' });
    assert.equal(r3.statusCode, 400);
    assert.equal(r3.json().code, 'malformed_json');

    const r4 = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d1, code: 'X1', name: 'a\u0000b', kind: 'unit' });
    assert.equal(r4.statusCode, 400);
  });

  test('oversized bodies get 413, not 500', async () => {
    const res = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d1, code: 'BIG', name: 'x'.repeat(2 * 1024 * 1024), kind: 'unit' });
    assert.equal(res.statusCode, 413);
  });

  test('duplicate code is a 409 naming the field', async () => {
    const res = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d1, code: 'syt', name: 'Dup', kind: 'unit' });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().errors[0].field, '/code');
  });

  test('moving an agency moves its subtree; moving under itself is refused', async () => {
    const cycle = await admin.request('PATCH', `/api/v1/agencies/${tree.d1}`, { parentId: tree.u1 });
    assert.equal(cycle.statusCode, 400);
    const move = await admin.request('PATCH', `/api/v1/agencies/${tree.d1}`, { parentId: tree.d2 });
    assert.equal(move.statusCode, 200, move.body);
    const u1 = await admin.request('GET', `/api/v1/agencies/${tree.u1}`);
    assert.equal(u1.json().depth, 3);
    // An agency admin of D2 now sees U1 (moved into their subtree).
    await createUser(t.ctx, 'd2admin', 'agency_admin', tree.d2);
    const d2admin = await login(t.app, 'd2admin');
    assert.equal((await d2admin.request('GET', `/api/v1/agencies/${tree.u1}`)).statusCode, 200);
    await admin.request('PATCH', `/api/v1/agencies/${tree.d1}`, { parentId: tree.province });
    assert.equal((await d2admin.request('GET', `/api/v1/agencies/${tree.u1}`)).statusCode, 404);
  });

  test('an agency with children cannot be deleted (409), an empty one can', async () => {
    assert.equal((await admin.request('DELETE', `/api/v1/agencies/${tree.d1}`)).statusCode, 409);
    const c = await admin.request('POST', '/api/v1/agencies', { parentId: tree.d2, code: 'EMPTY', name: 'Empty', kind: 'unit' });
    assert.equal((await admin.request('DELETE', `/api/v1/agencies/${c.json().id}`)).statusCode, 204);
    assert.equal((await admin.request('GET', `/api/v1/agencies/${c.json().id}`)).statusCode, 404);
  });

  test('lists paginate, filter and sort', async () => {
    const res = await admin.request('GET', '/api/v1/agencies?pageSize=2&page=1&sort=code&order=desc');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.items.length, 2);
    assert.ok(body.total >= 4);
    assert.equal(body.items[0].code, 'TTCNTT');
    const q = await admin.request('GET', '/api/v1/agencies?q=Y%20t%E1%BA%BF');
    assert.deepEqual(q.json().items.map((i: { code: string }) => i.code), ['SYT']);
    const bad = await admin.request('GET', '/api/v1/agencies?pageSize=100000');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].field, 'querystring:/pageSize');
  });
});
