/**
 * The offline bundle: a ZIP of feed files (KEV JSON, NVD pages, MSRC CVRF documents, CSAF
 * advisories) made on a machine with internet and carried to a server without it. Read with the
 * same zip-bomb guard as spreadsheet uploads (central directory checked, every entry inflated
 * with a hard cap). An optional `manifest.json` ({"files": [{"name", "sha256"}]}) lets the
 * receiving side prove each file arrived intact; a file whose checksum differs is refused.
 * Pure (no I/O).
 */
import { createHash } from 'node:crypto';
import { ImportFileError } from '../../importing/import-file-error.ts';
import { withDefaults } from '../../importing/import-limits.ts';
import { inspectZip } from '../../importing/zip-guard.ts';
import { isObj } from './feed-input.ts';

export type BundleEntry = { name: string; data: Buffer } | { name: string; problem: string };

export const MANIFEST = 'manifest.json';
const MAX_FILES = 500;

/** Entries of a bundle, in name order; directories, dot-files and the manifest itself are left out. */
export function readBundle(zip: Buffer, opts: { maxBytes: number }): BundleEntry[] {
  const contents = new Map<string, Buffer>();
  try {
    inspectZip(zip, withDefaults({ maxFileBytes: opts.maxBytes, maxUncompressedBytes: opts.maxBytes * 4, maxZipEntries: MAX_FILES + 1 }), (e, content) => {
      if (!e.name.endsWith('/')) contents.set(e.name, content);
    });
  } catch (e) {
    // The guard's wording is about spreadsheets; the reason after it is what matters here.
    if (e instanceof ImportFileError) return [{ name: 'bundle', problem: `offline bundle refused: ${e.message.replace(/The Excel file/g, 'The archive')}` }];
    throw e;
  }
  const manifest = readManifest(contents.get(MANIFEST));
  const out: BundleEntry[] = [];
  if (manifest && 'problem' in manifest) out.push({ name: MANIFEST, problem: manifest.problem });
  const sums = manifest && !('problem' in manifest) ? manifest.sums : null;
  for (const name of [...contents.keys()].sort()) {
    if (name === MANIFEST) continue;
    const base = name.split('/').pop()!;
    if (base.startsWith('.') || name.startsWith('__MACOSX/')) continue;
    const data = contents.get(name)!;
    const want = sums?.get(name);
    if (want && createHash('sha256').update(data).digest('hex') !== want) {
      out.push({ name, problem: 'checksum differs from the manifest: the file was damaged or changed in transit' });
      continue;
    }
    out.push({ name, data });
  }
  if (sums) for (const name of sums.keys()) if (!contents.has(name)) out.push({ name, problem: 'listed in the manifest but missing from the bundle' });
  if (out.length === 0) return [{ name: 'bundle', problem: 'the bundle contains no feed files' }];
  return out;
}

function readManifest(buf: Buffer | undefined): { sums: Map<string, string> } | { problem: string } | null {
  if (!buf) return null;
  try {
    const doc = JSON.parse(buf.toString('utf8')) as unknown;
    if (!isObj(doc) || !Array.isArray(doc.files)) return { problem: 'manifest.json must hold {"files": [{"name", "sha256"}]}' };
    const sums = new Map<string, string>();
    for (const f of doc.files.slice(0, MAX_FILES)) {
      if (isObj(f) && typeof f.name === 'string' && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(f.sha256)) sums.set(f.name, f.sha256.toLowerCase());
    }
    return { sums };
  } catch {
    return { problem: 'manifest.json is not valid JSON; files imported without checksums' };
  }
}

/** The manifest for a set of files (used by `vigil vulns bundle`). */
export function bundleManifest(files: { name: string; data: Buffer }[], createdAt: Date): string {
  return JSON.stringify({
    format: 'vigil-feed-bundle/1',
    createdAt: createdAt.toISOString(),
    files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') })),
  }, null, 2);
}
