import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Advisory, ImportResult } from '../../server/src/vulns/advisory.ts';
import { parseCpe23 } from '../../server/src/vulns/cpe.ts';
import { importCsaf } from '../../server/src/vulns/importers/csaf.importer.ts';
import { detectFeed, importFeed } from '../../server/src/vulns/importers/detect-format.ts';
import { importKev } from '../../server/src/vulns/importers/kev.importer.ts';
import { mergeAdvisories, mergeAll } from '../../server/src/vulns/importers/merge-advisories.ts';
import { importMsrcJson, importMsrcXml } from '../../server/src/vulns/importers/msrc-cvrf.importer.ts';
import { importNvd } from '../../server/src/vulns/importers/nvd.importer.ts';

/** Real samples live outside the repository (licences vary, see ../shared/fixtures/SOURCES.md). */
const FIX = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'vuln');
const have = existsSync(FIX);
const skip = have ? false : `fixtures not found at ${FIX}`;
const read = (p: string) => readFileSync(join(FIX, p));
const only = (r: ImportResult, cve: string): Advisory => {
  const a = r.records.find((x) => x.cve === cve);
  assert.ok(a, `${cve} not imported`);
  return a;
};
const CVE_RE = /^CVE-\d{4}-\d{4,}$/;

describe('KEV importer', { skip }, () => {
  it('imports the whole catalogue, count matches the file', () => {
    const buf = read('kev/known_exploited_vulnerabilities.json');
    const doc = JSON.parse(buf.toString('utf8'));
    const r = importKev(buf);
    assert.equal(r.meta.count, doc.count);
    assert.equal(r.records.length, doc.count);
    assert.deepEqual(r.skipped, []);
    assert.equal(r.meta.catalogVersion, doc.catalogVersion);
    const a = only(r, 'CVE-2023-32046');
    assert.equal(a.exploited, true);
    assert.equal(a.vendor, 'Microsoft');
    assert.equal(a.kevDateAdded, '2023-07-11');
    assert.equal(a.kevDueDate, '2023-08-01');
    assert.deepEqual(a.sources, ['kev']);
    const git = only(r, 'CVE-2025-48384');
    assert.ok(git.references?.includes('https://github.com/git/git/security/advisories/GHSA-vwqx-4fm8-6qc9'));
    assert.ok(git.cwes?.includes('CWE-59'));
    assert.ok(r.records.some((x) => x.knownRansomware === true));
    assert.ok(r.records.every((x) => CVE_RE.test(x.cve)));
  });
  it('prints throughput', () => {
    const buf = read('kev/known_exploited_vulnerabilities.json');
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 5; i++) n += importKev(buf).records.length;
    const s = (performance.now() - t0) / 1000;
    console.log(`# KEV: ${Math.round(n / s)} records/s (${n / 5} records, ${((s / 5) * 1000).toFixed(1)} ms per import)`);
  });
});

