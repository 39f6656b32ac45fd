import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/src/io/clock.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/** Observables, correlation, hostile attachments, STIX / MISP exchange, through the API. */
describe('incident evidence API', () => {
  const clock = new ManualClock(new Date('2026-09-01T02:00:00Z'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let member: Session;
  let other: Session;

  before(async () => {
    t = await createTestApp({ clock, config: { uploadMaxBytes: 256 * 1024 } });
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.u1);
    await createUser(t.ctx, 'other', 'agency_member', tree.d2);
    member = await login(t.app, 'member');
    other = await login(t.app, 'other');
  });
  after(() => t?.close());

  const report = async (s: Session, agencyId: string, description: string) => {
    const r = await s.request('POST', '/api/v1/incidents', {
      agencyId, title: 'Truy cập trái phép', reporterEmail: 'bc@example.gov.vn', contactName: 'An', contactPhone: '0903123456', operator: 'TTCNTT',
      description, detectedAt: '2026-08-31T23:30:00Z', handled: false, detectionMethod: 'log_review', alreadyNotified: [],
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().id as string;
  };

  const upload = (s: Session, id: string, name: string, content: Buffer | string, type = 'application/octet-stream') => {
    const boundary = '----vigil' + Math.random().toString(16).slice(2);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return s.request('POST', `/api/v1/incidents/${id}/attachments`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  };

  it('extracts defanged observables from the report and correlates them across visible incidents', async () => {
    const a = await report(member, tree.u1, 'Truy cập từ 203.0.113[.]7 tới hxxps://cong-ttdt.example.gov[.]vn/admin, mã độc e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.');
    const b = await report(member, tree.u1, 'Lại thấy 203.0.113.7 quét cổng.');
    const c = await report(other, tree.d2, 'Đơn vị khác cũng thấy 203.0.113.7.');
    const ev = (await member.request('GET', `/api/v1/incidents/${a}/evidence`)).json();
    const byType = Object.fromEntries(ev.observables.map((o: { type: string; value: string }) => [o.type, o.value]));
    assert.equal(byType.ipv4, '203.0.113.7');
    assert.equal(byType.url, 'https://cong-ttdt.example.gov.vn/admin');
    assert.equal(byType.sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const ip = ev.observables.find((o: { type: string }) => o.type === 'ipv4');
    assert.equal(ip.otherIncidents, 1, 'the other agency\'s incident is not counted for this member');
    const admin = await login(t.app, 'admin');
    const seen = (await admin.request('GET', `/api/v1/incidents/${a}/evidence`)).json().observables.find((o: { type: string }) => o.type === 'ipv4');
    assert.equal(seen.otherIncidents, 2);
    const related = (await member.request('GET', `/api/v1/incidents/${a}/observables/related?type=ipv4&value=203.0.113.7`)).json().items;
    assert.deepEqual(related.map((r: { id: string }) => r.id), [b]);
    assert.equal((await other.request('GET', `/api/v1/incidents/${a}/evidence`)).statusCode, 404);
    assert.ok(c);
  });

  it('adds observables by hand with field errors for bad values', async () => {
    const id = await report(member, tree.u1, 'Không có chỉ dấu.');
    const bad = await member.request('POST', `/api/v1/incidents/${id}/observables`, { observables: [{ type: 'ipv4', value: '300.1.1.1' }, { type: 'sha256', value: 'xyz' }] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field), ['/observables/0/value', '/observables/1/value']);
    const ok = await member.request('POST', `/api/v1/incidents/${id}/observables`, { observables: [{ type: 'domain', value: 'Evil[.]Example.COM', tlp: 'red', comment: 'C2' }] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().observables[0].value, 'evil.example.com');
  });

  it('stores hostile attachments by hash and never serves them inline; bounds size', async () => {
    const id = await report(member, tree.u1, 'Tệp đính kèm.');
    const html = await upload(member, id, '../../trang.html', '<html><script>alert(document.cookie)</script>203.0.113.9</html>', 'text/html');
    assert.equal(html.statusCode, 201, html.body);
    assert.equal(html.json().name, 'trang.html', 'no path');
    assert.equal(html.json().observablesFound, 1);
    const svg = await upload(member, id, 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml');
    const zipBomb = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(1000, 0)]);
    assert.equal((await upload(member, id, 'bomb.zip', zipBomb, 'application/zip')).json().observablesFound, 0, 'archives are never opened');
    for (const att of [html.json(), svg.json()]) {
      const r = await member.request('GET', `/api/v1/incidents/${id}/attachments/${att.id}`);
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['content-type'], 'application/octet-stream');
      assert.match(String(r.headers['content-disposition']), /^attachment;/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.match(String(r.headers['content-security-policy']), /sandbox/);
    }
    const before = (await member.request('GET', `/api/v1/incidents/${id}/evidence`)).json().attachments.length;
    const big = await upload(member, id, 'big.log', Buffer.alloc(300 * 1024, 65));
    assert.equal(big.statusCode, 413);
    assert.equal((await member.request('GET', `/api/v1/incidents/${id}/evidence`)).json().attachments.length, before, 'nothing half-written');
    assert.equal((await other.request('GET', `/api/v1/incidents/${id}/attachments/${html.json().id}`)).statusCode, 404);
  });

  it('exports STIX 2.1 and MISP; a MISP event imports, with what was skipped listed', async () => {
    const id = await report(member, tree.u1, 'C2 tại 198.51.100.23 và evil-c2[.]example.com.');
    const stix = await member.request('GET', `/api/v1/incidents/${id}/export/stix`);
    assert.equal(stix.statusCode, 200);
    const bundle = stix.json();
    assert.equal(bundle.type, 'bundle');
    assert.match(bundle.id, /^bundle--[0-9a-f-]{36}$/);
    const types = bundle.objects.map((o: { type: string }) => o.type);
    for (const ty of ['identity', 'incident', 'indicator', 'relationship', 'marking-definition']) assert.ok(types.includes(ty), ty);
    const ids = new Set(bundle.objects.map((o: { id: string }) => o.id));
    for (const o of bundle.objects) for (const [k, v] of Object.entries(o)) if (k.endsWith('_ref') && typeof v === 'string' && !v.startsWith('marking-definition--')) assert.ok(ids.has(v), `${k} → ${v}`);
    const misp = (await member.request('GET', `/api/v1/incidents/${id}/export/misp`)).json();
    const target = await report(member, tree.u1, 'Nhập từ MISP.');
    const imported = await member.request('POST', `/api/v1/incidents/${target}/import/misp`, misp);
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().added, 2);
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/intel/event.json', import.meta.url), 'utf8'));
    const fromFixture = await member.request('POST', `/api/v1/incidents/${target}/import/misp`, fixture);
    assert.equal(fromFixture.statusCode, 200, fromFixture.body);
    assert.ok(Array.isArray(fromFixture.json().skipped));
    assert.equal((await member.request('POST', `/api/v1/incidents/${target}/import/misp`, { Event: 'nope' })).statusCode, 400);
  });

  it('extraction from 10 MB of text is bounded', async () => {
    const id = await report(member, tree.u1, 'Nhật ký lớn.');
    const line = 'GET /index.php?id=1 from 192.0.2.45 referer hxxp://spam[.]example.net/x ';
    const text = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const started = performance.now();
    const r = await t.ctx.database.db.transaction().execute((trx) => t.ctx.incidents.evidence.extractInto(trx, id, text, 'text'));
    assert.ok(performance.now() - started < 15_000);
    assert.ok(r.added >= 2);
  });
});
