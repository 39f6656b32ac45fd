import { readCsv } from './csv-reader.ts';
import { ImportFileError } from './import-file-error.ts';
import { megabytes, withDefaults, type ImportLimits } from './import-limits.ts';
import type { TabularData } from './tabular-data.ts';
import { readXlsx } from './xlsx-reader.ts';

export type { TabularData, TabularRow } from './tabular-data.ts';

export interface UploadedFile {
  data: Buffer;
  filename: string;
  mimetype?: string;
}

/** Binary formats people upload by mistake, recognised so the error can say what to do. */
const KNOWN_BINARIES: { magic: number[]; message: string }[] = [
  {
    // OLE2 compound file: Excel 97-2003 .xls, and also any password-protected .xlsx.
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message: 'This is an old Excel 97-2003 workbook (.xls) or a password-protected workbook. In Excel remove any password and save as Excel Workbook (.xlsx) or CSV UTF-8.',
  },
  { magic: [0x25, 0x50, 0x44, 0x46], message: 'This is a PDF document. Upload the Excel workbook (.xlsx) or a CSV file instead.' },
  { magic: [0x1f, 0x8b], message: 'This is a gzip archive. Upload the Excel workbook (.xlsx) or a CSV file itself.' },
  { magic: [0x52, 0x61, 0x72, 0x21], message: 'This is a RAR archive. Upload the Excel workbook (.xlsx) or a CSV file itself.' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], message: 'This is a 7-Zip archive. Upload the Excel workbook (.xlsx) or a CSV file itself.' },
];

const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

function claimsXlsx(file: UploadedFile): boolean {
  return /\.xlsx$/i.test(file.filename) || (file.mimetype ?? '').includes('spreadsheetml');
}

/** A text file with a UTF-16 byte-order mark legitimately contains NUL bytes. */
function hasUtf16Bom(buf: Buffer): boolean {
  return (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
}

/**
 * Reads an uploaded CSV or XLSX file into rows. The format comes from the content (a zip
 * signature means XLSX), not the name, because files get renamed and browsers guess mime
 * types; the name only sharpens error messages. Throws `ImportFileError` for anything it
 * cannot or will not read.
 */
export async function readTabular(file: UploadedFile, limitsIn: Partial<ImportLimits> = {}): Promise<TabularData> {
  const limits = withDefaults(limitsIn);
  const buf = file.data;
  if (buf.length > limits.maxFileBytes) {
    throw new ImportFileError(413, 'file_too_large', `The file (${megabytes(buf.length)}) is over the limit of ${megabytes(limits.maxFileBytes)} per import. Split it into several files.`);
  }
  if (buf.length === 0) throw new ImportFileError(422, 'empty_file', 'The file is empty.');

  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    return readXlsx(buf, limits);
  }
  for (const k of KNOWN_BINARIES) {
    if (startsWith(buf, k.magic)) throw new ImportFileError(415, 'unsupported_type', k.message);
  }
  if (claimsXlsx(file)) {
    throw new ImportFileError(400, 'corrupt_file', 'The file is named as an Excel workbook (.xlsx) but its content is not one. Open it in Excel and save it again as .xlsx.');
  }
  // NUL bytes do not occur in text (other than UTF-16): this is some other binary file.
  if (!hasUtf16Bom(buf) && buf.subarray(0, 8192).includes(0)) {
    throw new ImportFileError(415, 'unsupported_type', 'This is not a CSV or Excel file. Upload a .xlsx file or a CSV saved as "CSV UTF-8".');
  }
  return readCsv(buf, limits);
}
