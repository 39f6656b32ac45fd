/**
 * Microsoft MSRC CVRF monthly documents → Advisory per CVE. Reads both the CVRF 1.1 XML form
 * (cvrfDocument-2023-Jul.xml) and the MSRC API's JSON form of the same document. The XML is
 * first turned into the JSON shape (`ProductTree.FullProductName[{ProductID, Value}]`,
 * `Vulnerability[{CVE, Title{Value}, Threats, Remediations, CVSSScoreSets, ...}]`), then one
 * converter handles both. Pure.
 *
 * XML safety: any DOCTYPE is refused (so no entity definitions, no XXE, no billion laughs);
 * htmlparser2 in xmlMode only decodes the five predefined entities and numeric references.
 * Elements cut off by truncation are detected (never closed) and their records are skipped.
 */
import { Parser } from 'htmlparser2';
import type { AffectedProduct, Advisory, ImportResult, Severity } from '../advisory.ts';
import {
  arr, checkCve, compact, decodeFeed, FeedError, guard, isObj, maxSeverity, num, parseJsonFeed, str,
  toSeverity, uniq, type FeedInput, type ImportOptions, type Skipped,
} from './feed-input.ts';

type J = Record<string, unknown>;

export function importMsrcXml(input: FeedInput, opts: ImportOptions = {}): ImportResult {
  return guard(() => {
    const text = decodeFeed(input, opts);
    const { doc, skipped } = cvrfXmlToJson(text);
    const r = msrcFromJson(doc);
    return { ...r, skipped: [...skipped, ...r.skipped] };
  });
}

export function importMsrcJson(input: FeedInput, opts: ImportOptions = {}): ImportResult {
  return guard(() => msrcFromJson(parseJsonFeed(input, opts)));
}

export function looksLikeMsrcJson(doc: unknown): boolean {
  return isObj(doc) && Array.isArray(doc.Vulnerability) && (isObj(doc.ProductTree) || isObj(doc.DocumentTracking));
}

// ---------------------------------------------------------------------------------------------
// XML → JSON shape

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
  closed: boolean;
}

const local = (n: string) => n.slice(n.indexOf(':') + 1);

function parseXml(text: string): { root: El | undefined; wellFormed: boolean } {
  const head = text.slice(0, 65536);
  if (/<!DOCTYPE/i.test(head) || /<!ENTITY/i.test(head)) {
    throw new FeedError('XML DOCTYPE/entity declarations are refused');
  }
  const top: El = { name: '#document', attrs: {}, children: [], text: '', closed: false };
  const stack: El[] = [top];
  let refused = false;
  let wellFormed = true;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: El = { name: local(name), attrs, children: [], text: '', closed: false };
        stack[stack.length - 1]!.children.push(el);
        stack.push(el);
      },
      ontext(t) {
        if (stack.length > 1) stack[stack.length - 1]!.text += t;
      },
      onclosetag(_name, isImplied) {
        const el = stack.pop();
        if (!el || stack.length === 0) {
          wellFormed = false;
          if (el) stack.push(el);
          return;
        }
        // self-closing tags are reported as implied closes: tell them apart by the source text
        const end = parser.endIndex;
        if (!isImplied || (text[end] === '>' && text[end - 1] === '/')) el.closed = true;
        else wellFormed = false;
      },
      onprocessinginstruction(name) {
        if (name.toLowerCase().startsWith('!doctype') || name.toLowerCase().startsWith('!entity')) refused = true;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  if (refused) throw new FeedError('XML DOCTYPE/entity declarations are refused');
  const root = top.children.find((c) => c.children.length || c.text);
  return { root, wellFormed: wellFormed && !!root?.closed };
}

const kids = (e: El | undefined, name: string) => (e ? e.children.filter((c) => c.name === name) : []);
const kid = (e: El | undefined, name: string) => e?.children.find((c) => c.name === name);
const txt = (e: El | undefined) => (e ? e.text.trim() : undefined);
const ids = (e: El | undefined) => kids(e, 'ProductID').map((p) => p.text.trim()).filter(Boolean);

function allNamed(e: El, name: string, out: El[] = []): El[] {
  for (const c of e.children) {
    if (c.name === name) out.push(c);
    else allNamed(c, name, out);
  }
  return out;
}

