import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAddressPolicy } from '../../../server/src/monitoring/address-policy.ts';
import { httpProbe } from '../../../server/src/monitoring/probes/http.probe.ts';
import { tcpProbe } from '../../../server/src/monitoring/probes/tcp.probe.ts';
import { tlsProbe } from '../../../server/src/monitoring/probes/tls.probe.ts';
import { startDnsServer, type LoopbackDns } from '../../helpers/loopback/dns-server.ts';
import { startHostileServer, type HostileServer } from '../../helpers/loopback/hostile-server.ts';
import { ok, redirect, startHttpServer, type LoopbackHttp } from '../../helpers/loopback/http-servers.ts';
import { LOOPBACK_POLICY, probeContext, PUBLIC_ONLY_POLICY, recordingPolicy } from '../../helpers/loopback/probe-context.ts';

/**
 * The SSRF guard as the probes apply it, at connect time, on the address actually used.
 * Refused destinations (10.x, 169.254.169.254) are refused before any packet is sent, so these
 * tests send nothing off the loopback interface; the servers' connection counters prove it.
 */
describe('SSRF guard in the probes', () => {
  let web: LoopbackHttp;
  let hostile: HostileServer;
  let dns: LoopbackDns;
  before(async () => {
    web = await startHttpServer({
      '/': ok('internal admin page'),
      '/to-private': redirect('http://10.0.0.1/admin'),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/iam/'),
      '/to-mapped': redirect('http://[::ffff:169.254.169.254]/'),
      '/to-zero': redirect('http://0.0.0.0/'),
    });
    hostile = await startHostileServer();
    dns = await startDnsServer();
    dns.set('evil.vigil.test', 'A', ['127.0.0.1']);
    dns.set('mixed.vigil.test', 'A', ['127.0.0.1', '10.0.0.7']);
    dns.set('intranet.vigil.test', 'A', ['10.20.30.40']);
  });
  after(async () => {
    await Promise.all([web.close(), hostile.close(), dns.close()]);
  });

  test('literal private, metadata and loopback targets are refused when not allowed', async () => {
    const cases: Array<[string, RegExp]> = [
      ['http://10.1.2.3/', /^refused: 10\.1\.2\.3 is a private address \(RFC 1918\)/],
      ['http://169.254.169.254/latest/meta-data/', /^refused: 169\.254\.169\.254 is a cloud metadata address$/],
      ['http://[::1]/', /^refused: ::1 is a loopback address/],
      ['http://[::ffff:127.0.0.1]/', /^refused: ::ffff:7f00:1 \(IPv4 127\.0\.0\.1\) is a loopback address/],
      ['http://0.0.0.0/', /^refused: 0\.0\.0\.0 is an unspecified/],
      [`${web.url}/`, /^refused: 127\.0\.0\.1 is a loopback address/],
    ];
    const before = web.accepted();
    for (const [url, re] of cases) {
      const r = await httpProbe.run(url, {}, probeContext({ addressPolicy: PUBLIC_ONLY_POLICY }));
      assert.equal(r.status, 'down', url);
      assert.match(r.reason, re, url);
      assert.equal((r.details.error as { kind: string }).kind, 'policy');
    }
    assert.equal(web.accepted(), before, 'no connection was made');
    assert.match((await tcpProbe.run('169.254.169.254:80', {}, probeContext())).reason, /cloud metadata/);
    assert.match((await tlsProbe.run('[fd00:ec2::254]:443', {}, probeContext())).reason, /cloud metadata/);
  });

  test('a name resolving to loopback (via the test DNS server) is refused at connect time', async () => {
    const before = web.accepted();
    const r = await httpProbe.run(`http://evil.vigil.test:${web.port}/`, { resolver: dns.address }, probeContext({ addressPolicy: PUBLIC_ONLY_POLICY }));
    assert.equal(r.status, 'down');
    assert.match(r.reason, /^refused: evil\.vigil\.test resolves to 127\.0\.0\.1; 127\.0\.0\.1 is a loopback address/);
    assert.equal(web.accepted(), before);
    // The same name with loopback allowed (tests only) does connect: the refusal came from the policy.
    const allowed = await httpProbe.run(`http://evil.vigil.test:${web.port}/`, { resolver: dns.address }, probeContext());
    assert.equal(allowed.status, 'up', allowed.reason);
  });

  test('every resolved address is checked: one private answer among public ones refuses the name', async () => {
    const r = await tcpProbe.run(`mixed.vigil.test:${web.port}`, { resolver: dns.address }, probeContext());
    assert.equal(r.status, 'down');
    assert.match(r.reason, /mixed\.vigil\.test resolves to 10\.0\.0\.7; 10\.0\.0\.7 is a private address/);
  });

  test('DNS rebinding: the connection goes to the address that was checked, never a second answer', async () => {
    // First answer 127.0.0.2 (allowed by this policy, nothing listens there), every later
    // answer 127.0.0.1 (where the server is). A guard that checks one lookup and connects with
    // another would reach the server; ours connects to 127.0.0.2 and is refused by the kernel.
    dns.set('rebind.vigil.test', 'A', (n) => (n === 1 ? ['127.0.0.2'] : ['127.0.0.1']));
    const only2 = createAddressPolicy({ allowInternal: false, allowLoopbackForTests: true });
    const policy = recordingPolicy({ check: (a, f) => (a === '127.0.0.2' ? only2.check(a, f) : `${a} is not the checked address`) });
    const before = web.accepted();
    const r = await httpProbe.run(`http://rebind.vigil.test:${web.port}/`, { resolver: dns.address }, probeContext({ addressPolicy: policy }));
    assert.equal(r.status, 'down');
    assert.equal(r.reason, 'connection refused');
    assert.deepEqual(policy.checked, ['127.0.0.2']);
    assert.equal(web.accepted(), before, 'the server on 127.0.0.1 was never reached');
    assert.deepEqual(dns.queries.filter((q) => q === 'rebind.vigil.test A'), ['rebind.vigil.test A'], 'resolved exactly once');
  });

  test('every redirect hop is checked: redirects to private, metadata and mapped addresses are refused', async () => {
    for (const [path, re] of [
      ['/to-private', /^redirect hop 1 \(http:\/\/10\.0\.0\.1\/admin\): refused: 10\.0\.0\.1 is a private address/],
      ['/to-metadata', /^redirect hop 1 \(http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/\): refused: 169\.254\.169\.254 is a cloud metadata address$/],
      ['/to-mapped', /refused: ::ffff:a9fe:a9fe \(IPv4 169\.254\.169\.254\) is a cloud metadata address/],
      ['/to-zero', /refused: 0\.0\.0\.0 is an unspecified/],
    ] as const) {
      const r = await httpProbe.run(`${web.url}${path}`, {}, probeContext({ addressPolicy: LOOPBACK_POLICY }));
      assert.equal(r.status, 'down', path);
      assert.match(r.reason, re, path);
      assert.equal((r.details.redirects as unknown[]).length, 1);
    }
    // An open redirect to a *name* that resolves to a private address: refused on that hop.
    const via = await httpProbe.run(`${hostile.url}/to?u=${encodeURIComponent('http://intranet.vigil.test/')}`, { resolver: dns.address }, probeContext());
    assert.equal(via.status, 'down');
    assert.equal(via.reason, 'redirect hop 1 (http://intranet.vigil.test/): refused: intranet.vigil.test resolves to 10.20.30.40; 10.20.30.40 is a private address (RFC 1918) (only allowed for systems an administrator marked internal)');
  });

  test('allowInternal (an administrator marked the system internal) reaches private targets', async () => {
    const r = await httpProbe.run(`${web.url}/`, {}, probeContext({ addressPolicy: createAddressPolicy({ allowInternal: true }) }));
    assert.equal(r.status, 'up');
  });
});
