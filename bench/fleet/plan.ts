/**
 * The simulated fleet's layout, computed the same way by the benchmark (to create monitors)
 * and by the fleet process (to decide how each site answers): a pure function of the number of
 * sites, the number of "hosting servers" and a seed.
 *
 * Site i lives on hosting server i % hosts (address 127.1.H.L, see hostAddress) and answers on
 * `/site-i`. Its behaviour is drawn once from the shares below. Every site has an HTTP monitor;
 * HTTPS sites also get a TLS monitor, and a share of the names a DNS monitor.
 */

export type SiteKind = 'fast' | 'https' | 'slow' | 'error' | 'flaky' | 'timeout' | 'reset' | 'redirect';

/** Shares of the sites, in per cent (sum 100). */
export const SHARES: Readonly<Record<SiteKind, number>> = {
  fast: 62, // 200 at once
  https: 10, // 200 over TLS with the fleet's test CA (plus a TLS monitor)
  slow: 8, // 200 after a random delay of 0–5 s, drawn per request
  error: 4, // always 503
  flaky: 4, // 500 on 20 % of requests (state changes, confirming retries, events, alerts)
  timeout: 3, // accepts the connection and never answers (the monitor's 10 s timeout)
  reset: 3, // TCP reset after reading the request
  redirect: 6, // 302 to /site-i/home on the same host, which answers 200
};

/** Share of plain-HTTP sites monitored by address (http://127.1.x.y:port/site-i) instead of by name. */
export const BY_ADDRESS_PER_CENT = 20;
/** Share of sites whose name also gets a DNS monitor (A records, asked from the fleet's DNS server). */
export const DNS_MONITOR_PER_CENT = 5;
/** Share of DNS-monitored names whose A record the fleet flips to another hosting server during the run (at least 2). */
export const DNS_FLIP_PER_CENT = 2;
export const FLAKY_FAILURE_RATE = 0.2;
export const SLOW_MAX_MS = 5000;
export const DOMAIN = 'bench.test';

export interface Site {
  index: number;
  kind: SiteKind;
  host: number;
  name: string;
  byAddress: boolean;
  dnsMonitor: boolean;
  dnsFlip: boolean;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hosting server h (0-based) → 127.1.0.1 … 127.1.0.250, then 127.1.1.1 … */
export function hostAddress(h: number): string {
  return `127.1.${Math.floor(h / 250)}.${(h % 250) + 1}`;
}

export function siteName(i: number): string {
  return `site-${i}.${DOMAIN}`;
}

export function planFleet(sites: number, hosts: number, seed: number): Site[] {
  const random = rng(seed);
  const kinds = Object.entries(SHARES) as [SiteKind, number][];
  const out: Site[] = [];
  for (let i = 0; i < sites; i++) {
    let r = random() * 100;
    let kind: SiteKind = 'fast';
    for (const [k, share] of kinds) {
      if (r < share) {
        kind = k;
        break;
      }
      r -= share;
    }
    const byAddress = kind !== 'https' && random() * 100 < BY_ADDRESS_PER_CENT;
    const dnsMonitor = random() * 100 < DNS_MONITOR_PER_CENT;
    out.push({ index: i, kind, host: i % hosts, name: siteName(i), byAddress, dnsMonitor, dnsFlip: false });
  }
  const dns = out.filter((s) => s.dnsMonitor);
  const flips = Math.min(dns.length, Math.max(2, Math.round((dns.length * DNS_FLIP_PER_CENT) / 100)));
  for (let k = 0; k < flips; k++) dns[Math.floor((k * dns.length) / flips)]!.dnsFlip = true;
  return out;
}

/** Where the fleet listens, as it reports it to the benchmark. */
export interface FleetLayout {
  /** "127.0.0.1:PORT": the monitors' resolver setting. */
  dns: string;
  /** Hosting server addresses, index = Site.host. Every one listens on the same two ports, so a name whose A record flips to another server still reaches its site. */
  hosts: string[];
  httpPort: number;
  httpsPort: number;
  /** PEM of the fleet's test CA: the monitors' caBundle setting. */
  caPem: string;
  pid: number;
}
