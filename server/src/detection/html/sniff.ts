/**
 * Is this body HTML at all? Defacers and broken deployments leave images, archives, empty
 * files and plain text where the home page was; those are not parsed as HTML.
 */

export type BodyKind = 'html' | 'empty' | 'binary' | 'text';

const MAGIC: number[][] = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0x50, 0x4b, 0x03, 0x04], // ZIP / office
  [0x1f, 0x8b], // gzip
  [0x52, 0x49, 0x46, 0x46], // RIFF (webp, avi)
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // PE
];

export function sniffBody(bytes: Uint8Array, text: string): BodyKind {
  if (bytes.length === 0 || text.trim().length === 0) return 'empty';
  for (const m of MAGIC) {
    if (bytes.length >= m.length && m.every((b, i) => bytes[i] === b)) {
      // "GIF89a;" before a PHP/HTML payload is a classic polyglot trick: look further.
      if (m[0] === 0x47 && text.slice(0, 2048).includes('<')) break;
      return 'binary';
    }
  }
  const n = Math.min(bytes.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) ctrl++;
  }
  // Compressed or encrypted data has ~10 % control bytes and, read as UTF-8, is mostly U+FFFD;
  // text (TCVN3 included, which puts a few capitals in C0) has far fewer of either.
  if (ctrl > n * 0.05) return 'binary';
  const sample = text.slice(0, 8192);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  if (bad > sample.length * 0.1 && !/<(html|body|head|title|div|p)[\s>]/i.test(sample)) return 'binary';
  const head = text.slice(0, 65_536).toLowerCase();
  if (/<(html|head|body|title|div|p|a|script|meta|table|center|h[1-6]|img|font|span|br|style|iframe|!doctype)[\s>/]/.test(head)) return 'html';
  return 'text';
}
