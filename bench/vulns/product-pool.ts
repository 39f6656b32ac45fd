/**
 * The software both synthetic generators draw from, so that the synthetic NVD records name what
 * the synthetic inventories hold (else the re-match would do no real work). Modelled on a
 * province's registry: many Windows Server builds, IIS, Exchange and SharePoint, the LAMP stack,
 * a few appliances (FortiOS, Citrix ADC, vCenter), and a long tail of rarer products.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same data on every run and machine. */
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

export type Rand = () => number;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
/** Index into a list, skewed towards its end (recent versions are the common ones). */
export const recentIndex = (r: Rand, n: number, skew = 2): number => n - 1 - Math.floor(Math.pow(r(), skew) * n);

export interface PoolProduct {
  /** Short id used by the inventory generator. */
  id: string;
  /** Vendor spellings seen in registries (the first is the usual one). */
  vendors: string[];
  /** Product name as registries write it. */
  product: string;
  /** CPE part, vendor and product ("o", "microsoft", "windows_server_2019"). */
  part: 'a' | 'o' | 'h';
  cpeVendor: string;
  cpeProduct: string;
  /** Versions in the field, oldest → newest. */
  versions: string[];
  /** Relative share of the pooled NVD records that name it. */
  nvdWeight: number;
  /** A CPE version attribute to use instead of the build (Exchange "2019" + update "cumulative_update_13"). */
  cpeVersion?: (v: string) => { version: string; update: string };
}

const builds = (prefix: string, from: number, n: number, step: number) => Array.from({ length: n }, (_, i) => `${prefix}${from + i * step}`);
const series = (majors: string[], patches: number) => majors.flatMap((m) => Array.from({ length: patches }, (_, i) => `${m}.${i}`));

const ws = (year: string, prefix: string, from: number): PoolProduct => ({
  id: `ws${year}`, vendors: ['Microsoft', 'Microsoft Corporation'], product: `Windows Server ${year}`, part: 'o',
  cpeVendor: 'microsoft', cpeProduct: `windows_server_${year}`, versions: builds(prefix, from, 24, 120), nvdWeight: 1,
});

const exchangeCu = (year: string, cus: number[]): PoolProduct => ({
  id: `exchange${year}`, vendors: ['Microsoft'], product: `Exchange Server ${year}`, part: 'a', cpeVendor: 'microsoft', cpeProduct: 'exchange_server',
  versions: cus.map((c) => `CU${c}`), nvdWeight: 0.5,
  cpeVersion: (v) => ({ version: year, update: `cumulative_update_${v.slice(2)}` }),
});

