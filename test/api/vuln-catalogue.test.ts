import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';
import { bundleManifest, MANIFEST } from '../../server/src/vulns/importers/offline-bundle.ts';
import { zipFiles } from '../../server/src/vulns/importers/zip-writer.ts';
import { KEV_SAMPLE, kevCatalogue, MSRC_JULY, msrcDocument, multipartFile } from '../vulns/feed-samples.ts';

/** Feed imports, the catalogue and matching through the HTTP API, on the real database. */
describe('vulnerability catalogue API', () => {
  const clock = new ManualClock(new Date('2026-11-02T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let admin: Session;
  let coord: Session;
  let member: Session;
  let other: Session;
  let ws2019 = '';
  let patched = '';
  let feeds: Server;
  let feedUrl = '';

  const count = async (table: 'advisories' | 'advisory_imports' | 'system_vulnerabilities') =>
    Number((await t.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const upload = (s: Session, name: string, content: string | Buffer, mode?: string) => {
    const m = multipartFile(name, content);
    return s.request('POST', `/api/v1/advisory-imports${mode ? `?mode=${mode}` : ''}`, m.body, m.headers);
  };

  before(async () => {
    t = await createTestApp({ clock, config: { feedMaxBytes: 200_000, monitorAllowLoopback: true } });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'coord', 'coordinator', null);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    await createUser(t.ctx, 'other', 'agency_member', tree.d2);
    [admin, coord, member, other] = (await Promise.all(['admin', 'coord', 'member', 'other'].map((u) => login(t.app, u)))) as [Session, Session, Session, Session];
    ws2019 = (await t.ctx.systems.create(SYSTEM_ACTOR, {
      name: 'Máy chủ dịch vụ công', ownerAgencyId: tree.u1, securityLevel: 3,
      software: [{ vendor: 'Microsoft', product: 'Windows Server 2019', version: '10.0.17763.4499' }, { vendor: 'Apache Software Foundation', product: 'Log4j', version: '2.14.1' }],
    })).id;
    patched = (await t.ctx.systems.create(SYSTEM_ACTOR, {
      name: 'Máy chủ một cửa', ownerAgencyId: tree.d2, securityLevel: 3,
      software: [{ vendor: 'Microsoft', product: 'Windows Server 2019', version: null }, { vendor: 'Microsoft', product: 'KB5028168', version: null }],
    })).id;
    await t.ctx.systems.create(SYSTEM_ACTOR, { name: 'Cổng SharePoint', ownerAgencyId: tree.d2, securityLevel: 2, software: [{ vendor: 'Microsoft', product: 'SharePoint Server 2019', version: null }] });
    feeds = createServer((req, res) => {
      if (req.url === '/kev.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(kevCatalogue(KEV_SAMPLE));
      if (req.url === '/moved') return res.writeHead(302, { location: '/kev.json' }).end();
      if (req.url?.startsWith('/odd')) return res.writeHead(200, { 'content-type': 'application/json' }).end(kevCatalogue(KEV_SAMPLE));
      res.writeHead(404).end('no');
    });
    await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  });
  after(async () => {
    feeds?.close();
    await t?.close();
  });

  it('imports KEV and MSRC files, merges per CVE, and a re-import changes nothing', async () => {
    const r1 = await upload(coord, 'kev.json', kevCatalogue(KEV_SAMPLE));
    assert.equal(r1.statusCode, 200, r1.body);
    assert.deepEqual({ ...(r1.json() as object), id: 0, startedAt: 0, finishedAt: 0, rematch: 0, bytes: 0 }, {
      id: 0, startedAt: 0, finishedAt: 0, rematch: 0, bytes: 0, sourceKind: 'file', sourceName: 'kev.json', feedKinds: ['kev'], mode: 'rest', status: 'imported',
      records: 3, created: 3, updated: 0, unchanged: 0, skippedCount: 0, skipped: [], files: [{ name: 'kev.json', kind: 'kev', records: 3, skipped: 0 }], actorName: 'coord',
    });
    const r2 = (await upload(coord, 'jul.json', msrcDocument('2023-Jul', MSRC_JULY))).json();
    assert.equal(r2.status, 'imported');
    // CVE-2023-32046 was in KEV: merged, not duplicated.
    assert.deepEqual([r2.created, r2.updated], [3, 1]);
    assert.equal(await count('advisories'), 6);
    const again = (await upload(coord, 'jul.json', msrcDocument('2023-Jul', MSRC_JULY))).json();
    assert.deepEqual([again.created, again.updated, again.unchanged, again.rematch], [0, 0, 4, null]);
    const a = (await member.request('GET', '/api/v1/advisories/CVE-2023-32046')).json();
    assert.deepEqual(a.sources.sort(), ['kev', 'msrc']);
    assert.equal(a.exploited, true);
    assert.deepEqual(a.kbs.sort(), ['KB5028168', 'KB5028171']);
    assert.equal(a.month, '2023-07');
  });

  it('matches inventories: below the fixed build is affected, an installed KB is not, an unknown version is possible; scoped per agency', async () => {
    const mine = (await member.request('GET', '/api/v1/advisories/CVE-2023-32046')).json();
    assert.deepEqual(mine.matches.map((m: { systemId: string; status: string }) => [m.systemId, m.status]), [[ws2019, 'affected']]);
    assert.match(mine.matches[0].items[0].reason, /10\.0\.17763\.4499 < fixed build 10\.0\.17763\.4645/);
    const all = (await coord.request('GET', '/api/v1/advisories/CVE-2023-32046')).json();
    assert.ok(!all.matches.some((m: { systemId: string }) => m.systemId === patched), 'KB5028168 installed: not affected');
    const sp = (await other.request('GET', '/api/v1/advisories/CVE-2023-33157')).json();
    assert.equal(sp.matches[0].status, 'possibly_affected');
    const log4j = (await member.request('GET', `/api/v1/systems/${ws2019}/vulnerabilities`)).json();
    assert.ok(log4j.items.some((i: { cve: string; status: string }) => i.cve === 'CVE-2021-44228' && i.status === 'possibly_affected'));
    assert.equal((await other.request('GET', `/api/v1/systems/${ws2019}/vulnerabilities`)).statusCode, 404);
  });

  it('searches with filters, lists vendors, pages', async () => {
    const q = async (s: string) => (await member.request('GET', `/api/v1/advisories?${s}`)).json();
    assert.deepEqual((await q('vendor=Microsoft&severity=high,critical&monthFrom=2023-05&monthTo=2023-08')).items.map((i: { cve: string }) => i.cve).sort(), ['CVE-2023-32046', 'CVE-2023-33157', 'CVE-2023-35311']);
    assert.deepEqual((await q('exploited=true&vendor=citrix')).items.map((i: { cve: string }) => i.cve), ['CVE-2023-4966']);
    assert.equal((await q('q=sharepoint')).total, 1);
    const page = await q('limit=2&offset=0');
    assert.equal(page.items.length, 2);
    assert.equal(page.total, 6);
    const matched = await q('matched=true');
    assert.ok(matched.items.every((i: { matchedSystems: number }) => i.matchedSystems > 0));
    const vendors = (await member.request('GET', '/api/v1/advisory-vendors')).json().items;
    assert.equal(vendors.find((v: { vendor: string }) => v.vendor === 'Microsoft').count, 4);
    const bad = await member.request('GET', '/api/v1/advisories?monthFrom=2023-13&severity=extreme');
    assert.equal(bad.statusCode, 400);
    assert.equal((await member.request('GET', '/api/v1/advisories/CVE-1999-0001')).statusCode, 404);
  });

  it('unknown product ids: "rest" imports the record and reports the skip; "all or nothing" writes nothing', async () => {
    const doc = msrcDocument('2023-Aug', [{ ...MSRC_JULY[0]!, cve: 'CVE-2023-38180', date: '2023-08-08T07:00:00' }], { unknownPid: '99999' });
    const strict = await upload(coord, 'aug.json', doc, 'all_or_nothing');
    assert.equal(strict.statusCode, 422);
    assert.equal(strict.json().status, 'rejected');
    assert.deepEqual(strict.json().skipped, [{ file: 'aug.json', index: 'CVE-2023-38180', reason: 'unknown ProductID 99999 (not in the ProductTree)' }]);
    assert.equal((await member.request('GET', '/api/v1/advisories/CVE-2023-38180')).statusCode, 404);
    const rest = (await upload(coord, 'aug.json', doc)).json();
    assert.deepEqual([rest.status, rest.created, rest.skippedCount], ['partial', 1, 1]);
    // The installation default is "rest"; an administrator makes "all or nothing" the default.
    assert.equal((await coord.request('PUT', '/api/v1/vuln-settings', { importMode: 'all_or_nothing' })).statusCode, 403);
    assert.equal((await admin.request('PUT', '/api/v1/vuln-settings', { importMode: 'all_or_nothing' })).json().importMode, 'all_or_nothing');
    assert.equal((await upload(coord, 'aug2.json', doc)).json().status, 'rejected');
    await admin.request('PUT', '/api/v1/vuln-settings', { importMode: 'rest' });
  });

  it('hostile files: unreadable, wrong format, truncated, too large, binary: a clear report and nothing written', async () => {
    const before = await count('advisories');
    for (const [name, content] of [['x.json', '{"vulnerabilities": ['], ['x.xml', '<?xml version="1.0"?><html/>'], ['x.bin', Buffer.from([0, 1, 2, 0xff, 0, 0])], ['x.json', '{"hello": 1}']] as const) {
      const r = await upload(coord, name, content);
      assert.equal(r.statusCode, 422, `${name}: ${r.body}`);
      assert.equal(r.json().status, 'failed');
      assert.equal(r.json().skipped[0].index, 'file');
    }
    const huge = await upload(coord, 'big.json', Buffer.alloc(300_000, 0x20));
    assert.equal(huge.statusCode, 413, huge.body);
    assert.equal(await count('advisories'), before);
    const m = multipartFile('k.json', kevCatalogue(KEV_SAMPLE));
    assert.equal((await member.request('POST', '/api/v1/advisory-imports', m.body, m.headers)).statusCode, 403);
    const cut = await coord.request('POST', '/api/v1/advisory-imports', m.body.subarray(0, 200), m.headers);
    assert.equal(cut.statusCode, 400, cut.body);
    const history = (await coord.request('GET', '/api/v1/advisory-imports')).json().items;
    assert.ok(history.length >= 9);
    assert.equal((await member.request('GET', '/api/v1/advisory-imports')).statusCode, 403);
  });

  it('imports an offline bundle (.zip with a manifest): every file reported, a damaged one skipped', async () => {
    const good = Buffer.from(msrcDocument('2023-Jun', [{ ...MSRC_JULY[1]!, cve: 'CVE-2023-29357', date: '2023-06-13T07:00:00' }]));
    const files = [{ name: 'msrc-2023-Jun.json', data: good }, { name: 'kev.json', data: Buffer.from(kevCatalogue(KEV_SAMPLE)) }];
    const manifest = JSON.parse(bundleManifest(files, clock.now()));
    manifest.files[1].sha256 = '0'.repeat(64);
    const zip = zipFiles([{ name: MANIFEST, data: Buffer.from(JSON.stringify(manifest)) }, ...files]);
    const r = await upload(coord, 'feeds-2026-11.zip', zip);
    assert.equal(r.statusCode, 200, r.body);
    const run = r.json();
    assert.deepEqual([run.sourceKind, run.status, run.created, run.feedKinds], ['bundle', 'partial', 1, ['msrc-json']]);
    assert.deepEqual(run.files.map((f: { name: string; kind: string | null }) => [f.name, f.kind]), [['kev.json', null], ['msrc-2023-Jun.json', 'msrc-json']]);
    assert.match(run.skipped[0].reason, /checksum differs/);
    assert.equal((await member.request('GET', '/api/v1/advisories/CVE-2023-29357')).json().month, '2023-06');
  });

  it('imports from a URL through the address policy, following a redirect; a dead link is a field error', async () => {
    const r = await coord.request('POST', '/api/v1/advisory-imports/url', { url: `${feedUrl}/moved` });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual([r.json().sourceKind, r.json().unchanged], ['url', 3]);
    const odd = await coord.request('POST', '/api/v1/advisory-imports/url', { url: `${feedUrl}/odd%E0%A4%A.json` });
    assert.equal(odd.statusCode, 200, `a malformed %-escape in the name is no reason to fail: ${odd.body}`);
    const dead = await coord.request('POST', '/api/v1/advisory-imports/url', { url: `${feedUrl}/nope` });
    assert.equal(dead.statusCode, 400);
    assert.match(dead.json().errors[0].message, /HTTP 404/);
    const meta = await coord.request('POST', '/api/v1/advisory-imports/url', { url: 'http://169.254.169.254/latest/meta-data' });
    assert.equal(meta.statusCode, 400);
  });

  it('re-matches after an inventory change; the rematch endpoint is for the coordinating unit', async () => {
    await t.ctx.systems.update(SYSTEM_ACTOR, ws2019, { software: [{ vendor: 'Microsoft', product: 'Windows Server 2019', version: '10.0.17763.4645' }] });
    const r = await coord.request('POST', '/api/v1/vuln-matches/rematch');
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.json().changedSystems + r.json().removedSystems >= 1, r.body);
    assert.equal((await member.request('GET', `/api/v1/systems/${ws2019}/vulnerabilities`)).json().items.length, 0);
    assert.equal((await member.request('POST', '/api/v1/vuln-matches/rematch')).statusCode, 403);
  });
});
