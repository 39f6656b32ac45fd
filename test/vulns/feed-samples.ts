/**
 * Small feed documents in the real formats' shapes, written for the tests (not copied from any
 * feed, so they carry no licence question): a CISA KEV catalogue and an MSRC monthly document in
 * the Security Updates API's JSON form. The CVE ids, products, builds and KBs are those of the
 * real July 2023 release, so the matcher meets realistic names.
 */

export function kevCatalogue(entries: { cve: string; vendor: string; product: string; name?: string; added?: string }[]): string {
  return JSON.stringify({
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: '2026.11.01',
    dateReleased: '2026-11-01T00:00:00.000Z',
    count: entries.length,
    vulnerabilities: entries.map((e) => ({
      cveID: e.cve,
      vendorProject: e.vendor,
      product: e.product,
      vulnerabilityName: e.name ?? `${e.vendor} ${e.product} Vulnerability`,
      dateAdded: e.added ?? '2023-07-11',
      shortDescription: `${e.product} contains a vulnerability.`,
      requiredAction: 'Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable.',
      dueDate: '2023-08-01',
      knownRansomwareCampaignUse: 'Unknown',
      notes: '',
      cwes: [],
    })),
  });
}

export const KEV_SAMPLE = [
  { cve: 'CVE-2023-32046', vendor: 'Microsoft', product: 'Windows', name: 'Microsoft Windows MSHTML Platform Privilege Escalation Vulnerability' },
  { cve: 'CVE-2023-4966', vendor: 'Citrix', product: 'NetScaler ADC and NetScaler Gateway', added: '2023-10-18' },
  { cve: 'CVE-2021-44228', vendor: 'Apache', product: 'Log4j2', added: '2021-12-10' },
];

interface MsrcVuln {
  cve: string;
  title: string;
  severity: 'Critical' | 'Important' | 'Moderate';
  exploited: boolean;
  score: number;
  products: { pid: string; kb: string; build?: string }[];
  date?: string;
}

export const MSRC_PRODUCTS: Record<string, string> = {
  '11571': 'Windows Server 2019',
  '11923': 'Windows Server 2022',
  '11927': 'Microsoft Exchange Server 2019 Cumulative Update 13',
  '11585': 'Microsoft SharePoint Server 2019',
};

export const MSRC_JULY: MsrcVuln[] = [
  { cve: 'CVE-2023-32046', title: 'Windows MSHTML Platform Elevation of Privilege Vulnerability', severity: 'Important', exploited: true, score: 7.8, products: [{ pid: '11571', kb: '5028168', build: '10.0.17763.4645' }, { pid: '11923', kb: '5028171', build: '10.0.20348.1850' }] },
  { cve: 'CVE-2023-33157', title: 'Microsoft SharePoint Remote Code Execution Vulnerability', severity: 'Critical', exploited: false, score: 8.8, products: [{ pid: '11585', kb: '5002424', build: '16.0.10400.20000' }] },
  { cve: 'CVE-2023-35311', title: 'Microsoft Outlook Security Feature Bypass Vulnerability', severity: 'Important', exploited: true, score: 8.8, products: [] },
  { cve: 'CVE-2023-32049', title: 'Windows SmartScreen Security Feature Bypass Vulnerability', severity: 'Moderate', exploited: false, score: 5.4, products: [{ pid: '11571', kb: '5028168', build: '10.0.17763.4645' }] },
];

/** An MSRC document in the API's JSON shape; `unknownPid` adds a product id missing from the tree. */
export function msrcDocument(id: string, vulns: MsrcVuln[], opts: { unknownPid?: string } = {}): string {
  return JSON.stringify({
    DocumentTitle: { Value: `${id} Security Updates` },
    DocumentTracking: { Identification: { ID: { Value: id } }, InitialReleaseDate: '2023-07-11T07:00:00', CurrentReleaseDate: '2023-07-11T07:00:00' },
    ProductTree: { FullProductName: Object.entries(MSRC_PRODUCTS).map(([ProductID, Value]) => ({ ProductID, Value })) },
    Vulnerability: vulns.map((v, i) => ({
      Title: { Value: v.title },
      CVE: v.cve,
      Notes: [{ Title: 'Description', Type: 2, Value: `<p>${v.title}</p>` }],
      ProductStatuses: [{ ProductID: [...v.products.map((p) => p.pid), ...(i === 0 && opts.unknownPid ? [opts.unknownPid] : [])], Type: 3 }],
      Threats: [
        { Description: { Value: v.severity }, ProductID: v.products.map((p) => p.pid), Type: 3 },
        { Description: { Value: `Publicly Disclosed:No;Exploited:${v.exploited ? 'Yes' : 'No'};Latest Software Release:${v.exploited ? 'Exploitation Detected' : 'Exploitation Less Likely'}` }, ProductID: [], Type: 1 },
      ],
      CVSSScoreSets: [{ BaseScore: v.score, Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', ProductID: v.products.map((p) => p.pid) }],
      Remediations: v.products.map((p) => ({ Description: { Value: p.kb }, URL: `https://catalog.update.microsoft.com/v7/site/Search.aspx?q=KB${p.kb}`, ProductID: [p.pid], Type: 2, SubType: 'Security Update', ...(p.build ? { FixedBuild: p.build } : {}) })),
      RevisionHistory: [{ Number: '1.0', Date: v.date ?? '2023-07-11T07:00:00', Description: { Value: 'Information published.' } }],
    })),
  });
}

/** A multipart body with one file, as a browser sends it. */
export function multipartFile(name: string, content: string | Buffer, type = 'application/octet-stream'): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----vigil' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