export function cvrfXmlToJson(text: string): { doc: J; skipped: Skipped } {
  const t = text.trimStart();
  if (!t.startsWith('<')) throw new FeedError('not an XML document');
  const { root, wellFormed } = parseXml(text);
  if (!root || root.name !== 'cvrfdoc') throw new FeedError('not a CVRF document (no cvrfdoc root element)');
  const skipped: Skipped = [];
  if (!wellFormed) skipped.push({ index: 'file', reason: 'XML is truncated or not well-formed; incomplete elements were skipped' });
  const tracking = kid(root, 'DocumentTracking');
  const tree = kid(root, 'ProductTree');
  const products = tree
    ? allNamed(tree, 'FullProductName').map((p) => ({ ProductID: p.attrs.ProductID, Value: txt(p), closed: p.closed }))
    : [];
  const vulns: J[] = [];
  kids(root, 'Vulnerability').forEach((v, i) => {
    if (!v.closed) {
      skipped.push({ index: i, reason: `Vulnerability element ${txt(kid(v, 'CVE')) ?? ''} is incomplete (truncated)`.replace('  ', ' ') });
      return;
    }
    vulns.push({
      Title: { Value: txt(kid(v, 'Title')) },
      CVE: txt(kid(v, 'CVE')),
      Notes: kids(kid(v, 'Notes'), 'Note').map((n) => ({ Title: n.attrs.Title, Type: n.attrs.Type, Value: txt(n) })),
      ProductStatuses: kids(kid(v, 'ProductStatuses'), 'Status').map((s) => ({ Type: s.attrs.Type, ProductID: ids(s) })),
      Threats: kids(kid(v, 'Threats'), 'Threat').map((th) => ({
        Type: th.attrs.Type,
        Description: { Value: txt(kid(th, 'Description')) },
        ProductID: ids(th),
      })),
      CVSSScoreSets: kids(kid(v, 'CVSSScoreSets'), 'ScoreSet').map((s) => ({
        BaseScore: txt(kid(s, 'BaseScore')),
        Vector: txt(kid(s, 'Vector')),
        ProductID: ids(s),
      })),
      Remediations: kids(kid(v, 'Remediations'), 'Remediation').map((r) => ({
        Type: r.attrs.Type,
        Description: { Value: txt(kid(r, 'Description')) },
        URL: txt(kid(r, 'URL')),
        Supercedence: txt(kid(r, 'Supercedence')),
        SubType: txt(kid(r, 'SubType')),
        FixedBuild: txt(kid(r, 'FixedBuild')),
        ProductID: ids(r),
      })),
      RevisionHistory: kids(kid(v, 'RevisionHistory'), 'Revision').map((r) => ({
        Number: txt(kid(r, 'Number')),
        Date: txt(kid(r, 'Date')),
      })),
    });
  });
  const doc: J = {
    DocumentTitle: { Value: txt(kid(root, 'DocumentTitle')) },
    DocumentTracking: {
      Identification: { ID: { Value: txt(kid(kid(tracking, 'Identification'), 'ID')) } },
      InitialReleaseDate: txt(kid(tracking, 'InitialReleaseDate')),
      CurrentReleaseDate: txt(kid(tracking, 'CurrentReleaseDate')),
    },
    ProductTree: { FullProductName: products.filter((p) => p.closed) },
    Vulnerability: vulns,
  };
  return { doc, skipped };
}

// ---------------------------------------------------------------------------------------------
// JSON shape → Advisory

/** `x` or `x.Value` (the API wraps many strings as `{Value}`). */
const val = (x: unknown): string | undefined => (isObj(x) ? str(x.Value) : str(x));

/** CVRF enumerations: the XML writes names, the MSRC JSON writes numbers. */
const THREAT = { impact: ['Impact', 0], exploit: ['Exploit Status', 1], severity: ['Severity', 3] } as const;
const isType = (t: unknown, [name, n]: readonly [string, number]) => t === n || (typeof t === 'string' && t.toLowerCase() === name.toLowerCase());
const VENDOR_FIX = ['Vendor Fix', 2] as const;
const KNOWN_AFFECTED = ['Known Affected', 3] as const;

const KB_RE = /^(?:KB)?(\d{6,8})$/i;

export function msrcFromJson(doc: unknown): ImportResult {
  return guard(() => {
    if (!looksLikeMsrcJson(doc) || !isObj(doc)) throw new FeedError('not an MSRC CVRF document (no Vulnerability array)');
    const names = new Map<string, string>();
    collectProducts(doc.ProductTree, names);
    const records: Advisory[] = [];
    const skipped: Skipped = [];
    const seen = new Set<string>();
    arr(doc.Vulnerability).forEach((v, i) => {
      if (!isObj(v)) return skipped.push({ index: i, reason: 'Vulnerability is not an object' });
      const id = checkCve(val(v.CVE));
      if ('reason' in id) return skipped.push({ index: i, reason: id.reason });
      if (seen.has(id.cve)) return skipped.push({ index: i, reason: `duplicate ${id.cve} (kept the first)` });
      seen.add(id.cve);
      records.push(msrcRecord(id.cve, v, names, skipped));
    });
    const tracking = isObj(doc.DocumentTracking) ? doc.DocumentTracking : {};
    const ident = isObj(tracking.Identification) ? tracking.Identification : {};
    return {
      records,
      skipped,
      meta: compact({
        source: 'msrc',
        documentId: val(ident.ID),
        title: val(doc.DocumentTitle),
        initialReleaseDate: str(tracking.InitialReleaseDate),
        currentReleaseDate: str(tracking.CurrentReleaseDate),
        productCount: names.size,
        count: arr(doc.Vulnerability).length,
      }),
    };
  });
}

