/**
 * Which feed is this text, and import it with the right importer. Pure.
 */
import type { ImportResult } from '../advisory.ts';
import { csafFromJson, looksLikeCsaf } from './csaf.importer.ts';
import { decodeFeed, FeedError, fileFailure, guard, isObj, parseJsonFeed, type FeedInput, type ImportOptions } from './feed-input.ts';
import { kevFromJson } from './kev.importer.ts';
import { importMsrcXml, looksLikeMsrcJson, msrcFromJson } from './msrc-cvrf.importer.ts';
import { looksLikeNvd, nvdFromJson } from './nvd.importer.ts';

export type FeedKind = 'kev' | 'nvd' | 'msrc-xml' | 'msrc-json' | 'csaf';

function looksLikeKev(doc: unknown): boolean {
  if (!isObj(doc) || !Array.isArray(doc.vulnerabilities)) return false;
  const first = doc.vulnerabilities[0];
  return 'catalogVersion' in doc || (isObj(first) && 'cveID' in first);
}

function kindOfParsed(doc: unknown): Exclude<FeedKind, 'msrc-xml'> | null {
  if (looksLikeKev(doc)) return 'kev';
  if (looksLikeCsaf(doc)) return 'csaf';
  if (looksLikeMsrcJson(doc)) return 'msrc-json';
  if (looksLikeNvd(doc)) return 'nvd';
  return null;
}

function isCvrfXml(text: string): boolean {
  const head = text.slice(0, 8192);
  return /<(?:[A-Za-z_][\w.-]*:)?cvrfdoc[\s>]/.test(head) || head.includes('icasi.org/CVRF');
}

/** The kind of feed in `text` (string or bytes), or null when it is none we know or unreadable. */
export function detectFeed(text: FeedInput): FeedKind | null {
  try {
    const t = decodeFeed(text).trimStart();
    if (t.startsWith('<')) return isCvrfXml(t) ? 'msrc-xml' : null;
    if (!t.startsWith('{')) return null;
    return kindOfParsed(JSON.parse(t));
  } catch {
    return null;
  }
}

/** Detect and import. Never throws; an unknown or unreadable file is one `file` skip. */
export function importFeed(text: FeedInput, opts: ImportOptions = {}): ImportResult & { kind: FeedKind | null } {
  let kind: FeedKind | null = null;
  const result = guard(() => {
    const s = decodeFeed(text, opts);
    const t = s.trimStart();
    if (t.startsWith('<')) {
      if (!isCvrfXml(t)) throw new FeedError('XML document that is not an MSRC CVRF document');
      kind = 'msrc-xml';
      return importMsrcXml(s, opts);
    }
    const doc = parseJsonFeed(s, opts);
    kind = kindOfParsed(doc);
    switch (kind) {
      case 'kev': return kevFromJson(doc);
      case 'nvd': return nvdFromJson(doc);
      case 'msrc-json': return msrcFromJson(doc);
      case 'csaf': return csafFromJson(doc);
      default: return fileFailure('unknown feed format (not KEV, NVD 2.0, MSRC CVRF or CSAF 2.0)');
    }
  });
  return { ...result, kind };
}
