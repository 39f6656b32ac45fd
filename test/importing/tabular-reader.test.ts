import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { ImportFileError } from '../../server/src/importing/import-file-error.ts';
import { readTabular } from '../../server/src/importing/tabular-reader.ts';
import { csv, xlsx } from './import-fixtures.ts';

/** Reading files: encodings, delimiters, Excel cell types, row numbers, limits. No database. */

const read = (data: Buffer, filename = 'upload.csv', limits = {}) => readTabular({ data, filename }, limits);

async function rejects(p: Promise<unknown>, status: number, code: string, text?: RegExp): Promise<ImportFileError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ImportFileError, `expected ImportFileError, got ${String(err)}`);
    assert.equal(err.status, status, err.message);
    assert.equal(err.code, code, err.message);
    if (text) assert.match(err.message, text);
    return err;
  }
  assert.fail('expected the read to fail');
}

const HEADER = ['Tên hệ thống', 'Mã cơ quan chủ quản', 'Cấp độ'];
const ROWS = [['Cổng dịch vụ công tỉnh Đồng Nai', 'STTTT-DNA', 'Cấp 3'], ['Hệ thống thư điện tử công vụ', 'SYT-DNA', '2']];

describe('CSV reading', () => {
  for (const [label, opts] of [
    ['UTF-8 without BOM', {}],
    ['UTF-8 with BOM', { bom: true }],
    ['UTF-16LE with BOM', { encoding: 'utf16le' }],
    ['UTF-16BE with BOM', { encoding: 'utf16be' }],
    ['semicolon-delimited', { delimiter: ';', bom: true }],
    ['tab-delimited UTF-16 (Excel "Unicode Text")', { delimiter: '\t', encoding: 'utf16le' }],
  ] as const) {
    it(`reads ${label}`, async () => {
      const t = await read(csv(HEADER, ROWS, opts));
      assert.equal(t.format, 'csv');
      assert.deepEqual(t.header, HEADER);
      assert.equal(t.rows.length, 2);
      assert.equal(t.rows[0]!.rowNumber, 2);
      assert.equal(t.rows[0]!.cells['Tên hệ thống'], 'Cổng dịch vụ công tỉnh Đồng Nai');
      assert.equal(t.rows[1]!.cells['Cấp độ'], '2');
    });
  }

  it('refuses Windows-1258 text with instructions to save as CSV UTF-8', async () => {
    // "Tên hệ thống" in Windows-1258: ê = 0xEA, combining dot below = 0xF2, ô = 0xF4, combining acute = 0xEC.
    const cp1258 = Buffer.from([0x54, 0xea, 0x6e, 0x20, 0x68, 0xea, 0xf2, 0x20, 0x74, 0x68, 0xf4, 0xec, 0x6e, 0x67, 0x0d, 0x0a, 0x41, 0x0d, 0x0a]);
    await rejects(read(cp1258), 422, 'not_utf8', /not UTF-8.*CSV UTF-8/);
  });

  it('refuses TCVN3 (ABC) text', async () => {
    // "Hệ thống" in TCVN3: ệ = 0xD6, ố = 0xE8 — single bytes that are invalid UTF-8 sequences.
    await rejects(read(Buffer.from([0x48, 0xd6, 0x20, 0x74, 0x68, 0xe8, 0x6e, 0x67, 0x0a])), 422, 'not_utf8');
  });

  it('numbers rows as Excel does: blank lines and multi-line cells count as one row each', async () => {
    const text = 'Tên hệ thống,Mô tả\r\n\r\nA,"dòng 1\r\ndòng 2"\r\n,\r\nB,x\r\n';
    const t = await read(Buffer.from(text));
    assert.deepEqual(t.rows.map((r) => r.rowNumber), [3, 5]);
    assert.equal(t.rows[0]!.cells['Mô tả'], 'dòng 1\r\ndòng 2');
  });

  it('honours an Excel "sep=;" line and keeps the header as row 1', async () => {
    const t = await read(Buffer.from('sep=;\nTên hệ thống;Mô tả\nA;x,y\n'));
    assert.deepEqual(t.header, ['Tên hệ thống', 'Mô tả']);
    assert.equal(t.rows[0]!.rowNumber, 2);
    assert.equal(t.rows[0]!.cells['Mô tả'], 'x,y');
  });

  it('strips the formula guard apostrophe it adds on export, and only that one', async () => {
    const t = await read(csv(['Tên', 'Điện thoại', 'Ghi chú'], [["'=SUM(A1)", "'+84 903 123 456", "'trích dẫn'"]]));
    assert.deepEqual({ ...t.rows[0]!.cells }, { Tên: '=SUM(A1)', 'Điện thoại': '+84 903 123 456', 'Ghi chú': "'trích dẫn'" });
  });

  it('reports an unclosed quote with its line', async () => {
    await rejects(read(Buffer.from('Tên,Mô tả\nA,"không đóng\nB,x\n')), 422, 'bad_csv', /line \d+.*never closed/);
  });

  it('refuses values under a column without header, and repeated headers', async () => {
    await rejects(read(Buffer.from('Tên,,Mô tả\nA,lạc,x\n')), 422, 'bad_header', /B2/);
    await rejects(read(Buffer.from('Tên,Tên\nA,B\n')), 422, 'bad_header', /appears twice/);
    // Empty trailing columns, as Excel leaves them, are fine.
    assert.deepEqual((await read(Buffer.from('Tên,,\nA,,\n'))).header, ['Tên']);
  });

  it('does not let a "__proto__" header touch object prototypes', async () => {
    const t = await read(Buffer.from('__proto__,Tên\n{"polluted":1},A\n'));
    assert.equal(t.rows[0]!.cells['__proto__'], '{"polluted":1}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('limits', () => {
  it('refuses a 50 MB upload under the default limit, and respects a given limit', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
    await rejects(read(big), 413, 'file_too_large', /50 MB/);
    await rejects(read(csv(HEADER, ROWS), 'x.csv', { maxFileBytes: 64 }), 413, 'file_too_large');
    // Raised far enough, the same 50 MB are read (and found to be one giant cell).
    await rejects(read(big, 'x.csv', { maxFileBytes: 60 * 1024 * 1024 }), 413, 'cell_too_long');
  });

  it('limits rows, columns and cell length', async () => {
    const many = Array.from({ length: 11 }, (_, i) => [`HT ${i}`, 'A', '1']);
    await rejects(read(csv(HEADER, many), 'x.csv', { maxRows: 10 }), 413, 'too_many_rows');
    assert.equal((await read(csv(HEADER, many.slice(0, 10)), 'x.csv', { maxRows: 10 })).rows.length, 10);
    await rejects(read(csv(HEADER, ROWS), 'x.csv', { maxColumns: 2 }), 413, 'too_many_columns');
    await rejects(read(csv(HEADER, [['x'.repeat(101), 'A', '1']]), 'x.csv', { maxCellChars: 100 }), 413, 'cell_too_long', /A2/);
  });

  it('stops quickly on millions of blank lines or separators instead of parsing them', async () => {
    const started = Date.now();
    await rejects(read(Buffer.from('Tên\n' + '\n'.repeat(5_000_000) + 'A\n')), 413, 'too_many_rows');
    await rejects(read(Buffer.from('Tên,Mô tả\nA,"x"' + ','.repeat(5_000_000))), 413, 'too_many_columns');
    // A stray quote inside an unquoted cell is text, so it cannot hide the separators after it.
    await rejects(read(Buffer.from('Tên,Mô tả\nA,5" màn hình' + ','.repeat(5_000_000))), 413, 'too_many_columns');
    assert.ok(Date.now() - started < 5000, 'hostile shapes must be refused before parsing');
    // Some empty rows below the data, as Excel leaves them, are fine.
    const t = await read(Buffer.from('Tên\nA\n' + ',\n'.repeat(500) + 'B\n'));
    assert.deepEqual(t.rows.map((r) => r.rowNumber), [2, 503]);
  });
});

describe('binary and unsupported files', () => {
  it('refuses a non-zip binary, a PDF and an old .xls by their content', async () => {
    await rejects(read(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), 415, 'unsupported_type');
    await rejects(read(Buffer.from('%PDF-1.7\n...'), 'danh-sach.csv'), 415, 'unsupported_type', /PDF/);
    await rejects(read(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'danh-sach.xls'), 415, 'unsupported_type', /\.xls/);
  });

  it('goes by content, not name: a CSV named .txt is read, text named .xlsx is refused', async () => {
    assert.equal((await read(csv(HEADER, ROWS), 'danh-sach.txt')).format, 'csv');
    await rejects(read(csv(HEADER, ROWS), 'danh-sach.xlsx'), 400, 'corrupt_file');
  });

  it('refuses an empty file', async () => {
    await rejects(read(Buffer.alloc(0)), 422, 'empty_file');
    await rejects(read(Buffer.from('\r\n\r\n')), 422, 'empty_file');
  });
});

describe('XLSX reading', () => {
  it('reads the first worksheet and turns every kind of cell into text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hệ thống');
    ws.addRow(['Tên', 'Số', 'Ngày', 'Liên kết', 'Định dạng', 'Công thức', 'Đúng sai', 'Ngày giờ']);
    ws.addRow([
      'Cổng thông tin', 84903123456, new Date(Date.UTC(2026, 7, 29)), { text: 'Trang chủ', hyperlink: 'https://dongnai.gov.vn' },
      { richText: [{ text: 'Sở ' }, { text: 'Y tế', font: { bold: true } }] }, { formula: '1+2', result: 3 }, true,
      new Date(Date.UTC(2026, 7, 29, 8, 30)),
    ]);
    ws.addRow([]);
    ws.addRow(['Dòng 4', 0.1 + 0.2]);
    wb.addWorksheet('Khác').addRow(['không đọc']);
    const t = await read(Buffer.from(await wb.xlsx.writeBuffer()), 'ds.xlsx');
    assert.equal(t.format, 'xlsx');
    assert.deepEqual({ ...t.rows[0]!.cells }, {
      Tên: 'Cổng thông tin', Số: '84903123456', Ngày: '2026-08-29', 'Liên kết': 'Trang chủ', 'Định dạng': 'Sở Y tế',
      'Công thức': '3', 'Đúng sai': 'true', 'Ngày giờ': '2026-08-29T08:30:00',
    });
    assert.equal(t.rows[1]!.rowNumber, 4);
    assert.equal(t.rows[1]!.cells['Số'], '0.3');
  });

  it('names the cell holding an Excel error value', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('A');
    ws.addRow(['Tên', 'Cấp độ']);
    ws.addRow(['A', { error: '#N/A' }]);
    await rejects(read(Buffer.from(await wb.xlsx.writeBuffer())), 422, 'bad_cell', /B2.*#N\/A/);
  });

  it('refuses a truncated or damaged workbook as corrupt', async () => {
    const good = await xlsx(HEADER, ROWS);
    await rejects(read(good.subarray(0, Math.floor(good.length / 2)), 'ds.xlsx'), 400, 'corrupt_file');
    // Scramble the compressed bytes of the first part; the directory stays intact.
    const broken = Buffer.from(good);
    for (let i = 60; i < 200; i++) broken[i] = broken[i]! ^ 0x5a;
    await rejects(read(broken, 'ds.xlsx'), 400, 'corrupt_file');
  });
});
