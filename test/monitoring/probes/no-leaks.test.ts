import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getProbe, type PROBES } from '../../../server/src/monitoring/probe-registry.ts';
import type { ProbeResult } from '../../../server/src/monitoring/probe.ts';
import { startDnsServer } from '../../helpers/loopback/dns-server.ts';
import { startHostileServer } from '../../helpers/loopback/hostile-server.ts';
import { ok, startHttpServer, startHttpsServer } from '../../helpers/loopback/http-servers.ts';
import { probeContext } from '../../helpers/loopback/probe-context.ts';
import { closedPort, startTcpListener } from '../../helpers/loopback/tcp-listener.ts';
import { createTestCa, selfSigned } from '../../helpers/loopback/test-pki.ts';

/** What keeps a process alive, by kind ("TCPSocketWrap" → 2). Unref'd timers are not listed. */
function handles(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

test('150 checks of every kind against good and hostile servers leave no socket, query or timer behind', async () => {
  const before = handles();
  const web = await startHttpServer({ '/': ok('fine') });
  const hostile = await startHostileServer();
  const ca = createTestCa();
  const secure = await startHttpsServer(ca.issue({ ips: ['127.0.0.1'] }), { '/': ok('secure') });
  const self = await startHttpsServer(selfSigned({ ips: ['127.0.0.1'] }), { '/': ok('self') });
  const tcp = await startTcpListener();
  const dns = await startDnsServer();
  dns.set('ok.vigil.test', 'A', ['127.0.0.1']);
  dns.set('slow.vigil.test', 'A', ['127.0.0.1']);
  dns.behave('slow.vigil.test', 'silent');
  const closed = await closedPort();

  const jobs: Array<[keyof typeof PROBES, string, Record<string, unknown>]> = [
    ['http', `${web.url}/`, {}],
    ['http', `${hostile.url}/endless`, { maxBodyBytes: 65536 }],
    ['http', `${hostile.url}/slowloris-body`, {}],
    ['http', `${hostile.url}/slowloris-headers`, {}],
    ['http', `${hostile.url}/giant-headers`, {}],
    ['http', `${hostile.url}/reset`, {}],
    ['http', `${hostile.url}/loop/0`, {}],
    ['http', `${secure.url}/`, { caBundle: ca.certPem }],
    ['http', `${self.url}/`, {}],
    ['http', `http://ok.vigil.test:${web.port}/`, { resolver: dns.address }],
    ['http', `http://slow.vigil.test:${web.port}/`, { resolver: dns.address }],
    ['tls', `127.0.0.1:${secure.port}`, { caBundle: ca.certPem }],
    ['tls', `127.0.0.1:${self.port}`, {}],
    ['tls', `127.0.0.1:${tcp.port}`, {}],
    ['dns', 'ok.vigil.test', { resolver: dns.address }],
    ['dns', 'slow.vigil.test', { resolver: dns.address }],
    ['dns', 'nxdomain.vigil.test', { resolver: dns.address }],
    ['tcp', `127.0.0.1:${tcp.port}`, {}],
    ['tcp', `127.0.0.1:${closed}`, {}],
    ['tcp', `127.0.0.1:${tcp.port}`, { expect: 'closed' }],
  ];
  const servers = [web, hostile, secure, self, tcp];
  try {
    const results: ProbeResult[] = [];
    const t0 = Date.now();
    // Ten rounds of 15 at a time, to look like a worker with some concurrency.
    const all = Array.from({ length: 150 }, (_, i) => jobs[i % jobs.length]!);
    for (let i = 0; i < all.length; i += 15) {
      results.push(...(await Promise.all(all.slice(i, i + 15).map(([kind, target, settings]) => getProbe(kind).run(target, settings, probeContext({ timeoutMs: 400 }))))));
    }
    assert.equal(results.length, 150);
    assert.ok(Date.now() - t0 < 10 * 400 + 6000, `took ${Date.now() - t0} ms`);
    for (const r of results) assert.match(r.status, /^(up|degraded|down)$/);

    // The probes closed their side: the servers see no connection left open.
    await Promise.all(servers.map((s) => s.waitIdle(1000)));
  } finally {
    await Promise.all([...servers, dns].map((s) => s.close()));
  }
  await new Promise((r) => setTimeout(r, 50));
  const after = handles();
  const grown = [...after].filter(([k, n]) => n > (before.get(k) ?? 0));
  assert.deepEqual(grown, [], `handles left behind: ${JSON.stringify(grown)}`);
});
