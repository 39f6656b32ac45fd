/**
 * CISA Known Exploited Vulnerabilities catalogue (JSON) → Advisory[]. Pure: text/bytes in,
 * records out. Every KEV entry is exploited by definition.
 */
import type { Advisory, ImportResult } from '../advisory.ts';
import {
  arr, checkCve, compact, cwesFrom, extractUrls, FeedError, guard, isObj, parseJsonFeed, str,
  type FeedInput, type ImportOptions, type Skipped,
} from './feed-input.ts';

export function importKev(input: FeedInput, opts: ImportOptions = {}): ImportResult {
  return guard(() => kevFromJson(parseJsonFeed(input, opts)));
}

/** The catalogue already parsed from JSON. */
export function kevFromJson(doc: unknown): ImportResult {
  return guard(() => {
    if (!isObj(doc) || !Array.isArray(doc.vulnerabilities)) {
      throw new FeedError('not a KEV catalogue: no "vulnerabilities" array');
    }
    const records: Advisory[] = [];
    const skipped: Skipped = [];
    const seen = new Map<string, number>();
    doc.vulnerabilities.forEach((v, i) => {
      if (!isObj(v)) return skipped.push({ index: i, reason: 'entry is not an object' });
      const id = checkCve(v.cveID);
      if ('reason' in id) return skipped.push({ index: i, reason: id.reason });
      const rec = kevRecord(id.cve, v);
      const prev = seen.get(id.cve);
      if (prev !== undefined) {
        skipped.push({ index: i, reason: `duplicate ${id.cve} (kept the first entry)` });
        return;
      }
      seen.set(id.cve, records.length);
      records.push(rec);
    });
    const count = typeof doc.count === 'number' ? doc.count : undefined;
    if (count !== undefined && count !== doc.vulnerabilities.length) {
      skipped.push({ index: 'file', reason: `count says ${count} but the file has ${doc.vulnerabilities.length} entries` });
    }
    return {
      records,
      skipped,
      meta: compact({
        source: 'kev',
        title: str(doc.title),
        catalogVersion: str(doc.catalogVersion),
        dateReleased: str(doc.dateReleased),
        count: count ?? doc.vulnerabilities.length,
      }),
    };
  });
}

function kevRecord(cve: string, v: Record<string, unknown>): Advisory {
  const ransom = str(v.knownRansomwareCampaignUse)?.toLowerCase();
  return compact<Advisory>({
    cve,
    vendor: str(v.vendorProject),
    product: str(v.product),
    title: str(v.vulnerabilityName),
    description: str(v.shortDescription),
    exploited: true,
    kevDateAdded: date(v.dateAdded),
    kevDueDate: date(v.dueDate),
    knownRansomware: ransom === 'known' ? true : ransom === 'unknown' ? false : undefined,
    cwes: cwesFrom(arr(v.cwes)),
    references: extractUrls(str(v.notes)),
    sources: ['kev'],
  });
}

function date(v: unknown): string | undefined {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : undefined;
}
