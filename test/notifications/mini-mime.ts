/**
 * Just enough MIME parsing for the e-mail tests (mailparser is not installable here): headers
 * with RFC 2047 encoded words, multipart bodies, base64 / quoted-printable parts.
 */

export interface ParsedPart {
  headers: Map<string, string>;
  body: string;
}

function decodeWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  const out: (string | Buffer)[] = [];
  let last = 0;
  for (const m of joined.matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)) {
    out.push(joined.slice(last, m.index));
    const data = m[3]!;
    out.push(m[2]!.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(joined.slice(last));
  // Concatenate adjacent buffers before decoding: a UTF-8 character may be split across words.
  let s = '';
  let pending: Buffer[] = [];
  for (const p of out) {
    if (Buffer.isBuffer(p)) pending.push(p);
    else {
      if (pending.length) s += Buffer.concat(pending).toString('utf8');
      pending = [];
      s += p;
    }
  }
  if (pending.length) s += Buffer.concat(pending).toString('utf8');
  return s;
}

export function parsePart(raw: string): ParsedPart {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  return { headers, body };
}

function decodeBody(p: ParsedPart): string {
  const enc = (p.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (enc === 'base64') return Buffer.from(p.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = p.body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return p.body;
}

/** The message headers and its decoded text/plain and text/html parts. */
export function parseMail(raw: string): { headers: Map<string, string>; text: string; html: string | null } {
  const top = parsePart(raw);
  const ct = top.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  if (!boundary) return { headers: top.headers, text: decodeBody(top), html: null };
  let text = '';
  let html: string | null = null;
  for (const chunk of top.body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = parsePart(chunk.replace(/^\r\n/, ''));
    const pct = part.headers.get('content-type') ?? '';
    if (pct.startsWith('text/plain')) text = decodeBody(part).replace(/\r\n$/, '');
    if (pct.startsWith('text/html')) html = decodeBody(part);
  }
  return { headers: top.headers, text, html };
}
