import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dnsProbe } from '../../../server/src/monitoring/probes/dns.probe.ts';
import { startDnsServer, type LoopbackDns } from '../../helpers/loopback/dns-server.ts';
import { probeContext } from '../../helpers/loopback/probe-context.ts';

describe('DNS probe', () => {
  let dns: LoopbackDns;
  before(async () => {
    dns = await startDnsServer();
    dns.set('portal.vigil.test', 'A', ['203.0.113.5', '203.0.113.6']);
    dns.set('portal.vigil.test', 'AAAA', ['2001:db8::5']);
    dns.set('portal.vigil.test', 'NS', ['ns1.vigil.test', 'NS2.vigil.test']);
    dns.set('portal.vigil.test', 'MX', [{ priority: 10, exchange: 'mail.vigil.test' }, { priority: 20, exchange: 'backup.vigil.test' }]);
    dns.set('portal.vigil.test', 'TXT', [['v=spf1 ', '-all'], 'google-site-verification=abc']);
    dns.set('www.vigil.test', 'CNAME', ['portal.vigil.test']);
    dns.set('v4only.vigil.test', 'A', ['198.51.100.7']);
    dns.set('empty.vigil.test', 'TXT', ['only text']);
  });
  after(async () => {
    await dns.close();
  });

  const run = (name: string, settings: Record<string, unknown> = {}, over: Parameters<typeof probeContext>[0] = {}) =>
    dnsProbe.run(name, { resolver: dns.address, ...settings }, probeContext({ timeoutMs: 1000, ...over }));

  test('A and AAAA by default: up, sorted sets as observed', async () => {
    const r = await run('portal.vigil.test');
    assert.equal(r.status, 'up', r.reason);
    assert.deepEqual(r.observed, { A: ['203.0.113.5', '203.0.113.6'], AAAA: ['2001:db8::5'] });
    assert.equal(r.reason, 'A 203.0.113.5, 203.0.113.6; AAAA 2001:db8::5');
    assert.ok(r.latencyMs !== null);
  });

  test('every record type, normalised (lower case, no trailing dot, TXT chunks joined)', async () => {
    const r = await run('portal.vigil.test', { types: ['NS', 'MX', 'TXT'] });
    assert.equal(r.status, 'up', r.reason);
    assert.deepEqual(r.observed, {
      NS: ['ns1.vigil.test', 'ns2.vigil.test'],
      MX: ['10 mail.vigil.test', '20 backup.vigil.test'],
      TXT: ['google-site-verification=abc', 'v=spf1 -all'],
    });
    const c = await run('www.vigil.test', { types: ['CNAME'] });
    assert.deepEqual(c.observed, { CNAME: ['portal.vigil.test'] });
  });

  test('a missing AAAA is fine; no record of any asked type is down', async () => {
    const r = await run('v4only.vigil.test');
    assert.equal(r.status, 'up');
    assert.deepEqual(r.observed, { A: ['198.51.100.7'], AAAA: [] });
    const none = await run('empty.vigil.test');
    assert.equal(none.status, 'down');
    assert.equal(none.reason, 'no A/AAAA records for empty.vigil.test');
  });

  test('NXDOMAIN, SERVFAIL and a silent resolver are down (and not stored as observed)', async () => {
    const nx = await run('nothing-here.vigil.test');
    assert.equal(nx.status, 'down');
    assert.equal(nx.reason, 'nothing-here.vigil.test does not exist (NXDOMAIN)');
    assert.equal(nx.observed, undefined);
    dns.set('broken.vigil.test', 'A', ['203.0.113.9']);
    dns.behave('broken.vigil.test', 'servfail');
    const sf = await run('broken.vigil.test');
    assert.equal(sf.status, 'down');
    assert.match(sf.reason, /^DNS lookup failed \(A: SERVFAIL; AAAA: SERVFAIL\)$/);
    dns.behave('broken.vigil.test', 'silent');
    const t0 = Date.now();
    const silent = await run('broken.vigil.test', {}, { timeoutMs: 600 });
    assert.ok(Date.now() - t0 < 1200);
    assert.equal(silent.status, 'down');
    assert.match(silent.reason, /the resolver did not answer|timed out after 600 ms/);
    assert.equal(silent.observed, undefined);
  });

  test('a changed record set against the baseline is degraded (or down), naming the change', async () => {
    dns.set('moving.vigil.test', 'A', ['203.0.113.5']);
    const first = await run('moving.vigil.test', { types: ['A'] });
    assert.equal(first.status, 'up');
    const baseline = first.observed!;
    assert.equal((await run('moving.vigil.test', { types: ['A'] }, { baseline })).status, 'up');
    dns.set('moving.vigil.test', 'A', ['198.51.100.7']); // the answer changes mid-test
    const changed = await run('moving.vigil.test', { types: ['A'] }, { baseline });
    assert.equal(changed.status, 'degraded');
    assert.equal(changed.reason, 'A records changed: 203.0.113.5 → 198.51.100.7');
    assert.deepEqual(changed.observed, { A: ['198.51.100.7'] });
    const strict = await run('moving.vigil.test', { types: ['A'], changeStatus: 'down' }, { baseline });
    assert.equal(strict.status, 'down');
    // A type with no baseline yet (added to the settings later) is not a change.
    dns.set('moving.vigil.test', 'MX', [{ priority: 5, exchange: 'mx.vigil.test' }]);
    const added = await run('moving.vigil.test', { types: ['A', 'MX'] }, { baseline: { A: ['198.51.100.7'] } });
    assert.equal(added.status, 'up', added.reason);
  });

  test('answers pointing to private or loopback addresses: possible hijack', async () => {
    dns.set('hijacked.vigil.test', 'A', ['10.0.0.5', '203.0.113.5']);
    dns.set('hijacked.vigil.test', 'AAAA', ['fd00::1']);
    const r = await run('hijacked.vigil.test');
    assert.equal(r.status, 'degraded');
    assert.equal(r.reason, 'possible hijack: A 10.0.0.5 is a private address (RFC 1918), AAAA fd00::1 is a unique-local address');
    dns.set('meta.vigil.test', 'A', ['169.254.169.254']);
    assert.match((await run('meta.vigil.test', { changeStatus: 'down' })).reason, /possible hijack: A 169\.254\.169\.254 is a cloud metadata address/);
    assert.equal((await run('meta.vigil.test', { changeStatus: 'down' })).status, 'down');
  });

  test('targets: names only; URLs give their host', async () => {
    assert.equal(dnsProbe.validateTarget('10.0.0.1'), 'must be a DNS name (not an IP address)');
    assert.equal(dnsProbe.validateTarget('portal.example.gov.vn'), null);
    assert.equal(dnsProbe.hostOf('https://Portal.Example.gov.vn/x'), 'portal.example.gov.vn');
    const r = await run(`https://portal.vigil.test/`);
    assert.equal(r.status, 'up');
  });
});
