import ExcelJS from 'exceljs';
import { ImportFileError } from './import-file-error.ts';
import type { ImportLimits } from './import-limits.ts';
import { toTabular, type RawRow, type TabularData } from './tabular-data.ts';
import { inspectZip } from './zip-guard.ts';

/**
 * XLSX: the first worksheet, every cell turned into the text the user sees. The zip is
 * checked by `inspectZip` first; only then does exceljs parse it.
 */

const unreadable = () =>
  new ImportFileError(400, 'corrupt_file', 'The Excel file could not be read. Open it in Excel, save it again as .xlsx and retry.');

/** Excel stores dates as numbers; exceljs gives them back as UTC Dates with no time zone meant. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Removes float noise (0.1 + 0.2) without turning integers such as phone numbers into 1e+21 forms. */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The text of one cell value, whatever shape exceljs gives it (rich text, hyperlink, formula, …). */
export function cellText(value: unknown, address: string, depth = 0): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if (!isRecord(value) || depth > 3) return '';
  if (Array.isArray(value.richText)) {
    return value.richText.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  }
  if ('error' in value) {
    throw new ImportFileError(422, 'bad_cell', `Cell ${address} contains the Excel error ${String(value.error)}. Correct it and save the file again.`);
  }
  if ('formula' in value || 'sharedFormula' in value) {
    if (value.result === undefined) {
      throw new ImportFileError(422, 'bad_cell', `Cell ${address} contains a formula without a saved result. Open the file in Excel, save it, and retry.`);
    }
    return cellText(value.result, address, depth + 1);
  }
  if ('hyperlink' in value || 'text' in value) return cellText(value.text, address, depth + 1);
  return '';
}

/** What other office formats look like inside, to name them in the error instead of "corrupt". */
function assertWorkbookParts(names: Set<string>, buf: Buffer): void {
  if (names.has('[Content_Types].xml') && names.has('xl/workbook.xml')) return;
  if (names.has('mimetype') && buf.includes('opendocument.spreadsheet')) {
    throw new ImportFileError(415, 'unsupported_type', 'This is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook (.xlsx) or CSV UTF-8.');
  }
  if (names.has('word/document.xml') || names.has('ppt/presentation.xml')) {
    throw new ImportFileError(415, 'unsupported_type', 'This is a Word or PowerPoint file. Upload the Excel workbook (.xlsx) or a CSV file.');
  }
  throw new ImportFileError(415, 'unsupported_type', 'This zip file is not an Excel workbook. Upload a .xlsx or .csv file.');
}

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
// Cell elements, with or without a namespace prefix (the .NET Open XML SDK writes <x:c>).
const CELL_TAG = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;

function countCells(xml: Buffer): number {
  return xml.toString('latin1').match(CELL_TAG)?.length ?? 0;
}

export async function readXlsx(buf: Buffer, limits: ImportLimits): Promise<TabularData> {
  let cells = 0;
  const entries = inspectZip(buf, limits, (entry, content) => {
    if (WORKSHEET_PART.test(entry.name)) cells += countCells(content);
  });
  assertWorkbookParts(new Set(entries.map((e) => e.name)), buf);
  if (cells > limits.maxXlsxCells) {
    throw new ImportFileError(413, 'too_many_cells', `The workbook holds more than ${limits.maxXlsxCells.toLocaleString('en')} cells (all sheets together). Remove other sheets and empty formatted rows, or split the file.`);
  }

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFileError(422, 'empty_file', 'The workbook has no worksheet.');

  const raw: RawRow[] = [];
  let dataRows = 0;
  ws.eachRow((row, rowNumber) => {
    const values: string[] = [];
    let any = false;
    row.eachCell((cell, col) => {
      if (col > limits.maxColumns + 50) {
        throw new ImportFileError(413, 'too_many_columns', `Row ${rowNumber} has values beyond column ${limits.maxColumns}; at most ${limits.maxColumns} columns are allowed.`);
      }
      const text = cellText(cell.value, cell.address);
      if (text.trim() !== '') any = true;
      values[col - 1] = text;
    });
    if (!any) return;
    // The first row with values is the header; more than maxRows after it is too many.
    if (raw.length > 0 && ++dataRows > limits.maxRows) {
      throw new ImportFileError(413, 'too_many_rows', `The worksheet has more than ${limits.maxRows} data rows. Split it into several files.`);
    }
    raw.push({ rowNumber, values: Array.from(values, (v) => v ?? '') });
  });
  return toTabular('xlsx', raw, limits);
}
