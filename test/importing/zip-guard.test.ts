import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { ImportFileError } from '../../server/src/importing/import-file-error.ts';
import { readTabular } from '../../server/src/importing/tabular-reader.ts';
import { xlsx } from './import-fixtures.ts';
import { buildZip, deflated, patchUncompressedSize, workbookParts, type RawEntry } from './zip-builder.ts';

/**
 * Hostile XLSX files. Each must be refused with a clear error before exceljs inflates
 * anything, and quickly: none of these may allocate what the archive claims.
 */

const MB = 1024 * 1024;

async function refused(data: Buffer, status: number, code: string, limits = {}): Promise<string> {
  const started = Date.now();
  try {
    await readTabular({ data, filename: 'danh-sach.xlsx' }, limits);
  } catch (err) {
    assert.ok(err instanceof ImportFileError, `expected ImportFileError, got ${String(err)}`);
    assert.equal(err.status, status, err.message);
    assert.equal(err.code, code, err.message);
    assert.ok(Date.now() - started < 10_000, 'refusal must be quick');
    return err.message;
  }
  assert.fail('the archive should have been refused');
}

/** A tiny deflate stream that expands to `size` zero bytes. */
const zeros = (size: number) => deflateRawSync(Buffer.alloc(size), { level: 9 });

describe('zip bombs and odd archives', () => {
  it('refuses an archive whose parts would expand beyond the size limit', async () => {
    const stream = zeros(60 * MB);
    assert.ok(stream.length < 100 * 1024, 'the bomb itself is small');
    const bomb = buildZip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', stored: stream, method: 8, uncompressedSize: 60 * MB }]);
    assert.match(await refused(bomb, 413, 'zip_bomb'), /50 MB/);
  });

  it('refuses a part compressed more than 100 times even under the size limit', async () => {
    const bomb = buildZip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', stored: zeros(20 * MB), method: 8, uncompressedSize: 20 * MB }]);
    assert.match(await refused(bomb, 413, 'zip_bomb'), /compressed more than 100 times/);
  });

  it('catches a part that lies about its size: inflation stops at the declared size', async () => {
    const liar: RawEntry = { name: 'xl/worksheets/sheet1.xml', stored: zeros(40 * MB), method: 8, uncompressedSize: 2000 };
    assert.match(await refused(buildZip([...workbookParts(), liar]), 413, 'zip_bomb'), /beyond the size it declares/);
  });

  it('refuses a real workbook whose directory was patched to claim a huge sheet', async () => {
    const good = await xlsx(['Tên hệ thống'], [['Cổng dịch vụ công']]);
    await refused(patchUncompressedSize(good, 'xl/worksheets/sheet1.xml', 3_000_000_000), 413, 'zip_bomb');
    // Claiming less than the truth is caught as well (the inflated size must match exactly).
    await refused(patchUncompressedSize(good, 'xl/worksheets/sheet1.xml', 10), 413, 'zip_bomb');
  });

  it('refuses overlapping entries (many names sharing one compressed stream)', async () => {
    const parts = workbookParts();
    const shared = deflated('xl/worksheets/sheet1.xml', Buffer.alloc(512 * 1024, 0x41));
    const copies: RawEntry[] = Array.from({ length: 50 }, (_, i) => ({ ...shared, name: `xl/media/copy${i}.bin`, sameDataAs: parts.length }));
    await refused(buildZip([...parts, shared, ...copies]), 413, 'zip_bomb');
  });

  it('refuses too many entries', async () => {
    const many = Array.from({ length: 30 }, (_, i) => deflated(`xl/part${i}.xml`, Buffer.from('<x/>')));
    await refused(buildZip([...workbookParts(), ...many]), 413, 'zip_bomb', { maxZipEntries: 20 });
  });

  it('refuses encrypted entries, unknown compression and path tricks', async () => {
    const sheet = deflated('xl/worksheets/sheet1.xml', Buffer.from('<worksheet/>'));
    await refused(buildZip([...workbookParts(), { ...sheet, flags: 1 }]), 415, 'encrypted');
    await refused(buildZip([...workbookParts(), { ...sheet, method: 12 as 8 }]), 415, 'unsupported_type');
    await refused(buildZip([...workbookParts(), { ...sheet, name: '../../etc/passwd' }]), 400, 'corrupt_file');
    await refused(buildZip([...workbookParts(), sheet, { ...sheet }]), 400, 'corrupt_file');
  });

  it('says so when the zip is some other office document', async () => {
    const docx = buildZip([deflated('[Content_Types].xml', Buffer.from('<Types/>')), deflated('word/document.xml', Buffer.from('<w:document/>'))]);
    assert.match(await refused(docx, 415, 'unsupported_type'), /Word/);
    const ods = buildZip([{ name: 'mimetype', stored: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') }, deflated('content.xml', Buffer.from('<x/>'))]);
    assert.match(await refused(ods, 415, 'unsupported_type'), /\.ods/);
  });

  it('refuses a zip with a valid directory but garbage instead of XML', async () => {
    const junk = buildZip([...workbookParts(), deflated('xl/worksheets/sheet1.xml', Buffer.from('\u0000\u0001 not xml at all <<<'))]);
    await refused(junk, 400, 'corrupt_file');
  });

  it('bounds memory by counting cells before the spreadsheet library loads them', async () => {
    // A small upload can hold millions of cells; the library would hold each in memory.
    const rows = Array.from({ length: 100 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * 10 + j));
    const book = await xlsx(Array.from({ length: 10 }, (_, j) => `Cột ${j}`), rows);
    assert.match(await refused(book, 413, 'too_many_cells', { maxXlsxCells: 1000 }), /more than 1,000 cells/);
    assert.equal((await readTabular({ data: book, filename: 'a.xlsx' }, { maxXlsxCells: 1010 })).rows.length, 100);
  });

  it('accepts an ordinary workbook', async () => {
    const t = await readTabular({ data: await xlsx(['Tên hệ thống'], [['Cổng dịch vụ công']]), filename: 'a.xlsx' });
    assert.equal(t.rows[0]!.cells['Tên hệ thống'], 'Cổng dịch vụ công');
  });
});
