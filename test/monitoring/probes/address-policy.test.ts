import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAddressPolicy, embeddedIpv4 } from '../../../server/src/monitoring/address-policy.ts';

// Pure function tests: no traffic at all.
const pub = createAddressPolicy({ allowInternal: false });
const loop = createAddressPolicy({ allowInternal: false, allowLoopbackForTests: true });
const internal = createAddressPolicy({ allowInternal: true });
const fam = (a: string) => (a.includes(':') ? 6 : 4);

describe('address policy (SSRF guard)', () => {
  test('public and documentation addresses are allowed', () => {
    for (const a of ['8.8.8.8', '203.0.113.5', '198.51.100.7', '192.0.2.1', '2001:db8::1', '2606:4700::1111', '113.160.0.1']) assert.equal(pub.check(a, fam(a)), null, a);
  });

  test('internal ranges are refused with a reason naming the range', () => {
    const cases: Array<[string, RegExp]> = [
      ['127.0.0.1', /loopback/],
      ['127.255.255.254', /loopback/],
      ['::1', /loopback/],
      ['10.0.0.1', /private.*RFC 1918/],
      ['172.16.5.4', /RFC 1918/],
      ['172.31.255.255', /RFC 1918/],
      ['192.168.1.1', /RFC 1918/],
      ['100.64.0.1', /carrier-grade NAT/],
      ['100.127.255.255', /carrier-grade NAT/],
      ['169.254.10.10', /link-local/],
      ['fe80::1', /link-local/],
      ['fe80::1%eth0', /link-local/],
      ['fc00::1', /unique-local/],
      ['fd12:3456::1', /unique-local/],
      ['169.254.169.254', /metadata/],
      ['fd00:ec2::254', /metadata/],
      ['0.0.0.0', /unspecified/],
      ['0.1.2.3', /unspecified/],
      ['::', /unspecified/],
      ['224.0.0.1', /multicast/],
      ['239.255.255.250', /multicast/],
      ['ff02::1', /multicast/],
      ['255.255.255.255', /broadcast/],
    ];
    for (const [a, re] of cases) assert.match(pub.check(a, fam(a)) ?? 'ALLOWED', re, a);
  });

  test('IPv4 hidden in IPv6 (mapped, compatible, NAT64, 6to4) is judged as the IPv4 it carries', () => {
    assert.equal(embeddedIpv4('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(embeddedIpv4('::ffff:7f00:1'), '127.0.0.1');
    assert.equal(embeddedIpv4('64:ff9b::a9fe:a9fe'), '169.254.169.254');
    assert.equal(embeddedIpv4('2002:c0a8:101::1'), '192.168.1.1');
    assert.equal(embeddedIpv4('2001:db8::1'), null);
    for (const a of ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::a00:1', '::10.0.0.1']) assert.notEqual(pub.check(a, 6), null, a);
    assert.match(pub.check('::ffff:169.254.169.254', 6)!, /metadata/);
    assert.equal(pub.check('::ffff:8.8.8.8', 6), null);
  });

  test('allowLoopbackForTests allows 127/8 and ::1 only', () => {
    for (const a of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) assert.equal(loop.check(a, fam(a)), null, a);
    for (const a of ['10.0.0.1', '192.168.0.1', '169.254.169.254', 'fc00::1', 'fe80::1', '0.0.0.0', '100.64.0.1']) assert.notEqual(loop.check(a, fam(a)), null, a);
  });

  test('allowInternal opens private ranges but never metadata, unspecified, multicast or broadcast', () => {
    for (const a of ['127.0.0.1', '::1', '10.0.0.1', '172.20.0.1', '192.168.1.1', '100.64.0.1', '169.254.1.1', 'fc00::1', 'fe80::1']) assert.equal(internal.check(a, fam(a)), null, a);
    for (const a of ['169.254.169.254', 'fd00:ec2::254', '0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '::ffff:169.254.169.254']) assert.notEqual(internal.check(a, fam(a)), null, a);
  });

  test('anything that is not an IP address of the stated family is refused', () => {
    assert.match(pub.check('localhost', 4)!, /not an IPv4/);
    assert.match(pub.check('8.8.8.8', 6)!, /not an IPv6/);
    assert.match(pub.check('', 4)!, /not an IPv4/);
  });
});
