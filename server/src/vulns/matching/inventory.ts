/**
 * The registry's software inventory as the matcher sees it, and the name normalisation shared by
 * the CPE, MSRC-product and name strategies and by the index (they must agree, or the index would
 * hide a match). Pure, no I/O. Every input is bounded (MAX_NAME_LEN) before any regex runs.
 */
import { parseCpe23, type Cpe23 } from '../cpe.ts';
import { normaliseVersionWords } from './version-compare.ts';

/** One row of system_software. */
export interface InventoryItem {
  vendor: string;
  product: string;
  version: string | null;
  cpe: string | null;
}

export const MAX_NAME_LEN = 200;

/** A value quoted in a reason: never more than n characters. */
export function clipText(s: unknown, n = 80): string {
  const t = typeof s === 'string' ? s : String(s);
  return t.length > n ? t.slice(0, n) + '…' : t;
}
const MAX_CPE_LEN = 1024;

const clip = (s: string | null | undefined, n = MAX_NAME_LEN): string => (typeof s === 'string' ? s.slice(0, n) : '');

/** Corporate decoration dropped from vendor names. */
const VENDOR_SUFFIX = /\b(corporation|corp|incorporated|inc|ltd|limited|llc|gmbh|co|company|plc|ag|sa|software foundation|foundation|systems|technologies|technology|networks|software)\b/g;
/** Vendor aliases, keyed by the alphanumeric form after suffixes are dropped. */
const VENDOR_ALIAS: Record<string, string> = {
  theapache: 'apache',
  redhat: 'redhat',
  paloalto: 'paloaltonetworks',
  f5: 'f5',
  pulsesecure: 'ivanti',
  cloudsoftwaregroup: 'citrix',
  netscaler: 'citrix',
  msft: 'microsoft',
  vmwarebybroadcom: 'vmware',
  oracleamerica: 'oracle',
  hewlettpackardenterprise: 'hpe',
  fortinetinc: 'fortinet',
};

/** Memo of vendorKey: it runs per advisory product per item (MSRC lists hundreds of products). */
const vendorKeyMemo = new Map<string, string>();

/** A vendor as one alphanumeric key: "Microsoft Corporation" → microsoft, "red_hat" → redhat. */
export function vendorKey(vendor: string | null | undefined): string {
  const clipped = clip(vendor);
  let key = vendorKeyMemo.get(clipped);
  if (key === undefined) {
    key = vendorKeyOf(clipped);
    if (vendorKeyMemo.size > 50_000) vendorKeyMemo.clear();
    vendorKeyMemo.set(clipped, key);
  }
  return key;
}

function vendorKeyOf(clipped: string): string {
  const raw = clipped.toLowerCase();
  const direct = raw.replace(/[^a-z0-9]/g, '');
  if (Object.hasOwn(VENDOR_ALIAS, direct)) return VENDOR_ALIAS[direct]!;
  const stripped = raw.replace(/[^a-z0-9]+/g, ' ').replace(VENDOR_SUFFIX, ' ').replace(/[^a-z0-9]/g, '');
  const key = stripped || direct;
  // Own properties only: a vendor called "constructor" must not find Object.prototype's.
  return Object.hasOwn(VENDOR_ALIAS, key) ? VENDOR_ALIAS[key]! : key;
}

/** Product aliases in CPE-key form (both sides are reduced with productKey first). */
const PRODUCT_ALIAS: Record<string, string> = {
  netscaler_adc: 'netscaler_application_delivery_controller',
  citrix_adc: 'netscaler_application_delivery_controller',
  adc: 'netscaler_application_delivery_controller',
  netscaler_gateway: 'netscaler_gateway',
  citrix_gateway: 'netscaler_gateway',
  http_server: 'http_server',
  httpd: 'http_server',
  apache_http_server: 'http_server',
  log4j2: 'log4j',
  log4j_core: 'log4j',
  internet_information_services: 'internet_information_services',
  iis: 'internet_information_services',
};

/**
 * A product as a CPE-style key: lowercase, runs of anything non-alphanumeric → "_", the vendor's
 * own name dropped from the front ("Apache Log4j" → log4j), then aliases.
 */
export function productKey(product: string | null | undefined, vendor?: string | null): string {
  let p = clip(product).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const v = vendor ? clip(vendor).toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') : '';
  const vk = vendorKey(vendor);
  for (const prefix of [v, vk]) {
    if (prefix && p.startsWith(prefix + '_')) {
      p = p.slice(prefix.length + 1);
      break;
    }
  }
  return Object.hasOwn(PRODUCT_ALIAS, p) ? PRODUCT_ALIAS[p]! : p;
}

