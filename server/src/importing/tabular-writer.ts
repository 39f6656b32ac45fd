import ExcelJS from 'exceljs';
import { neutraliseFormula } from './cell-text.ts';
import type { ColumnSpec } from './column-spec.ts';

/**
 * Writes exports and templates. Every cell goes through `neutraliseFormula`, so a value such
 * as "=HYPERLINK(…)" or "+84 903…" typed into the registry cannot run as a formula when the
 * export is opened; the importer strips that apostrophe again.
 */

export interface Sheet {
  name: string;
  header: string[];
  rows: string[][];
}

const UTF8_BOM = '\uFEFF';

function csvField(value: string): string {
  const v = neutraliseFormula(value);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with a BOM (so Excel reads Vietnamese as UTF-8), comma-separated, CRLF line ends. */
export function writeCsv(sheet: Sheet): Buffer {
  const lines = [sheet.header, ...sheet.rows].map((r) => r.map(csvField).join(','));
  return Buffer.from(UTF8_BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

function addSheet(wb: ExcelJS.Workbook, sheet: Sheet): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.header.map((h, i) => {
    const longest = Math.max(h.length, ...sheet.rows.slice(0, 500).map((r) => Math.min((r[i] ?? '').length, 80)));
    // Text format on the whole column: numbers typed later (phones with a leading 0) stay text.
    return { header: neutraliseFormula(h), width: Math.min(Math.max(longest + 2, 10), 60), style: { numFmt: '@' } };
  });
  for (const r of sheet.rows) ws.addRow(r.map(neutraliseFormula));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  return ws;
}

export async function writeXlsx(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Vigil';
  for (const s of sheets) addSheet(wb, s);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The "Hướng dẫn" (guide) sheet: one line per column, then the general rules. */
export function guideSheet(columns: readonly ColumnSpec[]): Sheet {
  const rows = columns.map((c) => [
    c.header,
    c.required ? 'Có' : 'Không',
    c.aliases[0] ?? '',
    c.help,
    c.allowed ?? '',
    c.example ?? '',
  ]);
  const notes = [
    'Dòng 1 của trang tính đầu tiên là tiêu đề cột; mỗi dòng tiếp theo là một bản ghi. Thứ tự cột không quan trọng, có thể bỏ các cột không bắt buộc.',
    'Tiêu đề cột có thể viết tiếng Việt (có hoặc không dấu) hoặc tên tiếng Anh; cột không nhận ra sẽ bị báo lỗi.',
    'Bản ghi đã có (cùng mã/khóa nhận biết) sẽ được cập nhật; ô trống xóa giá trị cũ, cột không có trong tệp giữ nguyên giá trị cũ.',
    'Nếu có bất kỳ dòng lỗi nào thì không dòng nào được ghi; báo cáo liệt kê mọi dòng lỗi kèm số dòng và cột.',
    'Tệp CSV phải lưu dạng "CSV UTF-8"; có thể phân cách bằng dấu phẩy, chấm phẩy hoặc tab.',
  ];
  return {
    name: 'Hướng dẫn',
    header: ['Cột', 'Bắt buộc', 'Tên tiếng Anh', 'Mô tả', 'Giá trị hợp lệ', 'Ví dụ'],
    rows: [...rows, [], ...notes.map((n) => ['Lưu ý', '', '', n, '', ''])],
  };
}
