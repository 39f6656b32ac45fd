import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP writer for hostile test archives: it writes whatever sizes and flags it is
 * told, so tests can build archives that lie about their contents.
 */

export interface RawEntry {
  name: string;
  /** The bytes stored in the archive (already compressed when method is 8). */
  stored: Buffer;
  method?: 0 | 8;
  /** Declared sizes; default to the truth. */
  uncompressedSize?: number;
  compressedSize?: number;
  crc?: number;
  flags?: number;
  /** Point this directory entry at another entry's local header (overlapping-files bomb). */
  sameDataAs?: number;
}

export function deflated(name: string, content: Buffer): RawEntry {
  return { name, stored: deflateRawSync(content, { level: 9 }), method: 8, uncompressedSize: content.length, crc: crc32(content) };
}

export function buildZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((e) => {
    if (e.sameDataAs !== undefined) {
      offsets.push(offsets[e.sameDataAs]!);
      return;
    }
    const name = Buffer.from(e.name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(e.flags ?? 0, 6);
    h.writeUInt16LE(e.method ?? 0, 8);
    h.writeUInt32LE(e.crc ?? 0, 14);
    h.writeUInt32LE(e.compressedSize ?? e.stored.length, 18);
    h.writeUInt32LE(e.uncompressedSize ?? e.stored.length, 22);
    h.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    const part = Buffer.concat([h, name, e.stored]);
    locals.push(part);
    offset += part.length;
  });
  const centrals = entries.map((e, i) => {
    const name = Buffer.from(e.name, 'utf8');
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(e.flags ?? 0, 8);
    c.writeUInt16LE(e.method ?? 0, 10);
    c.writeUInt32LE(e.crc ?? 0, 16);
    c.writeUInt32LE(e.compressedSize ?? e.stored.length, 20);
    c.writeUInt32LE(e.uncompressedSize ?? e.stored.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offsets[i]!, 42);
    return Buffer.concat([c, name]);
  });
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The minimal parts that make an archive look like a workbook to the reader's first check. */
export function workbookParts(): RawEntry[] {
  return [
    deflated('[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')),
    deflated('xl/workbook.xml', Buffer.from('<?xml version="1.0"?><workbook/>')),
  ];
}

/** Finds a directory entry in a real archive and overwrites its declared uncompressed size. */
export function patchUncompressedSize(zip: Buffer, entryName: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let p = 0; p < out.length - 46; p++) {
    if (out.readUInt32LE(p) !== 0x02014b50) continue;
    const len = out.readUInt16LE(p + 28);
    if (out.toString('utf8', p + 46, p + 46 + len) === entryName) {
      out.writeUInt32LE(size, p + 24);
      return out;
    }
  }
  throw new Error(`no entry ${entryName}`);
}
