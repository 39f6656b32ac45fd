import { BlockList, isIP } from 'node:net';
import type { AddressPolicy } from './probe.ts';

/**
 * The SSRF guard. Monitors are defined by agency users, so without it a monitor could be aimed
 * at the Vigil host itself, the office network or a cloud metadata endpoint and the engine would
 * fetch it for them. The policy judges one concrete address; `net/guarded-connect.ts` calls it
 * with every address a name resolved to and then connects to exactly that address, so a DNS
 * answer that changes between check and connect (rebinding) is never used.
 */

export interface AddressPolicyOptions {
  /** The system is marked internal by an administrator: private, loopback and link-local ranges are allowed. */
  allowInternal: boolean;
  /** Tests only: allow 127.0.0.0/8 and ::1 (and nothing else internal). Production never sets it. */
  allowLoopbackForTests?: boolean;
}

interface Range {
  net: string;
  prefix: number;
  label: string;
}

// Refused even for internal systems: nothing legitimate is monitored there, and metadata
// endpoints hand out cloud credentials.
const ALWAYS_V4: Range[] = [
  { net: '169.254.169.254', prefix: 32, label: 'a cloud metadata address' },
  { net: '169.254.170.2', prefix: 32, label: 'a cloud metadata address' },
  { net: '100.100.100.200', prefix: 32, label: 'a cloud metadata address' },
  { net: '0.0.0.0', prefix: 8, label: 'an unspecified ("this network") address' },
  { net: '224.0.0.0', prefix: 4, label: 'a multicast address' },
  { net: '255.255.255.255', prefix: 32, label: 'the broadcast address' },
  { net: '240.0.0.0', prefix: 4, label: 'a reserved address' },
];
const ALWAYS_V6: Range[] = [
  { net: 'fd00:ec2::254', prefix: 128, label: 'a cloud metadata address' },
  { net: '::', prefix: 128, label: 'the unspecified address' },
  { net: 'ff00::', prefix: 8, label: 'a multicast address' },
  { net: '100::', prefix: 64, label: 'a discard-only address' },
];

const LOOPBACK_V4: Range = { net: '127.0.0.0', prefix: 8, label: 'a loopback address' };
const LOOPBACK_V6: Range = { net: '::1', prefix: 128, label: 'a loopback address' };

// Allowed only when the system is marked internal.
const INTERNAL_V4: Range[] = [
  { net: '10.0.0.0', prefix: 8, label: 'a private address (RFC 1918)' },
  { net: '172.16.0.0', prefix: 12, label: 'a private address (RFC 1918)' },
  { net: '192.168.0.0', prefix: 16, label: 'a private address (RFC 1918)' },
  { net: '100.64.0.0', prefix: 10, label: 'a carrier-grade NAT address (RFC 6598)' },
  { net: '169.254.0.0', prefix: 16, label: 'a link-local address' },
  { net: '192.0.0.0', prefix: 24, label: 'an IETF protocol address' },
  { net: '198.18.0.0', prefix: 15, label: 'a benchmarking network address' },
];
const INTERNAL_V6: Range[] = [
  { net: 'fe80::', prefix: 10, label: 'a link-local address' },
  { net: 'fec0::', prefix: 10, label: 'a site-local address' },
  { net: 'fc00::', prefix: 7, label: 'a unique-local address' },
];

/** One BlockList per range, so a refusal can name the range it hit. */
type Rule = Array<{ list: BlockList; label: string }>;

function rule(ranges: Range[], family: 'ipv4' | 'ipv6'): Rule {
  return ranges.map((r) => {
    const list = new BlockList();
    list.addSubnet(r.net, r.prefix, family);
    return { list, label: r.label };
  });
}

function labelOf(r: Rule, address: string, family: 'ipv4' | 'ipv6'): string | null {
  for (const { list, label } of r) if (list.check(address, family)) return label;
  return null;
}

/** Expands an IPv6 address to its 8 groups (handles "::" and a trailing dotted IPv4). */
function ipv6Groups(address: string): number[] | null {
  let a = address.toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) {
    const p = dotted[1]!.split('.').map(Number);
    a = `${a.slice(0, dotted.index)}${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(fill).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The IPv4 address an IPv6 address carries, when connecting to it reaches (or may reach) that
 * IPv4 host: IPv4-mapped ::ffff:a.b.c.d, the deprecated IPv4-compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96 and 6to4 2002::/16. Without this, "::ffff:127.0.0.1" would bypass every v4 rule.
 */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (zeros(0, 6) && (g[6] !== 0 || g[7]! > 1)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return null;
}

export function createAddressPolicy(opts: AddressPolicyOptions): AddressPolicy {
  const always4 = rule(ALWAYS_V4, 'ipv4');
  const always6 = rule(ALWAYS_V6, 'ipv6');
  const loop4 = rule([LOOPBACK_V4], 'ipv4');
  const loop6 = rule([LOOPBACK_V6], 'ipv6');
  const internal4 = rule(INTERNAL_V4, 'ipv4');
  const internal6 = rule(INTERNAL_V6, 'ipv6');
  const hint = ' (only allowed for systems an administrator marked internal)';

  const checkV4 = (address: string, shown: string): string | null => {
    const always = labelOf(always4, address, 'ipv4');
    if (always) return `${shown} is ${always}`;
    const loop = labelOf(loop4, address, 'ipv4');
    if (loop) return opts.allowInternal || opts.allowLoopbackForTests ? null : `${shown} is ${loop}${hint}`;
    const internal = labelOf(internal4, address, 'ipv4');
    if (internal) return opts.allowInternal ? null : `${shown} is ${internal}${hint}`;
    return null;
  };

  return {
    check(input: string, family: 4 | 6): string | null {
      // A zone index ("fe80::1%eth0") names an interface, not a different address.
      const address = input.includes('%') ? input.slice(0, input.indexOf('%')) : input;
      const kind = isIP(address);
      if (kind === 0 || kind !== family) return `${input} is not an IPv${family} address`;
      if (kind === 4) return checkV4(address, address);
      const v4 = embeddedIpv4(address);
      if (v4 !== null) return checkV4(v4, `${address} (IPv4 ${v4})`);
      const always = labelOf(always6, address, 'ipv6');
      if (always) return `${address} is ${always}`;
      const loop = labelOf(loop6, address, 'ipv6');
      if (loop) return opts.allowInternal || opts.allowLoopbackForTests ? null : `${address} is ${loop}${hint}`;
      const internal = labelOf(internal6, address, 'ipv6');
      if (internal) return opts.allowInternal ? null : `${address} is ${internal}${hint}`;
      return null;
    },
  };
}
