import { quote, stripFormulaGuard } from './cell-text.ts';
import { ImportFileError } from './import-file-error.ts';
import type { ImportLimits } from './import-limits.ts';

/** What every reader produces: a header and rows keyed by header text. */
export interface TabularData {
  format: 'csv' | 'xlsx';
  header: string[];
  /** Where the header was found (1 unless rows above it were empty). */
  headerRowNumber: number;
  rows: TabularRow[];
}

export interface TabularRow {
  /** The row number the user sees in Excel (the header row is row 1 when it is the first). */
  rowNumber: number;
  cells: Record<string, string>;
}

/** A raw row as a reader found it: cell texts by column position. */
export interface RawRow {
  rowNumber: number;
  values: string[];
}

/** Spreadsheet column letters for messages: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const cleanCell = (v: string) => stripFormulaGuard(v.trim());

/**
 * Turns raw rows into the keyed shape, shared by the CSV and XLSX readers so both apply the
 * same rules: the first non-empty row is the header, wholly empty rows are skipped, blank
 * header cells are allowed only over empty columns, and the size limits hold.
 */
export function toTabular(format: TabularData['format'], raw: RawRow[], limits: ImportLimits): TabularData {
  const first = raw.findIndex((r) => r.values.some((v) => v.trim() !== ''));
  if (first < 0) throw new ImportFileError(422, 'empty_file', 'The file is empty: the first row must contain the column headers.');
  const headerRow = raw[first]!;
  const header = headerRow.values.map(cleanCell);
  while (header.length && header[header.length - 1] === '') header.pop();
  if (header.length > limits.maxColumns) {
    throw new ImportFileError(413, 'too_many_columns', `The file has ${header.length} columns; at most ${limits.maxColumns} are allowed.`);
  }
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h.length > 200) throw new ImportFileError(422, 'bad_header', `The header of column ${columnLetter(i)} is too long to be a column name.`);
    if (h === '') return;
    const prev = seen.get(h);
    if (prev !== undefined) {
      throw new ImportFileError(422, 'bad_header', `The column ${quote(h)} appears twice (columns ${columnLetter(prev)} and ${columnLetter(i)}). Remove one of them.`);
    }
    seen.set(h, i);
  });

  const rows: TabularRow[] = [];
  for (const r of raw.slice(first + 1)) {
    const values = r.values.map(cleanCell);
    if (values.every((v) => v === '')) continue;
    if (rows.length >= limits.maxRows) {
      throw new ImportFileError(413, 'too_many_rows', `The file has more than ${limits.maxRows} data rows. Split it into several files.`);
    }
    // No prototype: a header named "__proto__" must be just another unknown column.
    const cells = Object.create(null) as Record<string, string>;
    values.forEach((v, i) => {
      if (v.length > limits.maxCellChars) {
        throw new ImportFileError(413, 'cell_too_long', `Cell ${columnLetter(i)}${r.rowNumber} is longer than ${limits.maxCellChars} characters.`);
      }
      const h = header[i];
      if (h === undefined || h === '') {
        if (v !== '') {
          throw new ImportFileError(422, 'bad_header', `Cell ${columnLetter(i)}${r.rowNumber} has a value but its column has no header in row ${headerRow.rowNumber}.`);
        }
        return;
      }
      cells[h] = v;
    });
    for (const h of header) if (h !== '' && !(h in cells)) cells[h] = '';
    rows.push({ rowNumber: r.rowNumber, cells });
  }
  return { format, header: header.filter((h) => h !== ''), headerRowNumber: headerRow.rowNumber, rows };
}