/** Words that say nothing about which product it is. */
const NAME_NOISE = new Set([
  'for', 'the', 'version', 'based', 'systems', 'system', 'x64', 'x86', 'amd64', 'arm64', 'arm', '32', '64', 'bit',
  'edition', 'editions', 'installation', 'standard', 'datacenter', 'enterprise', 'essentials', 'professional',
  'pro', 'home', 'and', 'on', 'with', 'of', 'ltsc', 'lts',
]);

/**
 * A product name as significant tokens, for MSRC products and KEV names:
 * "Microsoft Exchange Server 2019 Cumulative Update 13" → [exchange, server, 2019, cu13];
 * "Windows 10 Version 1809 for x64-based Systems" → [windows, 10, 1809].
 */
export function nameTokens(product: string | null | undefined, vendor?: string | null): string[] {
  const text = normaliseVersionWords(clip(product)).replace(/\b(cu|sp|su|ur)\s+(\d+)/g, '$1$2');
  const vk = vendorKey(vendor);
  const words = text.split(/[^a-z0-9]+/).filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    if (NAME_NOISE.has(w)) continue;
    if (out.length === 0 && (w === vk || w === 'microsoft')) continue;
    out.push(w);
    if (out.length >= 12) break;
  }
  return out;
}

/** Splits a KEV product such as "NetScaler ADC and NetScaler Gateway" into its products. */
export function splitProductNames(product: string | null | undefined): string[] {
  return clip(product, 400)
    .split(/\s+and\s+|\s*[,;/]\s*|\s*&\s*/i)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 8);
}

const KB_RE = /\bKB\s?-?(\d{6,8})\b/gi;

/** KB numbers in a string ("KB5028168, KB5028171" → 5028168, 5028171). */
export function kbNumbers(s: string | null | undefined): string[] {
  const out: string[] = [];
  for (const m of clip(s, 1000).matchAll(KB_RE)) {
    out.push(m[1]!);
    if (out.length >= 50) break;
  }
  return out;
}

/** An inventory row that only records an installed update ("KB5028168" as product or version). */
export function isKbItem(item: InventoryItem): boolean {
  return /^\s*KB\s?-?\d{6,8}\s*$/i.test(clip(item.product)) || /^\s*(KB\s?-?\d{6,8}[\s,;]*)+$/i.test(clip(item.version, 1000));
}

/** The KB numbers a system's inventory says are installed. */
export function installedKbs(inventory: readonly InventoryItem[]): Set<string> {
  const out = new Set<string>();
  for (const it of inventory) {
    for (const kb of kbNumbers(it.product)) out.add(kb);
    for (const kb of kbNumbers(it.version)) out.add(kb);
  }
  return out;
}

/** An inventory item prepared once for all advisories. */
export interface PreparedItem {
  item: InventoryItem;
  index: number;
  /** Parsed item CPE, or null when there is none or it does not parse (see cpeProblem). */
  cpe: Cpe23 | null;
  cpeProblem: string | null;
  vendorKey: string;
  productKey: string;
  /** The version to compare: the item's version, else a specific version in its CPE. */
  version: string | null;
  tokens: string[];
  kbOnly: boolean;
}

export function prepareItem(item: InventoryItem, index = 0): PreparedItem {
  let cpe: Cpe23 | null = null;
  let cpeProblem: string | null = null;
  if (typeof item.cpe === 'string' && item.cpe.trim() !== '') {
    const raw = item.cpe.trim();
    cpe = raw.length > MAX_CPE_LEN ? null : parseCpe23(raw);
    if (!cpe) cpeProblem = `inventory CPE "${raw.slice(0, 80)}${raw.length > 80 ? '…' : ''}" does not parse; matched by name instead`;
  }
  const vk = cpe ? vendorKey(cpe.vendor) : vendorKey(item.vendor);
  const pk = cpe ? productKey(cpe.product) : productKey(item.product, item.vendor);
  let version: string | null = typeof item.version === 'string' && item.version.trim() !== '' ? clip(item.version, 1000).trim() : null;
  if (version === null && cpe && cpe.version !== '*' && cpe.version !== '-') version = cpe.version;
  return {
    item,
    index,
    cpe,
    cpeProblem,
    vendorKey: vk,
    productKey: pk,
    version,
    tokens: nameTokens(item.product, item.vendor),
    kbOnly: isKbItem(item),
  };
}

export interface PreparedInventory {
  items: PreparedItem[];
  kbs: Set<string>;
}

export function prepareInventory(inventory: readonly InventoryItem[]): PreparedInventory {
  return { items: inventory.map((it, i) => prepareItem(it, i)), kbs: installedKbs(inventory) };
}
