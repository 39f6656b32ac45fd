/**
 * Text of a stored snapshot for people to read: decoded with the page's own charset (the
 * Content-Type header, a byte-order mark, or a <meta> charset near the top), falling back to
 * UTF-8; never throws, whatever the bytes.
 */
function label(raw: string | undefined | null): string | null {
  const l = (raw ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!l || l.length > 40) return null;
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

export function sniffCharset(bytes: Uint8Array, contentType: string | null | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const fromHeader = label(/charset\s*=\s*([^;,\s]+)/i.exec(contentType ?? '')?.[1]);
  if (fromHeader) return fromHeader;
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const meta = /<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})/i.exec(head);
  return label(meta?.[1]) ?? 'utf-8';
}

export function decodeText(bytes: Uint8Array, contentType: string | null | undefined, maxChars = Number.MAX_SAFE_INTEGER): { text: string; charset: string; truncated: boolean } {
  const charset = sniffCharset(bytes, contentType);
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: false }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  }
  // NUL and other C0 controls (except tab, newlines) shown as U+FFFD: they are never content.
  text = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');
  const truncated = text.length > maxChars;
  return { text: truncated ? text.slice(0, maxChars) : text, charset, truncated };
}