describe('NVD importer', { skip }, () => {
  const files = have ? readdirSync(join(FIX, 'nvd')).filter((f) => f.endsWith('.json')) : [];
  it('imports every fixture record (bare cve objects)', () => {
    for (const f of [...files, ...readdirSync(join(FIX, 'nvd', 'early')).map((x) => `early/${x}`)]) {
      const r = importNvd(read(`nvd/${f}`));
      assert.equal(r.records.length, 1, f);
      assert.deepEqual(r.skipped, [], f);
      assert.equal(r.records[0]!.cve, f.replace(/^early\//, '').replace('.json', ''));
    }
  });
  it('Log4Shell: 20 configurations, 408 criteria, escaped CPEs parse, AND nodes kept', () => {
    const a = only(importNvd(read('nvd/CVE-2021-44228.json')), 'CVE-2021-44228');
    assert.equal(a.configurations?.length, 20);
    const crits = a.configurations!.flat().flatMap((n) => n.cpeMatch);
    assert.equal(crits.length, 408);
    const logo = crits.find((c) => c.criteria.includes('logo\\!_soft_comfort'));
    assert.equal(parseCpe23(logo!.criteria)?.product, 'logo!_soft_comfort');
    assert.ok(crits.every((c) => parseCpe23(c.criteria)));
    assert.ok(a.configurations!.some((cfg) => cfg.some((n) => n.cpeMatch.some((c) => !c.vulnerable))));
    assert.ok(crits.some((c) => c.versionEndIncluding));
    assert.equal(a.cvssScore, 10);
    assert.equal(a.severity, 'critical');
    assert.equal(a.exploited, true);
    assert.equal(a.references?.length, new Set(a.references).size);
    assert.ok(a.cwes?.includes('CWE-502'));
  });
  it('CVE-2023-32046: build ranges, English description, KEV dates; the early record has no configurations', () => {
    const a = only(importNvd(read('nvd/CVE-2023-32046.json')), 'CVE-2023-32046');
    assert.equal(a.description, 'Windows MSHTML Platform Elevation of Privilege Vulnerability');
    assert.equal(a.cvssScore, 7.8);
    assert.equal(a.cvssVector, 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H');
    assert.equal(a.kevDueDate, '2023-08-01');
    const c = a.configurations!.flat().flatMap((n) => n.cpeMatch).find((x) => x.criteria.includes('windows_10_1809'));
    assert.equal(c?.versionEndExcluding, '10.0.17763.4645');
    assert.deepEqual(a.cwes ?? [], []); // NVD-CWE-noinfo is not a CWE
    for (const f of ['early/CVE-2023-32046.json', 'early/CVE-2023-36884.json']) {
      const e = importNvd(read(`nvd/${f}`)).records[0]!;
      assert.equal(e.configurations, undefined, f);
    }
  });
  it('a page and a wrapped record; bad CPE drops only its configuration', () => {
    const cve = JSON.parse(read('nvd/CVE-2023-29357.json').toString());
    const bad = structuredClone(cve);
    bad.id = 'CVE-2099-0001';
    bad.configurations.push({ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:bad' }] }] });
    const page = { resultsPerPage: 4, startIndex: 0, totalResults: 4, vulnerabilities: [{ cve }, { cve: bad }, { cve: { ...cve, id: 'CVE-12-1' } }, { cve: { ...cve, id: undefined } }] };
    const r = importNvd(JSON.stringify(page));
    assert.deepEqual(r.records.map((x) => x.cve), ['CVE-2023-29357', 'CVE-2099-0001']);
    assert.equal(r.records[1]!.configurations?.length, cve.configurations.length);
    assert.equal(r.skipped.length, 3);
    assert.match(r.skipped.find((s) => String(s.index).includes('CVE-2099-0001'))!.reason, /CPE does not parse/);
    assert.equal(r.meta.totalResults, 4);
    assert.equal(importNvd(JSON.stringify({ cve })).records[0]!.cve, 'CVE-2023-29357');
  });
});

describe('MSRC CVRF importer', { skip }, () => {
  it('imports the four monthly XML documents', () => {
    for (const m of ['May', 'Jun', 'Jul', 'Aug']) {
      const r = importMsrcXml(read(`msrc/cvrfDocument-2023-${m}.xml`));
      assert.ok(r.records.length > 50, m);
      // the only skips are the ADV advisories, which have no CVE id
      assert.ok(r.skipped.every((s) => /invalid CVE id "ADV\d+"/.test(s.reason)), JSON.stringify(r.skipped));
    }
  });
  it('July 2023: CVE-2023-32046 with Windows Server 2019, KB and fixed build, exploited', () => {
    const t0 = performance.now();
    const r = importMsrcXml(read('msrc/cvrfDocument-2023-Jul.xml'));
    const s = (performance.now() - t0) / 1000;
    console.log(`# MSRC July 2023 (3.3 MB XML): ${Math.round(r.records.length / s)} records/s (${r.records.length} records, ${(s * 1000).toFixed(0)} ms)`);
    assert.equal(r.meta.documentId, '2023-Jul');
    assert.equal(r.records.length, 160);
    const a = only(r, 'CVE-2023-32046');
    assert.equal(a.title, 'Windows MSHTML Platform Elevation of Privilege Vulnerability');
    assert.equal(a.exploited, true);
    assert.equal(a.severity, 'high');
    assert.equal(a.cvssScore, 7.8);
    const ws = a.products!.find((p) => p.name === 'Windows Server 2019');
    assert.deepEqual(ws, { productId: '11571', name: 'Windows Server 2019', vendor: 'Microsoft', fixedBuild: '10.0.17763.4645', kbs: ['5028168'] });
    assert.equal(a.products!.length, 33);
    assert.ok(a.products!.every((p) => p.name));
  });
  it('the JSON form gives the same records as the XML form', () => {
    const xml = importMsrcXml(read('msrc/cvrfDocument-2023-Jul.xml'));
    // Hand-built JSON in the MSRC API shape (numbers for the enumerations)
    const doc = {
      DocumentTitle: { Value: 'July 2023 Security Updates' },
      DocumentTracking: { Identification: { ID: { Value: '2023-Jul' } } },
      ProductTree: { Branch: [{ Items: [{ Items: [{ ProductID: '11571', Value: 'Windows Server 2019' }] }] }], FullProductName: [{ ProductID: '11571', Value: 'Windows Server 2019' }] },
      Vulnerability: [{
        Title: { Value: 'Windows MSHTML Platform Elevation of Privilege Vulnerability' },
        CVE: 'CVE-2023-32046',
        ProductStatuses: [{ ProductID: ['11571', '99999'], Type: 3 }],
        Threats: [
          { Description: { Value: 'Important' }, ProductID: ['11571'], Type: 3 },
          { Description: { Value: 'Publicly Disclosed:No;Exploited:Yes;Latest Software Release:Exploitation Detected' }, ProductID: [], Type: 1 },
        ],
        CVSSScoreSets: [{ BaseScore: 7.8, Vector: 'CVSS:3.1/AV:L', ProductID: ['11571'] }],
        Remediations: [{ Description: { Value: '5028168' }, URL: 'https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB5028168', ProductID: ['11571'], Type: 2, SubType: 'Security Update', FixedBuild: '10.0.17763.4645' }],
      }],
    };
    const r = importMsrcJson(JSON.stringify(doc));
    const a = only(r, 'CVE-2023-32046');
    const x = only(xml, 'CVE-2023-32046');
    assert.deepEqual(a.products, x.products!.filter((p) => p.productId === '11571'));
    assert.equal(a.severity, 'high');
    assert.equal(a.exploited, true);
    assert.deepEqual(r.skipped, [{ index: 'CVE-2023-32046', reason: 'unknown ProductID 99999 (not in the ProductTree)' }]);
  });
});

describe('CSAF importer', { skip }, () => {
  it('imports the four examples', () => {
    const bsi = importCsaf(read('csaf/bsi-2022-0001.json'));
    const a = only(bsi, 'CVE-2022-27193');
    assert.equal(a.cvssScore, 6.1);
    assert.equal(a.severity, 'medium');
    assert.ok(a.cwes?.includes('CWE-611'));
    const p1 = a.products!.find((p) => p.productId === 'CSAFPID-0001')!;
    assert.equal(p1.status, 'affected');
    assert.equal(p1.cpe, 'cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha');
    assert.equal(p1.vendor, 'CSAF Tools');
    assert.equal(a.products!.find((p) => p.productId === 'CSAFPID-0006')?.status, 'fixed');
    assert.ok(a.references?.includes('https://github.com/csaf-tools/CVRF-CSAF-Converter/releases/tag/1.0.0-rc2'));

    const rh = only(importCsaf(read('csaf/rhsa-2021_5217.json')), 'CVE-2021-4133');
    assert.deepEqual(rh.products?.map((p) => [p.productId, p.vendor, p.status]), [['Red Hat Single Sign-On', 'Red Hat', 'fixed']]);
    assert.equal(rh.severity, 'high'); // threat impact "Important", no CVSS in the file

    const vex = only(importCsaf(read('csaf/2022-evd-uc-01-f-001.json')), 'CVE-2021-44228');
    assert.ok(vex.products!.length >= 1 && vex.products!.every((p) => p.status === 'fixed'));

    const cisco = importCsaf(read('csaf/cisco-sa-20180328-smi2.json'));
    const c = only(cisco, 'CVE-2018-0171');
    assert.ok(c.products!.length > 100);
    assert.ok(c.products!.every((p) => p.vendor === 'Cisco' && p.status === 'affected'));
    assert.equal(c.cvssScore, 9.8);
  });
});

describe('detectFeed / importFeed', { skip }, () => {
  it('recognises every fixture', () => {
    const cases: [string, string][] = [
      ['kev/known_exploited_vulnerabilities.json', 'kev'], ['nvd/CVE-2023-32046.json', 'nvd'],
      ['msrc/cvrfDocument-2023-May.xml', 'msrc-xml'], ['csaf/rhsa-2021_5217.json', 'csaf'],
      ['kev/known_exploited_vulnerabilities_schema.json', 'null'],
    ];
    for (const [f, k] of cases) {
      assert.equal(String(detectFeed(read(f))), k, f);
      const r = importFeed(read(f));
      assert.equal(String(r.kind), k, f);
      assert.equal(r.records.length > 0, k !== 'null', f);
    }
    assert.equal(detectFeed(JSON.stringify({ Vulnerability: [], ProductTree: {} })), 'msrc-json');
  });
});

describe('idempotence and merging', { skip }, () => {
  it('importing the same files twice and merging gives the single import', () => {
    for (const f of ['kev/known_exploited_vulnerabilities.json', 'msrc/cvrfDocument-2023-Jul.xml', 'nvd/CVE-2021-44228.json', 'csaf/cisco-sa-20180328-smi2.json']) {
      const once = importFeed(read(f)).records;
      const twice = mergeAll([...once, ...importFeed(read(f)).records]);
      assert.deepEqual(twice, once, f);
    }
  });
  it('KEV + NVD + MSRC for one CVE', () => {
    const kev = only(importKev(read('kev/known_exploited_vulnerabilities.json')), 'CVE-2023-32046');
    const nvd = only(importNvd(read('nvd/CVE-2023-32046.json')), 'CVE-2023-32046');
    const msrc = only(importMsrcXml(read('msrc/cvrfDocument-2023-Jul.xml')), 'CVE-2023-32046');
    const m = mergeAll([kev, nvd, msrc])[0]!;
    const m2 = mergeAdvisories(mergeAdvisories(msrc, nvd), kev);
    assert.deepEqual(m.sources, ['kev', 'nvd', 'msrc']);
    assert.deepEqual(m2.sources, ['kev', 'nvd', 'msrc']);
    assert.equal(m.title, msrc.title);
    assert.equal(m.description, nvd.description);
    assert.deepEqual(m.configurations, nvd.configurations);
    assert.deepEqual(m.products, msrc.products);
    assert.equal(m.exploited, true);
    assert.equal(m.kevDueDate, '2023-08-01');
    assert.equal(m.cvssScore, 7.8);
    assert.deepEqual(mergeAdvisories(m, m), m);
    assert.deepEqual(mergeAdvisories(m, kev), m);
  });
});

describe('hostile input', () => {
  const importers = { importKev, importNvd, importCsaf, importMsrcJson, importMsrcXml, importFeed };
  const fileSkip = (r: ImportResult) => {
    assert.equal(r.records.length, 0);
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0]!.index, 'file');
    return r.skipped[0]!.reason;
  };
  it('never throws on junk', () => {
    const junk: (string | Uint8Array)[] = ['', '{', '[]', 'null', '{"vulnerabilities": "x"}', '<a>', '<cvrf:cvrfdoc>', new Uint8Array([0, 1, 2, 3, 255]), '\u0000{}',
      '{"vulnerabilities":[null, 1, "x", {"cveID": 5}]}', '{"document":{"csaf_version":"2.0"},"vulnerabilities":[{"cve":"CVE-2020-1234","product_status":{"known_affected":[1,null]}}]}'];
    for (const [name, fn] of Object.entries(importers)) {
      for (const j of junk) {
        const r = fn(j as string);
        assert.ok(Array.isArray(r.records) && Array.isArray(r.skipped), `${name} ${String(j).slice(0, 20)}`);
        assert.ok(r.records.length + r.skipped.length > 0 || name === 'importCsaf' || name === 'importNvd', `${name}: ${String(j).slice(0, 30)}`);
      }
    }
  });
  it('refuses a DOCTYPE with entity expansion (billion laughs, XXE)', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<cvrf:cvrfdoc xmlns:cvrf="http://www.icasi.org/CVRF/schema/cvrf/1.1" xmlns:vuln="v"><vuln:Vulnerability><vuln:CVE>CVE-2023-0001</vuln:CVE><vuln:Title>&lol2;</vuln:Title></vuln:Vulnerability></cvrf:cvrfdoc>`;
    assert.match(fileSkip(importMsrcXml(lol)), /DOCTYPE/);
    const xxe = lol.replace(/<!DOCTYPE[^\]]*\]>/, '<!DOCTYPE x [<!ENTITY lol2 SYSTEM "file:///etc/passwd">]>');
    assert.match(fileSkip(importFeed(xxe)), /DOCTYPE/);
  });
  it('rejects a 100 MB string fast, by size', () => {
    const big = '{"vulnerabilities":[' + ' '.repeat(100 * 1024 * 1024) + ']}';
    const t0 = performance.now();
    for (const fn of Object.values(importers)) assert.match(fileSkip(fn(big)), /too large/);
    assert.match(fileSkip(importFeed(Buffer.from('{}'), { maxBytes: 1 })), /too large/);
    assert.ok(performance.now() - t0 < 500, `took ${performance.now() - t0} ms`);
  });
  it('truncated JSON is refused as a whole; truncated XML keeps only the complete vulnerabilities', () => {
    const kev = JSON.stringify({ count: 2, vulnerabilities: [{ cveID: 'CVE-2023-0001' }, { cveID: 'CVE-2023-0002' }] });
    assert.match(fileSkip(importKev(kev.slice(0, kev.length - 20))), /malformed or truncated JSON/);
    if (!have) return;
    const xml = read('msrc/cvrfDocument-2023-Jul.xml').toString('utf8');
    const cut = xml.slice(0, xml.indexOf('<vuln:CVE>CVE-2023-32046') + 200);
    const r = importMsrcXml(cut);
    assert.ok(r.records.length > 5);
    assert.ok(!r.records.some((a) => a.cve === 'CVE-2023-32046'));
    assert.ok(r.skipped.some((s) => s.index === 'file' && /truncated/.test(s.reason)));
    assert.ok(r.skipped.some((s) => /incomplete/.test(s.reason)));
  });
  it('decodes UTF-16 with BOM, UTF-8 with BOM and Windows-1252; refuses binary', () => {
    const doc = JSON.stringify({ catalogVersion: '1', count: 1, vulnerabilities: [{ cveID: 'CVE-2023-0001', vendorProject: 'Café’s', product: 'x' }] });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc, 'utf16le')]);
    assert.equal(importKev(le).records[0]?.vendor, 'Café’s');
    const be = Buffer.from(le);
    be.swap16();
    assert.equal(importFeed(be).records[0]?.vendor, 'Café’s');
    assert.equal(importKev(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)])).records[0]?.vendor, 'Café’s');
    assert.equal(importKev('\ufeff' + doc).records.length, 1);
    const cp1252 = Buffer.from(doc.replace('’', '\u0092'), 'latin1'); // é = 0xE9, ’ = 0x92 in Windows-1252
    assert.equal(importKev(cp1252).records[0]?.vendor, 'Café’s');
    assert.match(fileSkip(importKev(Buffer.from(doc, 'utf16le'))), /binary/);
    assert.match(fileSkip(importFeed(Buffer.from([0x7b, 0x00, 0x89, 0x50, 0x4e, 0x47]))), /binary/);
  });
  it('garbage CVE ids are skipped with a reason, the rest imported', () => {
    const ids = ['CVE-2023-1234', 'cve-2023-12345', 'CVE-23-1234', 'CVE-2023-123', 'CVE-2023-1234x', '', null, 'CVE-2023-1234\n<script>', 'CVE-2024-0001'];
    const r = importKev(JSON.stringify({ vulnerabilities: ids.map((cveID) => ({ cveID, vendorProject: 'v' })) }));
    assert.deepEqual(r.records.map((a) => a.cve), ['CVE-2023-1234', 'CVE-2023-12345', 'CVE-2024-0001']);
    assert.equal(r.skipped.length, 6);
    assert.ok(r.skipped.every((s) => /CVE id/.test(s.reason)));
  });
});
