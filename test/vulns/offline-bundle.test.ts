import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { bundleManifest, MANIFEST, readBundle } from '../../server/src/vulns/importers/offline-bundle.ts';
import { zipFiles } from '../../server/src/vulns/importers/zip-writer.ts';
import { KEV_SAMPLE, kevCatalogue, MSRC_JULY, msrcDocument } from './feed-samples.ts';

/** The offline bundle: a ZIP of feed files with a manifest of checksums, read with the zip-bomb guard. */
describe('offline bundle', () => {
  const kev = Buffer.from(kevCatalogue(KEV_SAMPLE));
  const jul = Buffer.from(msrcDocument('2023-Jul', MSRC_JULY));
  const opts = { maxBytes: 10 * 1024 * 1024 };
  const bytes = (e: ReturnType<typeof readBundle>[number]) => ('data' in e ? e.data : null);

  it('round-trips the files it was made from, with the manifest checked and left out', () => {
    const files = [{ name: 'kev.json', data: kev }, { name: 'msrc/2023-Jul.json', data: jul }];
    const zip = zipFiles([{ name: MANIFEST, data: Buffer.from(bundleManifest(files, new Date('2026-11-01T00:00:00Z'))) }, ...files]);
    const out = readBundle(zip, opts);
    assert.deepEqual(out.map((e) => e.name), ['kev.json', 'msrc/2023-Jul.json']);
    assert.ok(bytes(out[0]!)!.equals(kev));
    assert.ok(bytes(out[1]!)!.equals(jul));
  });

  it('refuses a file whose checksum differs, and reports one listed but missing', () => {
    const manifest = JSON.stringify({ files: [
      { name: 'kev.json', sha256: createHash('sha256').update('something else').digest('hex') },
      { name: 'nvd-1.json', sha256: createHash('sha256').update('x').digest('hex') },
    ] });
    const out = readBundle(zipFiles([{ name: MANIFEST, data: Buffer.from(manifest) }, { name: 'kev.json', data: kev }]), opts);
    assert.deepEqual(out, [
      { name: 'kev.json', problem: 'checksum differs from the manifest: the file was damaged or changed in transit' },
      { name: 'nvd-1.json', problem: 'listed in the manifest but missing from the bundle' },
    ]);
  });

  it('works without a manifest, skips dot-files and macOS metadata, and says when nothing is inside', () => {
    const out = readBundle(zipFiles([{ name: '.DS_Store', data: Buffer.from('x') }, { name: '__MACOSX/._kev.json', data: Buffer.from('x') }, { name: 'kev.json', data: kev }]), opts);
    assert.deepEqual(out.map((e) => e.name), ['kev.json']);
    assert.deepEqual(readBundle(zipFiles([{ name: MANIFEST, data: Buffer.from('{"files": []}') }]), opts), [{ name: 'bundle', problem: 'the bundle contains no feed files' }]);
    const bad = readBundle(zipFiles([{ name: MANIFEST, data: Buffer.from('{oops') }, { name: 'kev.json', data: kev }]), opts);
    assert.deepEqual(bad.map((e) => e.name), [MANIFEST, 'kev.json']);
  });

  it('refuses truncated archives, zip bombs and path tricks as one problem, never throwing', () => {
    const zip = zipFiles([{ name: 'kev.json', data: kev }]);
    const cut = readBundle(zip.subarray(0, zip.length - 30), opts);
    assert.equal(cut.length, 1);
    assert.match((cut[0] as { problem: string }).problem, /^offline bundle refused: The archive is damaged/);
    // 200 MB of zeros compresses to ~200 KB: the ratio gives it away before it is inflated.
    const bomb = zipFiles([{ name: 'nvd.json', data: Buffer.alloc(1) }]);
    const packed = deflateRawSync(Buffer.alloc(200 * 1024 * 1024));
    const forged = Buffer.concat([bomb.subarray(0, 30 + 8), packed]);
    assert.equal(readBundle(forged, opts).length, 1);
    const evil = readBundle(zipFiles([{ name: '../../etc/passwd', data: kev }]), opts);
    assert.match((evil[0] as { problem: string }).problem, /invalid name/);
  });
});