export const POOL: PoolProduct[] = [
  ws('2016', '10.0.14393.', 5000),
  ws('2019', '10.0.17763.', 3000),
  ws('2022', '10.0.20348.', 1000),
  { id: 'iis', vendors: ['Microsoft'], product: 'IIS', part: 'a', cpeVendor: 'microsoft', cpeProduct: 'internet_information_services', versions: ['8.5', '10.0'], nvdWeight: 0.2 },
  exchangeCu('2016', [21, 22, 23]),
  exchangeCu('2019', [11, 12, 13, 14]),
  { id: 'sharepoint', vendors: ['Microsoft'], product: 'SharePoint Server', part: 'a', cpeVendor: 'microsoft', cpeProduct: 'sharepoint_server', versions: builds('16.0.', 10337, 12, 400), nvdWeight: 0.8 },
  { id: 'sqlserver', vendors: ['Microsoft'], product: 'SQL Server', part: 'a', cpeVendor: 'microsoft', cpeProduct: 'sql_server', versions: ['2016', '2017', '2019', '2022'], nvdWeight: 0.3 },
  { id: 'httpd', vendors: ['Apache', 'The Apache Software Foundation', 'Apache Software Foundation'], product: 'HTTP Server', part: 'a', cpeVendor: 'apache', cpeProduct: 'http_server', versions: builds('2.4.', 41, 18, 1), nvdWeight: 0.7 },
  { id: 'nginx', vendors: ['F5', 'F5 Networks'], product: 'nginx', part: 'a', cpeVendor: 'f5', cpeProduct: 'nginx', versions: ['1.18.0', '1.20.2', '1.22.1', '1.24.0', '1.25.3', '1.26.1'], nvdWeight: 0.4 },
  { id: 'php', vendors: ['PHP', 'The PHP Group'], product: 'PHP', part: 'a', cpeVendor: 'php', cpeProduct: 'php', versions: [...series(['7.4'], 34), ...series(['8.0'], 31), ...series(['8.1'], 28), ...series(['8.2'], 20)], nvdWeight: 0.8 },
  { id: 'mysql', vendors: ['Oracle', 'Oracle Corporation'], product: 'MySQL', part: 'a', cpeVendor: 'oracle', cpeProduct: 'mysql', versions: [...series(['5.7'], 45), ...series(['8.0'], 36)], nvdWeight: 1 },
  { id: 'openssl', vendors: ['OpenSSL', 'OpenSSL Software Foundation'], product: 'OpenSSL', part: 'a', cpeVendor: 'openssl', cpeProduct: 'openssl', versions: ['1.0.2k', '1.0.2u', '1.1.1k', '1.1.1n', '1.1.1t', '1.1.1w', '3.0.2', '3.0.8', '3.0.13', '3.1.4'], nvdWeight: 0.7 },
  { id: 'tomcat', vendors: ['Apache'], product: 'Tomcat', part: 'a', cpeVendor: 'apache', cpeProduct: 'tomcat', versions: [...series(['8.5'], 100).slice(50), ...series(['9.0'], 90).slice(40)], nvdWeight: 0.7 },
  { id: 'wordpress', vendors: ['WordPress', 'WordPress.org'], product: 'WordPress', part: 'a', cpeVendor: 'wordpress', cpeProduct: 'wordpress', versions: [...series(['5.8', '5.9', '6.0', '6.1', '6.2', '6.3', '6.4'], 5)], nvdWeight: 0.5 },
  { id: 'joomla', vendors: ['Joomla', 'Open Source Matters'], product: 'Joomla!', part: 'a', cpeVendor: 'joomla', cpeProduct: 'joomla\\!', versions: [...series(['3.9'], 28), ...series(['3.10'], 12), ...series(['4.2', '4.3'], 9)], nvdWeight: 0.4 },
  { id: 'fortios', vendors: ['Fortinet'], product: 'FortiOS', part: 'o', cpeVendor: 'fortinet', cpeProduct: 'fortios', versions: [...series(['6.4'], 15), ...series(['7.0'], 14), ...series(['7.2'], 8)], nvdWeight: 0.8 },
  { id: 'citrixadc', vendors: ['Citrix', 'Citrix Systems, Inc.'], product: 'NetScaler ADC', part: 'a', cpeVendor: 'citrix', cpeProduct: 'netscaler_application_delivery_controller', versions: ['12.1-65.17', '13.0-88.14', '13.0-92.19', '13.1-37.38', '13.1-45.64', '13.1-49.13', '13.1-49.15', '14.1-8.50'], nvdWeight: 0.3 },
  { id: 'vcenter', vendors: ['VMware'], product: 'vCenter Server', part: 'a', cpeVendor: 'vmware', cpeProduct: 'vcenter_server', versions: ['6.7.0', '7.0.0', '7.0.1', '7.0.2', '7.0.3', '8.0.0', '8.0.1', '8.0.2'], nvdWeight: 0.4 },
  { id: 'ubuntu', vendors: ['Canonical'], product: 'Ubuntu Linux', part: 'o', cpeVendor: 'canonical', cpeProduct: 'ubuntu_linux', versions: ['18.04', '20.04', '22.04'], nvdWeight: 0.5 },
  { id: 'dotnet', vendors: ['Microsoft'], product: '.NET Framework', part: 'a', cpeVendor: 'microsoft', cpeProduct: '.net_framework', versions: ['4.7.2', '4.8', '4.8.1'], nvdWeight: 0.3 },
];

export const POOL_BY_ID = new Map(POOL.map((p) => [p.id, p]));

const SYL = ['ac', 'bel', 'cor', 'dyn', 'eon', 'fal', 'gri', 'hex', 'ion', 'jas', 'kel', 'lum', 'mor', 'nex', 'orb', 'pax', 'qui', 'ros', 'syn', 'tal', 'umb', 'vex', 'wyn', 'xer', 'yor', 'zen'];
const NOUN = ['portal', 'cms', 'gateway', 'router_firmware', 'mail_server', 'helpdesk', 'erp', 'camera_firmware', 'vpn', 'backup', 'wiki', 'crm', 'dns_server', 'ftp_server', 'forum', 'shop'];

/** The long tail: product k of the NVD catalogue outside the pool (deterministic, not seeded). */
export function tailProduct(k: number): { vendor: string; product: string; cpeVendor: string; cpeProduct: string } {
  const v = Math.floor(k / 4);
  const cpeVendor = `${SYL[v % 26]}${SYL[Math.floor(v / 26) % 26]}${v >= 676 ? Math.floor(v / 676) : ''}`;
  const cpeProduct = `${cpeVendor}_${NOUN[(k * 7) % NOUN.length]}`;
  return { vendor: cpeVendor.charAt(0).toUpperCase() + cpeVendor.slice(1), product: cpeProduct.replace(/_/g, ' '), cpeVendor, cpeProduct };
}
/** How many long-tail products the NVD generator uses (the inventory takes a few rare ones from it). */
export const TAIL_SIZE = 12_000;

/** KB numbers of 2023 Windows cumulative updates, for KB rows in inventories. */
export const WINDOWS_KBS = ['5028168', '5028169', '5028171', '5029242', '5029247', '5029250', '5027219', '5027222', '5027225', '5026362', '5026363', '5026370'];