/** FullProductName lists at any depth of the ProductTree (top level and inside Branch/Items). */
function collectProducts(node: unknown, out: Map<string, string>, depth = 0): void {
  if (depth > 20) return;
  if (Array.isArray(node)) {
    for (const n of node) collectProducts(n, out, depth + 1);
    return;
  }
  if (!isObj(node)) return;
  const pid = str(node.ProductID);
  const name = val(node.Value);
  if (pid && name && !Array.isArray(node.ProductID)) out.set(pid, name);
  for (const k of ['FullProductName', 'Branch', 'Items']) if (k in node) collectProducts(node[k], out, depth + 1);
}

function msrcRecord(cve: string, v: J, names: Map<string, string>, skipped: Skipped): Advisory {
  const unknown = new Set<string>();
  const known = (pid: string) => {
    if (names.has(pid)) return true;
    unknown.add(pid);
    return false;
  };
  const pids = (x: J) => arr(x.ProductID).map(str).filter((p): p is string => !!p);

  const affected: string[] = [];
  for (const s of arr(v.ProductStatuses).filter(isObj)) if (isType(s.Type, KNOWN_AFFECTED)) affected.push(...pids(s));
  const fixes = new Map<string, { kbs: string[]; fixedBuild?: string }>();
  const refs: string[] = [`https://msrc.microsoft.com/update-guide/vulnerability/${cve}`];
  for (const r of arr(v.Remediations).filter(isObj)) {
    if (!isType(r.Type, VENDOR_FIX)) continue;
    const kb = KB_RE.exec(val(r.Description) ?? '')?.[1];
    const build = str(r.FixedBuild);
    const url = str(r.URL);
    if (url && /^https?:\/\//.test(url)) refs.push(url);
    for (const pid of pids(r)) {
      affected.push(pid);
      const f = fixes.get(pid) ?? { kbs: [] };
      if (kb && !f.kbs.includes(kb)) f.kbs.push(kb);
      if (build && !f.fixedBuild) f.fixedBuild = build;
      fixes.set(pid, f);
    }
  }

  let severity: Severity | undefined;
  let exploited = false;
  for (const t of arr(v.Threats).filter(isObj)) {
    pids(t).forEach(known);
    const d = val(t.Description);
    if (isType(t.Type, THREAT.severity)) severity = maxSeverity(severity, toSeverity(d));
    if (isType(t.Type, THREAT.exploit) && d && /(^|;)\s*Exploited:\s*Yes/i.test(d)) exploited = true;
  }
  let cvssScore: number | undefined;
  let cvssVector: string | undefined;
  for (const s of arr(v.CVSSScoreSets).filter(isObj)) {
    pids(s).forEach(known);
    const score = num(s.BaseScore);
    if (score === undefined || score < 0 || score > 10) continue;
    if (cvssScore === undefined || score > cvssScore) {
      cvssScore = score;
      cvssVector = str(s.Vector);
    }
  }

  const products: AffectedProduct[] = [];
  for (const pid of uniq(affected)) {
    if (!known(pid)) continue;
    const f = fixes.get(pid);
    products.push(compact<AffectedProduct>({
      productId: pid,
      name: names.get(pid)!,
      vendor: 'Microsoft',
      fixedBuild: f?.fixedBuild,
      kbs: f?.kbs.length ? [...f.kbs] : undefined,
    }));
  }
  for (const pid of unknown) skipped.push({ index: cve, reason: `unknown ProductID ${pid} (not in the ProductTree)` });

  const notes = arr(v.Notes).filter(isObj);
  const descNote = notes.find((n) => n.Title === 'Description' || n.Type === 'Description');
  const tag = notes.find((n) => n.Type === 'Tag' || n.Type === 7);
  const dates = arr(v.RevisionHistory).filter(isObj).map((r) => str(r.Date)).filter((d): d is string => !!d).sort();
  return compact<Advisory>({
    cve,
    title: val(v.Title),
    description: descNote ? stripHtml(val(descNote.Value)) : undefined,
    vendor: 'Microsoft',
    product: tag ? val(tag.Value) : undefined,
    cvssScore,
    cvssVector,
    severity,
    exploited: exploited || undefined,
    publishedAt: dates[0],
    modifiedAt: dates[dates.length - 1],
    products,
    references: uniq(refs),
    sources: ['msrc'],
  });
}

function stripHtml(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = s.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
  return t || undefined;
}
