import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, login } from '../helpers/test-app.ts';

describe('health, metrics, OpenAPI and security headers', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('healthz and readyz', async () => {
    assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, t.ctx.testDb.kind);
  });

  test('Prometheus metrics count requests by route pattern', async () => {
    const s = await login(t.app, 'admin');
    await s.request('GET', '/api/v1/agencies');
    const m = await t.app.inject('/metrics');
    assert.match(m.headers['content-type'] as string, /text\/plain/);
    assert.match(m.body, /vigil_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/agencies",status="200"\} 1/);
    assert.match(m.body, /vigil_process_resident_memory_bytes/);
  });

  test('OpenAPI 3 document lists the API with schemas; docs page is served', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.paths['/api/v1/systems'].get);
    assert.ok(doc.paths['/api/v1/agencies/{id}'].patch.requestBody);
    const docs = await t.app.inject('/api/docs/');
    assert.ok(docs.statusCode === 200 || docs.statusCode === 302);
  });

  test('API responses carry no-store, nosniff and a strict CSP; unknown API paths are problem+json 404', async () => {
    const r = await t.app.inject('/api/v1/nothing-here');
    assert.equal(r.statusCode, 401);
    const s = await login(t.app, 'admin');
    const nf = await s.request('GET', '/api/v1/nothing-here');
    assert.equal(nf.statusCode, 404);
    assert.match(nf.headers['content-type'] as string, /problem\+json/);
    assert.equal(nf.headers['x-content-type-options'], 'nosniff');
    assert.equal(nf.headers['cache-control'], 'no-store');
    assert.match(nf.headers['content-security-policy'] as string, /script-src 'self'/);
  });
});
