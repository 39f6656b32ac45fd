import { parse } from 'csv-parse/sync';
import { ImportFileError } from './import-file-error.ts';
import type { ImportLimits } from './import-limits.ts';
import { toTabular, type RawRow, type TabularData } from './tabular-data.ts';

/**
 * CSV as Vietnamese offices produce it: Excel's "CSV UTF-8" (UTF-8 with BOM), plain UTF-8,
 * Excel's "Unicode Text" (UTF-16 with BOM), separated by commas, or by semicolons where the
 * regional settings use a decimal comma, or by tabs. Legacy encodings (Windows-1258, TCVN3/ABC,
 * VNI) cannot be told apart reliably and would silently garble names, so they are refused
 * with instructions instead of guessed.
 */

const NOT_UTF8 =
  "The file is not UTF-8 text; it was probably saved in an older encoding such as Windows-1258 or TCVN3. " +
  "In Excel use File › Save As › 'CSV UTF-8 (Comma delimited)', or upload the .xlsx file instead.";

export function decodeText(buf: Buffer): string {
  try {
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(3));
    if (buf[0] === 0xff && buf[1] === 0xfe) return decodeUtf16(buf.subarray(2), 'le');
    if (buf[0] === 0xfe && buf[1] === 0xff) return decodeUtf16(buf.subarray(2), 'be');
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(422, 'not_utf8', NOT_UTF8);
  }
}

function decodeUtf16(body: Buffer, order: 'le' | 'be'): string {
  if (body.length % 2 !== 0) throw new ImportFileError(422, 'not_utf8', 'The UTF-16 text file is truncated (odd number of bytes).');
  // Swap to little-endian ourselves: UTF-16BE decoding depends on how Node was built (ICU).
  const le = order === 'le' ? body : Buffer.from(body).swap16();
  return new TextDecoder('utf-16le', { fatal: true }).decode(le);
}

/** Picks the separator that occurs most often in the header line, outside quotes. */
export function detectDelimiter(firstLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed (look for a stray " character)',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by other characters',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'rows have different numbers of columns',
};

/**
 * One quick pass over the text before the real parser: the parser spends time per record and
 * per field, so a hostile file of millions of newlines or delimiters could keep it busy for a
 * long time. Counting unquoted separators is cheap and bounds both. Blank records count too,
 * with some slack, since Excel leaves empty rows (",,,,") below the data.
 */
function precheckShape(text: string, delimiter: string, limits: ImportLimits): void {
  const maxRecords = limits.maxRows * 2 + 1000;
  const maxFields = limits.maxColumns + 50;
  const sep = delimiter.charCodeAt(0);
  let quoted = false;
  let fieldStart = true;
  let records = 1;
  let fields = 1;
  // Same quoting rules as the parser with relax_quotes: a quote opens a quoted value only at
  // the start of a field, "" inside one is an escaped quote, elsewhere a quote is just text.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      }
    } else if (c === 34 && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === sep) {
      fieldStart = true;
      if (++fields > maxFields) {
        throw new ImportFileError(413, 'too_many_columns', `Row ${records} has more than ${maxFields} columns; at most ${limits.maxColumns} are allowed.`);
      }
    } else if (c === 10 || c === 13) {
      fieldStart = true;
      if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
      fields = 1;
      if (++records > maxRecords) {
        throw new ImportFileError(413, 'too_many_rows', `The file has more than ${maxRecords} rows (counting empty ones). Remove empty rows or split the file.`);
      }
    } else {
      fieldStart = false;
    }
  }
}

export function readCsv(buf: Buffer, limits: ImportLimits): TabularData {
  let text = decodeText(buf);
  if (text.includes('\u0000')) {
    throw new ImportFileError(415, 'unsupported_type', 'This is not a text (CSV) file. Upload a .csv or .xlsx file.');
  }
  // Excel honours a first line "sep=;" and hides it; do the same so row numbers still match.
  let delimiter: string | undefined;
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep) {
    delimiter = sep[1];
    text = text.slice(sep[0].length);
  }
  delimiter ??= detectDelimiter(text.slice(0, text.search(/\r|\n|$/)));

  precheckShape(text, delimiter, limits);
  const raw: RawRow[] = [];
  let rowNumber = 0;
  let dataRows = 0;
  try {
    parse(text, {
      delimiter,
      bom: false,
      relax_column_count: true,
      // Excel writes unquoted cells containing a quote (Sở "A") without escaping; accept them.
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: limits.maxCellChars * 4 + 1024,
      on_record: (record: string[]) => {
        rowNumber++;
        // Empty rows are dropped here, not kept: a file of blank lines must not fill memory.
        if (record.every((v) => v.trim() === '')) return null;
        if (raw.length > 0 && ++dataRows > limits.maxRows) {
          throw new ImportFileError(413, 'too_many_rows', `The file has more than ${limits.maxRows} data rows. Split it into several files.`);
        }
        raw.push({ rowNumber, values: record });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      throw new ImportFileError(413, 'cell_too_long', `A value near line ${e.lines ?? '?'} is longer than ${limits.maxCellChars} characters.`);
    }
    const what = (e.code && CSV_PROBLEMS[e.code]) ?? 'the text is not valid CSV';
    throw new ImportFileError(422, 'bad_csv', `The CSV file cannot be read near line ${e.lines ?? '?'}: ${what}.`);
  }
  return toTabular('csv', raw, limits);
}
