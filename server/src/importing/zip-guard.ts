import { inflateRawSync } from 'node:zlib';
import { ImportFileError } from './import-file-error.ts';
import { megabytes, type ImportLimits } from './import-limits.ts';

/**
 * Checks an XLSX (a ZIP archive) before any XML parser sees it. Spreadsheet libraries inflate
 * every entry in memory and trust the sizes the archive declares, so a few kilobytes can
 * expand to gigabytes (a zip bomb). We read the central directory ourselves, refuse anything
 * unusual, and then inflate each entry with a hard output cap equal to its declared size, so
 * an archive that lies about its sizes is caught too. Cost: one extra bounded decompression.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Start of the local file header. */
  localOffset: number;
  /** Start and end of the compressed data. */
  dataStart: number;
  dataEnd: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const EOCD_SIZE = 22;
// Entries smaller than this cannot do damage whatever their ratio (tiny XML parts compress well).
const RATIO_FLOOR_BYTES = 1024 * 1024;

const corrupt = (detail: string) =>
  new ImportFileError(400, 'corrupt_file', `The Excel file is damaged or incomplete (${detail}). Open it in Excel and save it again as .xlsx.`);

const bomb = (detail: string) =>
  new ImportFileError(413, 'zip_bomb', `The Excel file was refused: ${detail}. A normal registry workbook is much smaller; save it again from Excel.`);

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record sits at the very end, possibly followed by a comment of up to 65,535 bytes.
  const lowest = Math.max(0, buf.length - EOCD_SIZE - 0xffff);
  for (let i = buf.length - EOCD_SIZE; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) return i;
  }
  throw corrupt('no zip directory found; the file may be truncated');
}

/**
 * Checks the archive and returns its entries. `onContent` sees each entry's decompressed
 * bytes (already inflated for the size check), so callers can inspect parts without
 * decompressing them a second time.
 */
export function inspectZip(buf: Buffer, limits: ImportLimits, onContent?: (entry: ZipEntry, content: Buffer) => void): ZipEntry[] {
  if (buf.length < EOCD_SIZE) throw corrupt('too short');
  const eocd = findEndOfCentralDirectory(buf);
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const entriesOnDisk = buf.readUInt16LE(eocd + 8);
  const totalEntries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (totalEntries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new ImportFileError(415, 'unsupported_type', 'The Excel file uses the ZIP64 format, which is not supported. Save it again from Excel as .xlsx.');
  }
  if (disk !== 0 || cdDisk !== 0 || entriesOnDisk !== totalEntries) throw corrupt('split or multi-part archive');
  if (totalEntries === 0) throw corrupt('the archive is empty');
  if (totalEntries > limits.maxZipEntries) {
    throw bomb(`it contains ${totalEntries} internal parts (at most ${limits.maxZipEntries} are allowed)`);
  }
  if (cdOffset + cdSize > eocd) throw corrupt('directory points outside the file');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let totalUncompressed = 0;
  let p = cdOffset;
  const cdEnd = cdOffset + cdSize;
  for (let i = 0; i < totalEntries; i++) {
    if (p + 46 > cdEnd || buf.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt('directory entry is malformed');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cdEnd) throw corrupt('directory entry is malformed');
    const name = buf.toString(flags & 0x0800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    // Bit 0: encrypted; bit 6: strong encryption. Excel encrypts differently (see the reader),
    // so this is an archive made by some other tool: refuse rather than guess.
    if (flags & 0x0041) {
      throw new ImportFileError(415, 'encrypted', 'The file contains encrypted parts. Remove the password in Excel and save it again.');
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      throw new ImportFileError(415, 'unsupported_type', `The Excel file uses an unsupported compression method (${method}). Save it again from Excel.`);
    }
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new ImportFileError(415, 'unsupported_type', 'The Excel file uses the ZIP64 format, which is not supported. Save it again from Excel as .xlsx.');
    }
    if (!name || name.includes('\0') || name.includes('\\') || name.startsWith('/') || name.split('/').includes('..')) {
      throw corrupt('an internal part has an invalid name');
    }
    if (names.has(name)) throw corrupt(`the part ${name} appears twice`);
    names.add(name);
    if (method === METHOD_STORED && compressedSize !== uncompressedSize) throw corrupt('stored part sizes disagree');

    totalUncompressed += uncompressedSize;
    if (totalUncompressed > limits.maxUncompressedBytes) {
      throw bomb(`its contents would expand to more than ${megabytes(limits.maxUncompressedBytes)}`);
    }
    if (uncompressedSize > RATIO_FLOOR_BYTES && uncompressedSize / Math.max(compressedSize, 1) > limits.maxCompressionRatio) {
      throw bomb(`the part ${name} is compressed more than ${limits.maxCompressionRatio} times, which is typical of a zip bomb`);
    }

    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== SIG_LOCAL) throw corrupt('a part header is missing');
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > cdOffset) throw corrupt('a part runs past the end of the data');
    entries.push({ name, method, compressedSize, uncompressedSize, localOffset, dataStart, dataEnd });
  }
  if (p !== cdEnd) throw corrupt('directory size mismatch');

  // Several directory entries sharing one compressed stream is the "overlapping files" bomb.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i]!.localOffset < byOffset[i - 1]!.dataEnd) throw bomb('its internal parts overlap');
  }

  for (const e of entries) {
    const content = inflateBounded(buf, e);
    onContent?.(e, content);
  }
  return entries;
}

/** Inflates one entry with its declared size as a hard cap: a lying header cannot blow up memory. */
function inflateBounded(buf: Buffer, e: ZipEntry): Buffer {
  if (e.method === METHOD_STORED) return buf.subarray(e.dataStart, e.dataEnd);
  let out: Buffer;
  try {
    out = inflateRawSync(buf.subarray(e.dataStart, e.dataEnd), { maxOutputLength: Math.max(e.uncompressedSize, 1) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw bomb(`the part ${e.name} expands beyond the size it declares`);
    }
    throw corrupt(`the part ${e.name} cannot be decompressed`);
  }
  if (out.length !== e.uncompressedSize) throw corrupt(`the part ${e.name} has the wrong size`);
  return out;
}
