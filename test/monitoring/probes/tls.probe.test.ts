import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tlsProbe } from '../../../server/src/monitoring/probes/tls.probe.ts';
import { startDnsServer, type LoopbackDns } from '../../helpers/loopback/dns-server.ts';
import { startHostileServer } from '../../helpers/loopback/hostile-server.ts';
import { ok, startHttpsServer, type LoopbackHttp } from '../../helpers/loopback/http-servers.ts';
import { probeContext } from '../../helpers/loopback/probe-context.ts';
import { closedPort, startTcpListener } from '../../helpers/loopback/tcp-listener.ts';
import { createTestCa, selfSigned, type TestCa } from '../../helpers/loopback/test-pki.ts';

describe('TLS probe', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let dns: LoopbackDns;
  const servers: LoopbackHttp[] = [];
  const serve = async (...args: Parameters<typeof startHttpsServer>) => {
    const s = await startHttpsServer(...args);
    servers.push(s);
    return s;
  };
  let good: LoopbackHttp;

  before(async () => {
    ca = createTestCa('Vigil Test CA');
    otherCa = createTestCa('Another Test CA');
    dns = await startDnsServer();
    dns.set('site.vigil.test', 'A', ['127.0.0.1']);
    dns.set('wrong.vigil.test', 'A', ['127.0.0.1']);
    good = await serve(ca.issue({ dnsNames: ['site.vigil.test', 'www.site.vigil.test'], ips: ['127.0.0.1'] }), { '/': ok() });
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await dns.close();
  });

  const run = (target: string, settings: Record<string, unknown> = {}, over: Parameters<typeof probeContext>[0] = {}) =>
    tlsProbe.run(target, { caBundle: ca.certPem, resolver: dns.address, ...settings }, probeContext(over));

  test('valid certificate by host name: up, with every fact reported', async () => {
    const r = await run(`site.vigil.test:${good.port}`);
    assert.equal(r.status, 'up', r.reason);
    assert.match(r.reason, /^valid for 89 more days \(TLSv1\.[23]\)$/);
    assert.equal(r.tlsDaysLeft, 89);
    const d = r.details;
    assert.equal(d.subject, 'CN=site.vigil.test, O=Vigil Tests');
    assert.equal(d.issuer, 'CN=Vigil Test CA, O=Vigil Tests');
    assert.match(String(d.fingerprint256), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.deepEqual(d.subjectAltNames, ['DNS:site.vigil.test', 'DNS:www.site.vigil.test', 'IP:127.0.0.1']);
    assert.equal(d.authorized, true);
    assert.equal(d.hostnameMatches, true);
    assert.ok(d.cipher);
    assert.equal(typeof (d.timings as Record<string, number>).tlsMs, 'number');
    assert.deepEqual(r.observed, { issuer: d.issuer, fingerprint: d.fingerprint256 });
  });

  test('an https URL is accepted as target', async () => {
    const r = await run(`https://site.vigil.test:${good.port}/some/page`);
    assert.equal(r.status, 'up', r.reason);
    assert.equal(tlsProbe.hostOf('https://Site.Vigil.Test/x'), 'site.vigil.test');
    assert.equal(tlsProbe.validateTarget('host.example:99999'), '"99999" is not a port (1–65535)');
  });

  test('days left: warn → degraded, critical → down, expired → down', async () => {
    const warn = await serve(ca.issue({ ips: ['127.0.0.1'], notAfterDays: 10.5 }), { '/': ok() });
    const crit = await serve(ca.issue({ ips: ['127.0.0.1'], notAfterDays: 2.5 }), { '/': ok() });
    const expired = await serve(ca.issue({ ips: ['127.0.0.1'], notBeforeDays: -30, notAfterDays: -3.5 }), { '/': ok() });
    const w = await run(`127.0.0.1:${warn.port}`);
    assert.equal(w.status, 'degraded');
    assert.equal(w.reason, 'certificate expires in 10 days');
    assert.equal(w.tlsDaysLeft, 10);
    assert.equal((await run(`127.0.0.1:${warn.port}`, { warnDays: 7 })).status, 'up');
    const c = await run(`127.0.0.1:${crit.port}`);
    assert.equal(c.status, 'down');
    assert.equal(c.reason, 'certificate expires in 2 days');
    const e = await run(`127.0.0.1:${expired.port}`);
    assert.equal(e.status, 'down');
    assert.equal(e.reason, 'certificate expired 4 days ago');
    assert.equal(e.tlsDaysLeft, -4);
  });

  test('host name mismatch is down and names what the certificate covers', async () => {
    const r = await run(`wrong.vigil.test:${good.port}`);
    assert.equal(r.status, 'down');
    assert.equal(r.reason, 'certificate does not match wrong.vigil.test (it names DNS:site.vigil.test, DNS:www.site.vigil.test, IP:127.0.0.1)');
    assert.equal(r.details.hostnameMatches, false);
  });

  test('chain errors: unknown CA and self-signed are reported, not failed blind', async () => {
    const unknown = await tlsProbe.run(`127.0.0.1:${good.port}`, {}, probeContext());
    assert.equal(unknown.status, 'down');
    assert.match(unknown.reason, /^certificate not trusted: .*(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/);
    assert.equal(unknown.details.issuer, 'CN=Vigil Test CA, O=Vigil Tests'); // still read the certificate
    const self = await serve(selfSigned({ ips: ['127.0.0.1'] }), { '/': ok() });
    const s = await run(`127.0.0.1:${self.port}`);
    assert.equal(s.status, 'down');
    assert.equal(s.reason, 'certificate not trusted: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    assert.equal(s.details.selfSigned, true);
  });

  test('protocol below the minimum is degraded', async () => {
    const old = await serve({ ...ca.issue({ ips: ['127.0.0.1'] }), minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }, { '/': ok() });
    const r = await run(`127.0.0.1:${old.port}`);
    assert.equal(r.details.protocol, 'TLSv1.1');
    assert.equal(r.status, 'degraded');
    assert.equal(r.reason, 'TLSv1.1 negotiated, below the minimum TLSv1.2');
    assert.equal((await run(`127.0.0.1:${old.port}`, { minProtocol: 'TLSv1' })).status, 'up');
    const tls13 = await run(`127.0.0.1:${good.port}`, { minProtocol: 'TLSv1.3' });
    assert.equal(tls13.status, 'up');
  });

  test('baseline: issuer change is degraded by default; fingerprint change only when asked', async () => {
    const first = await run(`127.0.0.1:${good.port}`);
    const baseline = first.observed!;
    // Same CA, new certificate (a renewal): fine by default, flagged when asked.
    const renewed = await serve(ca.issue({ ips: ['127.0.0.1'], notAfterDays: 200 }), { '/': ok() });
    const r1 = await run(`127.0.0.1:${renewed.port}`, {}, { baseline });
    assert.equal(r1.status, 'up', r1.reason);
    const r2 = await run(`127.0.0.1:${renewed.port}`, { alertOnFingerprintChange: true }, { baseline });
    assert.equal(r2.status, 'degraded');
    assert.equal(r2.reason, 'certificate changed (new fingerprint)');
    // Another CA: the issuer changed.
    const moved = await serve(otherCa.issue({ ips: ['127.0.0.1'] }), { '/': ok() });
    const r3 = await tlsProbe.run(`127.0.0.1:${moved.port}`, { caBundle: `${ca.certPem}\n${otherCa.certPem}` }, probeContext({ baseline }));
    assert.equal(r3.status, 'degraded');
    assert.equal(r3.reason, 'certificate issuer changed: CN=Vigil Test CA, O=Vigil Tests → CN=Another Test CA, O=Vigil Tests');
    assert.equal((await tlsProbe.run(`127.0.0.1:${moved.port}`, { caBundle: otherCa.certPem, alertOnIssuerChange: false }, probeContext({ baseline }))).status, 'up');
  });

  test('not TLS, closed port, silence: down with a reason', async () => {
    const plain = await startTcpListener();
    try {
      const r = await run(`127.0.0.1:${plain.port}`);
      assert.equal(r.status, 'down');
      assert.match(r.reason, /^TLS handshake failed/);
    } finally {
      await plain.close();
    }
    const port = await closedPort();
    assert.equal((await run(`127.0.0.1:${port}`)).reason, 'connection refused');
    // Accepts TCP, never answers the ClientHello: bounded by the check's time limit.
    const mute = await startHostileServer();
    try {
      const t0 = Date.now();
      const r = await run(`127.0.0.1:${mute.port}`, {}, { timeoutMs: 500 });
      assert.ok(Date.now() - t0 < 1500);
      assert.equal(r.reason, 'timed out after 500 ms');
      await mute.waitIdle(500);
    } finally {
      await mute.close();
    }
  });
});
