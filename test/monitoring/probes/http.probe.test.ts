import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpProbe } from '../../../server/src/monitoring/probes/http.probe.ts';
import { delayed, ok, redirect, startHttpServer, startHttpsServer, type LoopbackHttp } from '../../helpers/loopback/http-servers.ts';
import { startHostileServer, type HostileServer } from '../../helpers/loopback/hostile-server.ts';
import { probeContext } from '../../helpers/loopback/probe-context.ts';
import { closedPort } from '../../helpers/loopback/tcp-listener.ts';
import { createTestCa, selfSigned, type TestCa } from '../../helpers/loopback/test-pki.ts';

describe('HTTP probe', () => {
  let web: LoopbackHttp;
  let hostile: HostileServer;
  let ca: TestCa;
  let tlsGood: LoopbackHttp;
  let tlsExpired: LoopbackHttp;
  let tlsSelf: LoopbackHttp;
  const seen: Array<Record<string, string | string[] | undefined>> = [];

  before(async () => {
    web = await startHttpServer({
      '/': ok('<html><body>Cổng thông tin điện tử tỉnh — xin chào</body></html>'),
      '/echo': (req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`method=${req.method}`);
      },
      '/hacked': ok('<h1>Hacked by someone</h1>'),
      '/missing': ok('gone', 404),
      '/error': ok('boom', 503),
      '/created': ok('made', 201),
      '/slow': delayed(300, 'finally'),
      '/r1': redirect('/r2', 301),
      '/r2': redirect('/r3', 307),
      '/r3': redirect('/'),
      '/self-loop': redirect('/self-loop'),
      '/to-ftp': redirect('ftp://files.example/x'),
      '/see-other': redirect('/echo', 303),
      '/big': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.alloc(3000, 'b'));
      },
    });
    hostile = await startHostileServer();
    ca = createTestCa();
    tlsGood = await startHttpsServer(ca.issue({ ips: ['127.0.0.1'] }), { '/': ok('secure hello') });
    tlsExpired = await startHttpsServer(ca.issue({ ips: ['127.0.0.1'], notBeforeDays: -60, notAfterDays: -1 }), { '/': ok('old') });
    tlsSelf = await startHttpsServer(selfSigned({ ips: ['127.0.0.1'] }), { '/': ok('self') });
  });
  after(async () => {
    await Promise.all([web, hostile, tlsGood, tlsExpired, tlsSelf].map((s) => s?.close()));
  });

  test('up: status, total latency and its parts, body facts', async () => {
    const r = await httpProbe.run(`${web.url}/`, {}, probeContext());
    assert.equal(r.status, 'up');
    assert.equal(r.reason, 'HTTP 200');
    assert.ok(r.latencyMs !== null && r.latencyMs >= 0);
    const t = r.details.timings as Record<string, number | null>;
    for (const k of ['totalMs', 'dnsMs', 'connectMs', 'firstByteMs', 'transferMs']) assert.equal(typeof t[k], 'number', k);
    assert.equal(t.tlsMs, null);
    assert.equal(r.details.statusCode, 200);
    assert.equal(r.details.address, '127.0.0.1');
    assert.equal(r.details.bodyTruncated, false);
    assert.equal(r.tlsDaysLeft, null);
  });

  test('expected status: codes, ranges and classes', async () => {
    assert.equal((await httpProbe.run(`${web.url}/missing`, {}, probeContext())).reason, 'HTTP 404 (expected 200-299)');
    assert.equal((await httpProbe.run(`${web.url}/error`, {}, probeContext())).status, 'down');
    assert.equal((await httpProbe.run(`${web.url}/missing`, { expectedStatus: ['404'] }, probeContext())).status, 'up');
    assert.equal((await httpProbe.run(`${web.url}/created`, { expectedStatus: ['2xx'] }, probeContext())).status, 'up');
    assert.equal((await httpProbe.run(`${web.url}/error`, { expectedStatus: ['200', '500-599'] }, probeContext())).status, 'up');
    const bad = await httpProbe.run(`${web.url}/`, { expectedStatus: ['two hundred'] }, probeContext());
    assert.equal(bad.status, 'down');
    assert.match(bad.reason, /invalid settings/);
  });

  test('keyword (UTF-8, Vietnamese), inverted keyword, regex', async () => {
    assert.equal((await httpProbe.run(`${web.url}/`, { keyword: 'xin chào' }, probeContext())).status, 'up');
    const missing = await httpProbe.run(`${web.url}/`, { keyword: 'Sở Y tế' }, probeContext());
    assert.equal(missing.status, 'down');
    assert.equal(missing.reason, 'keyword "Sở Y tế" not found');
    const defaced = await httpProbe.run(`${web.url}/hacked`, { keyword: 'Hacked by', invertKeyword: true }, probeContext());
    assert.equal(defaced.status, 'down');
    assert.match(defaced.reason, /forbidden keyword "Hacked by" found/);
    assert.equal((await httpProbe.run(`${web.url}/`, { regex: 'Cổng\\s+thông tin', regexFlags: 'u' }, probeContext())).status, 'up');
    const nomatch = await httpProbe.run(`${web.url}/`, { regex: '^nothing$' }, probeContext());
    assert.equal(nomatch.status, 'down');
    assert.match(nomatch.reason, /did not match/);
  });

  test('a catastrophic regex is refused as a setting, not run', async () => {
    const r = await httpProbe.run(`${web.url}/`, { regex: '(a+)+$' }, probeContext());
    assert.equal(r.status, 'down');
    assert.match(r.reason, /invalid settings: \/regex .*exponential/);
  });

  test('degraded when slower than the threshold', async () => {
    const r = await httpProbe.run(`${web.url}/slow`, { degradedAfterMs: 100 }, probeContext());
    assert.equal(r.status, 'degraded');
    assert.match(r.reason, /^slow: HTTP 200 in \d+ ms \(threshold 100 ms\)$/);
  });

  test('redirects are followed and recorded; 303 turns into GET', async () => {
    const r = await httpProbe.run(`${web.url}/r1`, {}, probeContext());
    assert.equal(r.status, 'up');
    const chain = r.details.redirects as Array<{ url: string; status: number; location: string }>;
    assert.deepEqual(chain.map((h) => h.status), [301, 307, 302]);
    assert.equal(chain[0]!.location, '/r2');
    assert.equal(r.details.finalUrl, `${web.url}/`);
    const noFollow = await httpProbe.run(`${web.url}/r1`, { followRedirects: false, expectedStatus: ['301'] }, probeContext());
    assert.equal(noFollow.status, 'up');
    const capped = await httpProbe.run(`${web.url}/r1`, { maxRedirects: 2 }, probeContext());
    assert.equal(capped.status, 'down');
    assert.match(capped.reason, /too many redirects \(more than 2\)/);
    const seeOther = await httpProbe.run(`${web.url}/see-other`, { keyword: 'method=GET' }, probeContext());
    assert.equal(seeOther.status, 'up');
  });

  test('redirect loops and unsupported schemes are reported', async () => {
    const loop = await httpProbe.run(`${web.url}/self-loop`, {}, probeContext());
    assert.equal(loop.status, 'down');
    assert.match(loop.reason, /redirect loop/);
    const ftp = await httpProbe.run(`${web.url}/to-ftp`, {}, probeContext());
    assert.equal(ftp.status, 'down');
    assert.match(ftp.reason, /unsupported scheme: ftp:/);
  });

  test('custom headers, user agent, HEAD', async () => {
    seen.length = 0;
    const r = await httpProbe.run(`${web.url}/echo`, { headers: { 'X-Vigil-Test': 'yes', Accept: 'text/html' }, userAgent: 'VigilTest/1' }, probeContext());
    assert.equal(r.status, 'up');
    assert.equal(seen[0]!['x-vigil-test'], 'yes');
    assert.equal(seen[0]!['user-agent'], 'VigilTest/1');
    assert.equal(seen[0]!.accept, 'text/html');
    const head = await httpProbe.run(`${web.url}/echo`, { method: 'HEAD' }, probeContext());
    assert.equal(head.status, 'up');
    assert.equal(head.details.bodyBytes, 0);
  });

  test('body cap: stop reading, keep going, mark truncated', async () => {
    const r = await httpProbe.run(`${web.url}/big`, { maxBodyBytes: 1024, keyword: 'bbbb' }, probeContext());
    assert.equal(r.status, 'up');
    assert.equal(r.details.bodyBytes, 1024);
    assert.equal(r.details.bodyTruncated, true);
  });

  test('connection refused and invalid targets are down with a reason, latency null', async () => {
    const port = await closedPort();
    const r = await httpProbe.run(`http://127.0.0.1:${port}/`, {}, probeContext());
    assert.equal(r.status, 'down');
    assert.equal(r.reason, 'connection refused');
    assert.equal(r.latencyMs, null);
    assert.match((await httpProbe.run('not a url', {}, probeContext())).reason, /not an http\(s\) URL/);
    assert.equal(httpProbe.validateTarget('ftp://x'), 'must be an http:// or https:// URL with a host name');
    assert.equal(httpProbe.validateTarget('https://portal.example.gov.vn/a?b'), null);
    assert.equal(httpProbe.hostOf('https://Portal.Example.gov.vn:8443/x'), 'portal.example.gov.vn');
  });

  describe('HTTPS', () => {
    test('valid certificate from the test CA: up, TLS time measured, days left', async () => {
      const r = await httpProbe.run(`${tlsGood.url}/`, { caBundle: ca.certPem, keyword: 'secure' }, probeContext());
      assert.equal(r.status, 'up', r.reason);
      const t = r.details.timings as Record<string, number | null>;
      assert.equal(typeof t.tlsMs, 'number');
      assert.ok(r.tlsDaysLeft !== null && r.tlsDaysLeft !== undefined && r.tlsDaysLeft >= 88);
    });

    test('untrusted, expired and self-signed certificates are down with a clear reason', async () => {
      const unknownCa = await httpProbe.run(`${tlsGood.url}/`, {}, probeContext());
      assert.equal(unknownCa.status, 'down');
      assert.match(unknownCa.reason, /^TLS error: .*UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT_LOCALLY)/);
      const expired = await httpProbe.run(`${tlsExpired.url}/`, { caBundle: ca.certPem }, probeContext());
      assert.equal(expired.reason, 'TLS error: certificate has expired (CERT_HAS_EXPIRED)');
      const self = await httpProbe.run(`${tlsSelf.url}/`, {}, probeContext());
      assert.equal(self.reason, 'TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    });

    test('acceptInvalidCertificates lets the page be checked anyway', async () => {
      const r = await httpProbe.run(`${tlsExpired.url}/`, { acceptInvalidCertificates: true, keyword: 'old' }, probeContext());
      assert.equal(r.status, 'up', r.reason);
      assert.ok(typeof r.tlsDaysLeft === 'number' && r.tlsDaysLeft < 0);
    });
  });

  describe('hostile servers are bounded in time and memory, and reported', () => {
    const within = async (path: string, settings: Record<string, unknown>, maxMs: number) => {
      const t0 = Date.now();
      const r = await httpProbe.run(`${hostile.url}${path}`, settings, probeContext({ timeoutMs: 1000 }));
      const took = Date.now() - t0;
      assert.ok(took < maxMs, `${path} took ${took} ms`);
      return r;
    };

    test('endless body: read up to the cap, then stop', async () => {
      const r = await within('/endless', { maxBodyBytes: 256 * 1024 }, 900);
      assert.equal(r.status, 'up');
      assert.equal(r.details.bodyBytes, 256 * 1024);
      assert.equal(r.details.bodyTruncated, true);
    });

    test('slowloris headers and body: timed out, with the phase and bytes received', async () => {
      const h = await within('/slowloris-headers', {}, 1500);
      assert.equal(h.status, 'down');
      assert.match(h.reason, /^timed out after 1 s while waiting for the response headers$/);
      const b = await within('/slowloris-body', {}, 1500);
      assert.equal(b.status, 'down');
      assert.match(b.reason, /^timed out after 1 s while reading the body, \d+ bytes received$/);
      assert.equal(b.details.statusCode, 200);
    });

    test('giant headers: refused by the header size limit', async () => {
      const r = await within('/giant-headers', {}, 900);
      assert.equal(r.status, 'down');
      assert.equal(r.reason, 'response headers too large');
    });

    test('10,000 redirects: stopped after maxRedirects', async () => {
      const r = await within('/loop/0', {}, 900);
      assert.equal(r.status, 'down');
      assert.equal(r.reason, 'too many redirects (more than 10)');
      assert.equal((r.details.redirects as unknown[]).length, 10);
    });

    test('reset mid-response and before answering', async () => {
      const mid = await within('/reset', {}, 900);
      assert.equal(mid.status, 'down');
      assert.match(mid.reason, /connection reset by the server|connection closed by the server/);
      const early = await within('/reset-early', {}, 900);
      assert.equal(early.status, 'down');
      assert.match(early.reason, /connection reset by the server|connection closed by the server/);
    });

    test('not HTTP at all', async () => {
      const r = await within('/garbage', {}, 900);
      assert.equal(r.status, 'down');
      assert.match(r.reason, /^invalid HTTP response/);
    });

    test('every connection the probe opened is closed when it returns', async () => {
      await hostile.waitIdle(500);
      await web.waitIdle(500);
    });
  });

  test('the engine cancelling a check ends it at once', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const r = await httpProbe.run(`${hostile.url}/slowloris-headers`, {}, probeContext({ signal: ac.signal, timeoutMs: 5000 }));
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(r.status, 'down');
    assert.match(r.reason, /check cancelled/);
  });
});
