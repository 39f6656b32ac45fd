import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tcpProbe } from '../../../server/src/monitoring/probes/tcp.probe.ts';
import { startDnsServer, type LoopbackDns } from '../../helpers/loopback/dns-server.ts';
import { probeContext, PUBLIC_ONLY_POLICY } from '../../helpers/loopback/probe-context.ts';
import { closedPort, startTcpListener } from '../../helpers/loopback/tcp-listener.ts';
import type { Tracked } from '../../helpers/loopback/tracked-server.ts';

describe('TCP probe', () => {
  let open: Tracked;
  let open6: Tracked | null = null;
  let closed: number;
  let dns: LoopbackDns;
  before(async () => {
    open = await startTcpListener();
    open6 = await startTcpListener('::1').catch(() => null); // IPv6 loopback may be missing in some sandboxes
    closed = await closedPort();
    dns = await startDnsServer();
    dns.set('db.vigil.test', 'A', ['127.0.0.1']);
  });
  after(async () => {
    await open.close();
    await open6?.close();
    await dns.close();
  });

  test('expect open: open port is up, closed port is down', async () => {
    const up = await tcpProbe.run(`127.0.0.1:${open.port}`, {}, probeContext());
    assert.equal(up.status, 'up');
    assert.equal(up.reason, `port ${open.port} is open`);
    assert.ok(up.latencyMs !== null);
    assert.equal(up.details.address, '127.0.0.1');
    const down = await tcpProbe.run(`127.0.0.1:${closed}`, {}, probeContext());
    assert.equal(down.status, 'down');
    assert.equal(down.reason, `port ${closed} is closed (connection refused)`);
    assert.equal(down.latencyMs, null);
  });

  test('expect closed: a reachable port is the alarm (e.g. RDP or a database)', async () => {
    const alarm = await tcpProbe.run(`db.vigil.test:${open.port}`, { expect: 'closed', resolver: dns.address }, probeContext());
    assert.equal(alarm.status, 'down');
    assert.equal(alarm.reason, `port ${open.port} is open (expected closed)`);
    const fine = await tcpProbe.run(`127.0.0.1:${closed}`, { expect: 'closed' }, probeContext());
    assert.equal(fine.status, 'up');
    assert.equal(fine.reason, `port ${closed} is closed (connection refused)`);
  });

  test('a policy refusal or unknown name is down even when closed is expected (nothing was verified)', async () => {
    const before = open.accepted();
    const refused = await tcpProbe.run(`127.0.0.1:${open.port}`, { expect: 'closed' }, probeContext({ addressPolicy: PUBLIC_ONLY_POLICY }));
    assert.equal(refused.status, 'down');
    assert.match(refused.reason, /^refused: 127\.0\.0\.1 is a loopback address/);
    assert.equal(open.accepted(), before, 'refused before connecting');
    const nx = await tcpProbe.run('nowhere.vigil.test:22', { expect: 'closed', resolver: dns.address }, probeContext());
    assert.equal(nx.status, 'down');
    assert.equal(nx.reason, 'nowhere.vigil.test: name does not exist (NXDOMAIN)');
  });

  test('IPv6 literal targets', async (t) => {
    if (!open6) return t.skip('no IPv6 loopback here');
    const r = await tcpProbe.run(`[::1]:${open6.port}`, {}, probeContext());
    assert.equal(r.status, 'up', r.reason);
    assert.equal(r.details.target, `[::1]:${open6.port}`);
  });

  test('targets need a port', () => {
    assert.equal(tcpProbe.validateTarget('example.gov.vn'), 'a port is required (host:port)');
    assert.equal(tcpProbe.validateTarget('example.gov.vn:3389'), null);
    assert.equal(tcpProbe.validateTarget('[2001:db8::1]:443'), null);
    assert.equal(tcpProbe.validateTarget('exa mple:80'), '"exa mple" is not a host name or IP address');
    assert.equal(tcpProbe.hostOf('DB.Example.gov.vn:5432'), 'db.example.gov.vn');
  });
});
