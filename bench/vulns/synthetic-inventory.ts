/**
 * Synthetic information systems with software inventories, as a province's registry holds them:
 * 5–15 rows each, mostly Windows Server at one of a few dozen monthly builds with IIS, .NET and
 * SQL Server, or Ubuntu with Apache/nginx, PHP, MySQL and OpenSSL; CMSs (WordPress, Joomla),
 * Tomcat, some Exchange and SharePoint, appliances (FortiOS, NetScaler ADC, vCenter); KB rows of
 * installed Windows updates; the odd rare product; and in-house software nobody else runs. Rows
 * repeat heavily across systems (the point of the re-match cache) but are written the way people
 * write them: vendor spellings vary, a CPE is given for some, the version is missing for some.
 * Deterministic per seed.
 */
import type { InventoryItem } from '../../server/src/vulns/matching/inventory.ts';
import { int, pick, POOL_BY_ID, recentIndex, rng, tailProduct, TAIL_SIZE, WINDOWS_KBS, type PoolProduct, type Rand } from './product-pool.ts';

export interface SyntheticSystem {
  id: string;
  name: string;
  inventory: InventoryItem[];
}

const pool = (id: string): PoolProduct => POOL_BY_ID.get(id)!;

/** One row for a pooled product: a recent version mostly, a CPE for ~40 %, no version for ~8 %. */
function row(r: Rand, p: PoolProduct): InventoryItem {
  const version = p.versions[recentIndex(r, p.versions.length)]!;
  const vendor = r() < 0.8 ? p.vendors[0]! : pick(r, p.vendors);
  if (p.cpeVersion) {
    // Exchange: the registry names the CU; the build is rarely known.
    const c = p.cpeVersion(version);
    const withCpe = r() < 0.5;
    return { vendor, product: `${p.product} ${version}`, version: null, cpe: withCpe ? `cpe:2.3:${p.part}:${p.cpeVendor}:${p.cpeProduct}:${c.version}:${c.update}:*:*:*:*:*:*` : null };
  }
  const known = r() >= 0.08;
  const withCpe = r() < 0.4;
  return {
    vendor,
    product: p.product,
    version: known ? version : null,
    cpe: withCpe ? `cpe:2.3:${p.part}:${p.cpeVendor}:${p.cpeProduct}:${known ? version : '*'}:*:*:*:*:*:*:*` : null,
  };
}

const DEPARTMENTS = ['So Tai chinh', 'So Y te', 'So Giao duc', 'So Xay dung', 'So Tu phap', 'UBND huyen', 'Cong an tinh', 'So Noi vu'];
const INHOUSE = ['Cong thong tin dien tu', 'He thong mot cua', 'Quan ly van ban', 'Dich vu cong', 'Quan ly can bo'];

/** `n` systems, deterministic per seed; ids are "sys-000001"…, names say which department. */
export function syntheticSystems(n: number, seed: number): SyntheticSystem[] {
  const r = rng(seed);
  const out: SyntheticSystem[] = [];
  for (let s = 0; s < n; s++) {
    const inv: InventoryItem[] = [];
    const has = new Set<string>();
    const add = (id: string) => {
      if (has.has(id)) return;
      has.add(id);
      inv.push(row(r, pool(id)));
    };
    const kind = r();
    if (kind < 0.08) {
      // An appliance: the registry lists the box and little else.
      add(pick(r, ['fortios', 'fortios', 'citrixadc', 'vcenter']));
    } else if (kind < 0.7) {
      add(pick(r, ['ws2016', 'ws2019', 'ws2019', 'ws2022', 'ws2022']));
      if (r() < 0.75) add('iis');
      if (r() < 0.6) add('dotnet');
      if (r() < 0.35) add('sqlserver');
      if (r() < 0.06) add(r() < 0.4 ? 'exchange2016' : 'exchange2019');
      if (r() < 0.06) add('sharepoint');
      if (r() < 0.2) add('php');
      if (r() < 0.1) add('mysql');
      if (r() < 0.1) add('tomcat');
      if (r() < 0.15) add('httpd');
      // Installed updates recorded as rows ("KB5028168"), on about half the Windows systems.
      if (r() < 0.5) for (let k = int(r, 1, 3); k > 0; k--) inv.push({ vendor: 'Microsoft', product: `KB${pick(r, WINDOWS_KBS)}`, version: null, cpe: null });
    } else {
      add('ubuntu');
      add(r() < 0.6 ? 'httpd' : 'nginx');
      if (r() < 0.8) add('openssl');
      if (r() < 0.7) add('php');
      if (r() < 0.6) add('mysql');
      if (r() < 0.25) add('tomcat');
      if (r() < 0.45) add(r() < 0.75 ? 'wordpress' : 'joomla');
    }
    // The odd rare product from the long tail of the catalogue.
    if (r() < 0.15) {
      const t = tailProduct(Math.floor(Math.pow(r(), 1.5) * TAIL_SIZE));
      inv.push({ vendor: t.vendor, product: t.product, version: `${int(r, 1, 5)}.${int(r, 0, 20)}.${int(r, 0, 9)}`, cpe: null });
    }
    // In-house software: unique to this system, so never cached usefully (and never in NVD).
    const target = int(r, 5, 15);
    for (let k = 0; inv.length < target; k++) {
      inv.push({ vendor: `${pick(r, DEPARTMENTS)}`, product: `${pick(r, INHOUSE)} ${s}-${k}`, version: `${int(r, 1, 3)}.${int(r, 0, 9)}`, cpe: null });
    }
    out.push({ id: `sys-${String(s + 1).padStart(6, '0')}`, name: `${pick(r, DEPARTMENTS)} — he thong ${s + 1}`, inventory: inv });
  }
  return out;
}
