import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { EVIDENCE_CSP } from '../../server/src/monitoring/content/evidence-html.ts';
import { seedAnalysis } from '../helpers/content-analyses.ts';
import { createTestApp, createUser, login, seedTree, type Session, type Tree } from '../helpers/test-app.ts';

/**
 * The detections API and the sandboxed evidence view: lists and details in scope, snapshot
 * source as text, confirm and dismiss (learning, alert, audit), validation, and the evidence
 * view's headers and defused copy.
 */
describe('detections API', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let tree: Tree;
  let admin: Session;
  let member: Session;
  let viewer: Session;
  let own: { id: string; systemId: string; agencyId: string; target: string };
  let other: { id: string; systemId: string; agencyId: string; target: string };

  const monitorIn = async (agencyId: string, name: string) => {
    const s = await t.ctx.systems.create(SYSTEM_ACTOR, { name, ownerAgencyId: agencyId, securityLevel: 3, urls: [] });
    return t.ctx.monitors.create(SYSTEM_ACTOR, { systemId: s.id, kind: 'content', target: `https://${name.toLowerCase().replace(/\W+/g, '-')}.example.gov.vn/` });
  };

  before(async () => {
    t = await createTestApp();
    tree = await seedTree(t.ctx);
    await createUser(t.ctx, 'member', 'agency_member', tree.d1);
    await createUser(t.ctx, 'viewer', 'viewer', tree.d1);
    admin = await login(t.app, 'admin');
    member = await login(t.app, 'member');
    viewer = await login(t.app, 'viewer');
    own = await monitorIn(tree.u1, 'Cong TTDT D1');
    other = await monitorIn(tree.d2, 'Cong So Y te');
  });
  after(() => t.close());

  test('content monitors: longer default timeout and interval, a minimum interval', async () => {
    const m = await t.ctx.monitors.get(SYSTEM_ACTOR, own.id);
    assert.equal(m.kind, 'content');
    assert.equal(m.intervalSeconds, 600);
    assert.equal(m.timeoutMs, 30_000);
    const system = (await t.ctx.systems.create(SYSTEM_ACTOR, { name: 'Fast', ownerAgencyId: tree.u1, securityLevel: 2, urls: [] })).id;
    const res = await admin.request('POST', '/api/v1/monitors', { systemId: system, kind: 'content', target: 'https://fast.example.gov.vn/', intervalSeconds: 60 });
    assert.equal(res.statusCode, 400);
    assert.ok(res.json().errors.some((e: { field: string; message: string }) => e.field === '/intervalSeconds' && /from 300/.test(e.message)));
    const bad = await admin.request('POST', '/api/v1/monitors', { systemId: system, kind: 'content', target: 'https://fast.example.gov.vn/', settings: { subpages: 50, variants: ['bingbot'] } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['/settings/subpages', '/settings/variants/0']);
  });

  test('list: newest first, filters, scoped to the actor', async () => {
    const old = await seedAnalysis(t.ctx, own, { at: new Date(Date.now() - 3_600_000), alarm: false });
    const alarm = await seedAnalysis(t.ctx, own, { kind: 'defacement' });
    const foreign = await seedAnalysis(t.ctx, other);
    const all = (await admin.request('GET', '/api/v1/detections?pageSize=50')).json();
    assert.ok(all.total >= 3);
    const ids = all.items.map((i: { id: string }) => i.id);
    assert.ok(ids.indexOf(alarm.id) < ids.indexOf(old.id), 'newest first');
    const item = all.items.find((i: { id: string }) => i.id === alarm.id);
    assert.deepEqual(
      { monitorName: item.monitorName, systemName: item.systemName, agencyId: item.agencyId, kind: item.kind, severity: item.severity, alarm: item.alarm, review: item.review.status, code: item.topReason.code },
      { monitorName: `CONTENT ${own.target}`, systemName: 'Cong TTDT D1', agencyId: tree.u1, kind: 'defacement', severity: 'high', alarm: true, review: 'new', code: 'gambling-lexicon' },
    );
    const mine = (await member.request('GET', '/api/v1/detections?pageSize=50')).json();
    assert.ok(mine.items.every((i: { agencyId: string }) => i.agencyId === tree.u1));
    assert.ok(!mine.items.some((i: { id: string }) => i.id === foreign.id));
    const filtered = (await admin.request('GET', `/api/v1/detections?monitorId=${own.id}&alarm=true&review=new&kind=defacement`)).json();
    assert.deepEqual(filtered.items.map((i: { id: string }) => i.id), [alarm.id]);
    assert.equal((await member.request('GET', `/api/v1/detections?agencyId=${tree.d2}`)).json().total, 0);
    for (const q of ['kind=spam', 'review=maybe', 'alarm=perhaps', 'monitorId=x', 'page=0', 'nope=1']) {
      const r = await admin.request('GET', `/api/v1/detections?${q}`);
      assert.equal(r.statusCode, 400, q);
      assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
  });

  test('detail: verdict, evidence, fetches with stored flags, screenshot; other agency → 404', async () => {
    const a = await seedAnalysis(t.ctx, own, { screenshot: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]) });
    const d = (await member.request('GET', `/api/v1/detections/${a.id}`)).json();
    assert.equal(d.id, a.id);
    assert.equal(d.monitorTarget, own.target);
    assert.equal(d.reasons[0].code, 'gambling-lexicon');
    assert.equal(d.detectors[0].detector, 'spam-lexicon');
    assert.deepEqual(d.fetches.map((f: { index: number; variant: string; stored: boolean }) => [f.index, f.variant, f.stored]), [[0, 'browser', true], [1, 'googlebot', true]]);
    assert.equal(d.hasScreenshot, true);
    assert.equal(d.evidenceUrl, `/evidence/${a.id}/browser`);
    assert.equal(d.screenshotUrl, `/evidence/${a.id}/screenshot`);
    assert.deepEqual(d.profile, { samples: 5, learning: false });
    const foreign = await seedAnalysis(t.ctx, other);
    assert.equal((await member.request('GET', `/api/v1/detections/${foreign.id}`)).statusCode, 404);
    assert.equal((await admin.request('GET', '/api/v1/detections/not-a-uuid')).statusCode, 400);
    assert.equal((await admin.request('GET', '/api/v1/detections/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('source: the snapshot decoded with its charset, as text in JSON', async () => {
    const a = await seedAnalysis(t.ctx, own, { html: Buffer.from('<meta charset="windows-1252"><script>alert(1)</script><p>caf\xe9</p>', 'latin1'), contentType: 'text/html' });
    const r = await member.request('GET', `/api/v1/detections/${a.id}/source`);
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /^application\/json/);
    const s = r.json();
    assert.deepEqual({ charset: s.charset, truncated: s.truncated, sha256: s.sha256, variant: s.variant, index: s.index }, { charset: 'windows-1252', truncated: false, sha256: a.sha256, variant: 'browser', index: 0 });
    assert.match(s.text, /<script>alert\(1\)<\/script><p>café<\/p>/);
    assert.equal((await member.request('GET', `/api/v1/detections/${a.id}/source?fetch=1`)).json().variant, 'googlebot');
    assert.equal((await member.request('GET', `/api/v1/detections/${a.id}/source?fetch=7`)).statusCode, 404);
    assert.equal((await member.request('GET', `/api/v1/detections/${a.id}/source?fetch=mobile`)).statusCode, 404);
    assert.equal((await member.request('GET', `/api/v1/detections/${a.id}/source?fetch=../etc`)).statusCode, 400);
    const big = await seedAnalysis(t.ctx, own, { html: 'x'.repeat(1024 * 1024 + 10) });
    const b = (await member.request('GET', `/api/v1/detections/${big.id}/source`)).json();
    assert.equal(b.truncated, true);
    assert.equal(b.text.length, 1024 * 1024);
  });

  test('confirm: owner writers only, audited; notes validated; only alarms', async () => {
    const a = await seedAnalysis(t.ctx, own);
    assert.equal((await viewer.request('POST', `/api/v1/detections/${a.id}/confirm`, {})).statusCode, 403);
    assert.equal((await member.request('POST', `/api/v1/detections/${a.id}/confirm`, { note: 'x', extra: 1 })).statusCode, 400);
    assert.equal((await member.request('POST', `/api/v1/detections/${a.id}/confirm`, { note: 'x'.repeat(2001) })).statusCode, 400);
    const r = await member.request('POST', `/api/v1/detections/${a.id}/confirm`, { note: 'Trang bị chèn liên kết cờ bạc' });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual({ ...r.json().review, at: undefined }, { status: 'confirmed', by: { id: r.json().review.by.id, name: 'member' }, at: undefined, note: 'Trang bị chèn liên kết cờ bạc' });
    const audit = await sql<{ action: string; actor_label: string }>`select action, actor_label from audit_log where entity_id = ${a.id}`.execute(t.ctx.database.db);
    assert.deepEqual(audit.rows, [{ action: 'detection.confirm', actor_label: 'member' }]);
    const quiet = await seedAnalysis(t.ctx, own, { alarm: false });
    assert.equal((await member.request('POST', `/api/v1/detections/${quiet.id}/confirm`, {})).statusCode, 409);
    const foreign = await seedAnalysis(t.ctx, other);
    assert.equal((await member.request('POST', `/api/v1/detections/${foreign.id}/confirm`, {})).statusCode, 404);
    // Cookie sessions need the CSRF token for changes.
    assert.equal((await member.request('POST', `/api/v1/detections/${a.id}/confirm`, {}, { 'x-csrf-token': 'wrong' })).statusCode, 403);
  });

  test('dismiss: learns the snapshot, resolves the content alert, reschedules, audits; in one go', async () => {
    const html = `<!doctype html><html lang="vi"><head><title>Cổng TTĐT</title></head><body><h1>Cổng thông tin</h1><p>Trang chủ mới sau nâng cấp giao diện.</p></body></html>`;
    const a = await seedAnalysis(t.ctx, own, { html });
    const twin = await seedAnalysis(t.ctx, own, { html });
    const db = t.ctx.database.db;
    await t.ctx.repos.alerts.openMany(db, [{
      id: crypto.randomUUID(), dedup_key: `monitor:${own.id}:down`, monitor_id: own.id, system_id: own.systemId, agency_id: own.agencyId, kind: 'content.defacement',
      severity: 'high', status: 'open', opened_at: new Date(), resolved_at: null, summary: 'x', details: { analysisId: twin.id },
    }]);
    await t.ctx.repos.monitors.update(db, own.id, { state: 'down', alert_kinds: ['down'], next_due_at: new Date(Date.now() + 3_600_000) });
    const r = await member.request('POST', `/api/v1/detections/${a.id}/dismiss`, { note: 'giao diện mới' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().review.status, 'dismissed');
    const m = (await t.ctx.repos.monitors.findById(db, own.id))!;
    assert.equal((m.baseline as { samples: number; version: number }).samples, 1, 'the snapshot was learned into a profile');
    assert.deepEqual(m.alert_kinds, []);
    assert.ok(m.next_due_at.getTime() <= Date.now() + 1000, 'checked again at once');
    assert.deepEqual((await t.ctx.repos.alerts.listForMonitor(db, own.id)).map((x) => x.status), ['resolved']);
    assert.equal((await member.request('GET', `/api/v1/detections/${twin.id}`)).json().review.status, 'dismissed', 'the same snapshot awaiting review is dismissed with it');
    const audit = await sql<{ action: string }>`select action from audit_log where entity_id = ${a.id}`.execute(db);
    assert.deepEqual(audit.rows.map((x) => x.action), ['detection.dismiss']);
    // Again: nothing more to do.
    assert.equal((await member.request('POST', `/api/v1/detections/${a.id}/dismiss`, {})).statusCode, 200);
    assert.equal(((await t.ctx.repos.monitors.findById(db, own.id))!.baseline as { samples: number }).samples, 1);
    // Relearning forgets the profile.
    assert.equal((await viewer.request('POST', `/api/v1/monitors/${own.id}/relearn`)).statusCode, 403);
    assert.equal((await member.request('POST', `/api/v1/monitors/${own.id}/relearn`)).statusCode, 204);
    assert.equal((await t.ctx.repos.monitors.findById(db, own.id))!.baseline, null);
  });

  test('evidence view: login required, sandbox CSP, defused refresh and base, no sniffing', async () => {
    const a = await seedAnalysis(t.ctx, own, {
      html: `<html><head><meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/"></head><body><h1>Hacked by X</h1><script>alert(document.cookie)</script></body></html>`,
      screenshot: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9]),
    });
    const anon = await t.app.inject({ method: 'GET', url: `/evidence/${a.id}/browser` });
    assert.equal(anon.statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: `/evidence/${a.id}/screenshot` })).statusCode, 401);
    const r = await member.request('GET', `/evidence/${a.id}/browser`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['content-security-policy'], EVIDENCE_CSP);
    assert.equal(EVIDENCE_CSP, "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'");
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    assert.doesNotMatch(r.body, /http-equiv\s*=|<base/i);
    assert.match(r.body, /<h1>Hacked by X<\/h1>/);
    const shot = await member.request('GET', `/evidence/${a.id}/screenshot`);
    assert.equal(shot.statusCode, 200);
    assert.equal(shot.headers['content-type'], 'image/png');
    assert.equal(shot.headers['x-content-type-options'], 'nosniff');
    assert.equal(shot.rawPayload.length, 9);
    // Other agency, unknown fetch, bad ids, no screenshot.
    const foreign = await seedAnalysis(t.ctx, other);
    assert.equal((await member.request('GET', `/evidence/${foreign.id}/browser`)).statusCode, 404);
    assert.equal((await member.request('GET', `/evidence/${a.id}/9`)).statusCode, 404);
    assert.equal((await member.request('GET', `/evidence/${a.id}/..%2f..%2fetc`)).statusCode, 400);
    assert.equal((await member.request('GET', '/evidence/nope/browser')).statusCode, 400);
    assert.equal((await member.request('GET', `/evidence/${foreign.id}/screenshot`)).statusCode, 404);
    // The app's own pages keep their policy: no framing at all.
    const api = await member.request('GET', '/api/v1/auth/me');
    assert.match(api.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
    assert.equal(api.headers['x-frame-options'], 'DENY');
    // A bearer token works too (scripts, the CLI).
    const token = (await t.ctx.tokens.create((await t.ctx.auth.resolveSession(member.cookie.split('=')[1]!, '127.0.0.1'))!.actor, { name: 'evidence' })).token;
    assert.equal((await t.app.inject({ method: 'GET', url: `/evidence/${a.id}/browser`, headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  });
});
