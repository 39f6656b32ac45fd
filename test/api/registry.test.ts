import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

const portal = (ownerAgencyId: string, name = 'Cổng thông tin điện tử Sở TT&TT') => ({
  name,
  description: 'Cổng thông tin chính thức',
  ownerAgencyId,
  securityLevel: 3,
  criticalNational: false,
  urls: ['https://stttt.dongnai.gov.vn/'],
  domains: ['STTTT.DongNai.gov.vn.'],
  ipAddresses: ['203.0.113.10', '2001:db8::1'],
  hostingProvider: 'Trung tâm dữ liệu tỉnh',
  tags: ['cổng', 'cấp-3'],
  software: [
    { vendor: 'Microsoft', product: 'Windows Server', version: '2019', cpe: 'cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*' },
    { vendor: 'Microsoft', product: 'IIS', version: '10.0' },
  ],
});

describe('information systems and contact points API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;
  let member: Session;
  let tree: Tree;
  before(async () => {
    t = await createTestApp();
    tree = await seedTree(t.ctx);
    admin = await login(t.app, 'admin');
    await createUser(t.ctx, 'member', 'agency_member', tree.d1);
    member = await login(t.app, 'member');
  });
  after(() => t.close());

  test('a system with inventory round-trips; domains are normalised', async () => {
    const res = await member.request('POST', '/api/v1/systems', portal(tree.d1));
    assert.equal(res.statusCode, 201, res.body);
    const s = res.json();
    assert.deepEqual(s.domains, ['stttt.dongnai.gov.vn']);
    assert.equal(s.software.length, 2);
    assert.equal(s.software[1].cpe, null);
    assert.equal(s.ownerAgencyName, 'Sở Thông tin và Truyền thông');
    const got = await member.request('GET', `/api/v1/systems/${s.id}`);
    assert.deepEqual(got.json(), s);
  });

  test('only administrators may mark a system internal (its monitors may reach private networks)', async () => {
    const s = await member.request('POST', '/api/v1/systems', { ...portal(tree.d1, 'Mạng nội bộ'), internal: true });
    assert.equal(s.statusCode, 403);
    const created = await member.request('POST', '/api/v1/systems', portal(tree.d1, 'Mạng nội bộ'));
    assert.equal(created.json().internal, false);
    assert.equal((await member.request('PATCH', `/api/v1/systems/${created.json().id}`, { internal: true })).statusCode, 403);
    const byAdmin = await admin.request('PATCH', `/api/v1/systems/${created.json().id}`, { internal: true });
    assert.equal(byAdmin.json().internal, true);
    // Editing other fields leaves the flag alone.
    assert.equal((await member.request('PATCH', `/api/v1/systems/${created.json().id}`, { securityLevel: 2, internal: true })).json().internal, true);
    await admin.request('DELETE', `/api/v1/systems/${created.json().id}`);
  });

  test('invalid systems get field-level errors', async () => {
    const bad = { ...portal(tree.d1, 'Bad'), securityLevel: 6, urls: ['javascript:alert(1)'], ipAddresses: ['999.1.1.1'], software: [{ vendor: 'x', product: 'y', cpe: 'cpe:/a:bad' }] };
    const res = await admin.request('POST', '/api/v1/systems', bad);
    assert.equal(res.statusCode, 400);
    const fields = new Set((res.json().errors as { field: string }[]).map((e) => e.field));
    for (const f of ['/securityLevel', '/urls/0', '/ipAddresses/0', '/software/0/cpe']) assert.ok(fields.has(f), `${f} in ${[...fields]}`);
    const dup = await admin.request('POST', '/api/v1/systems', portal(tree.d1));
    assert.equal(dup.statusCode, 409);
  });

  test('the system list filters by agency subtree, level, tag and text', async () => {
    await admin.request('POST', '/api/v1/systems', { ...portal(tree.u1, 'Hệ thống một cửa'), securityLevel: 2, tags: ['dvc'] });
    await admin.request('POST', '/api/v1/systems', { ...portal(tree.d2, 'Email Sở Y tế'), securityLevel: 4, tags: ['email'], urls: ['https://mail.syt.dongnai.gov.vn/'] });
    const names = async (qs: string) => (await admin.request('GET', `/api/v1/systems?${qs}`)).json().items.map((s: { name: string }) => s.name);
    assert.deepEqual(await names(`agencyId=${tree.d1}&sort=name`), ['Cổng thông tin điện tử Sở TT&TT', 'Hệ thống một cửa']);
    assert.deepEqual(await names(`agencyId=${tree.d1}&includeSubAgencies=false`), ['Cổng thông tin điện tử Sở TT&TT']);
    assert.deepEqual(await names('minSecurityLevel=4'), ['Email Sở Y tế']);
    assert.deepEqual(await names('tag=dvc'), ['Hệ thống một cửa']);
    assert.deepEqual(await names('q=mail.syt'), ['Email Sở Y tế']);
    assert.deepEqual(await names('q=100%25'), []);
    assert.deepEqual(await names('sort=securityLevel&order=desc&pageSize=1'), ['Email Sở Y tế']);
    // The member sees only D1's subtree.
    const mine = (await member.request('GET', '/api/v1/systems')).json();
    assert.equal(mine.total, 2);
  });

  test('contact points keep a history of every change with who and when', async () => {
    const c = await member.request('POST', '/api/v1/contacts', {
      agencyId: tree.d1, priority: 'primary', availability: 'out_of_hours', name: 'Trương Minh Tú', title: 'Tổ trưởng tổ Hạ tầng',
      phone: '0251 3827 555', mobile: '0349524733', email: 'attt@dongnai.gov.vn', messaging: { zalo: '0349524733' },
    });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id;
    assert.equal((await admin.request('PATCH', `/api/v1/contacts/${id}`, { mobile: '0909000111' })).statusCode, 200);
    const v = await member.request('POST', `/api/v1/contacts/${id}/verify`);
    assert.ok(v.json().lastVerifiedAt);
    const h = (await member.request('GET', `/api/v1/contacts/${id}/history`)).json().items;
    assert.deepEqual(h.map((e: { action: string }) => e.action), ['verify', 'update', 'create']);
    assert.equal(h[1].changedByLabel, 'admin');
    assert.equal(h[1].before.mobile, '0349524733');
    assert.equal(h[1].after.mobile, '0909000111');
    const bad = await member.request('POST', '/api/v1/contacts', { agencyId: tree.d1, priority: 'main', availability: 'always', name: '', email: 'not-an-email' });
    assert.equal(bad.statusCode, 400);
    assert.equal(new Set(bad.json().errors.map((e: { field: string }) => e.field)).size, 4);
  });
});
