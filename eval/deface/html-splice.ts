/**
 * Byte-faithful editing of real pages: plants are spliced into the page's own markup without
 * re-serialising it, so everything not planted stays exactly as the site served it (a parser
 * round-trip would change whitespace, attribute quoting and entities and make every plant look
 * like a redesign).
 */
import type { Rand } from './spam-lexicon.ts';
import { pick } from './spam-lexicon.ts';

export interface SplicePage {
  /** The page as a string; latin1-decoded when the bytes are not UTF-8 so bytes round-trip. */
  html: string;
  utf8: boolean;
}

export type Position = 'head-start' | 'head-end' | 'body-start' | 'inside-block' | 'footer' | 'body-end' | 'after-html';

export const POSITIONS: Position[] = ['head-start', 'head-end', 'body-start', 'inside-block', 'footer', 'body-end', 'after-html'];

// ignoreBOM keeps a leading BOM in the string, so the page's bytes round-trip unchanged.
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function openPage(bytes: Uint8Array): SplicePage {
  try {
    return { html: fatal.decode(bytes), utf8: true };
  } catch {
    return { html: Buffer.from(bytes).toString('latin1'), utf8: false };
  }
}

export function closePage(p: SplicePage): Uint8Array {
  return p.utf8 ? new TextEncoder().encode(p.html) : new Uint8Array(Buffer.from(p.html, 'latin1'));
}

/**
 * Text to splice, in the page's encoding: a single-byte page cannot hold Vietnamese or Chinese,
 * and kits then emit numeric entities, which is what this does.
 */
export function inPageEncoding(p: SplicePage, s: string): string {
  if (p.utf8) return s;
  return s.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`);
}

function firstMatch(html: string, re: RegExp): { index: number; end: number } | null {
  const m = re.exec(html);
  return m ? { index: m.index, end: m.index + m[0].length } : null;
}

/**
 * Spans whose content is not markup: script / style / textarea / template / noscript bodies and
 * comments. A plant spliced in there would be inert text (e.g. inside a cookie banner's
 * `<script type="text/template">`), so positions skip them.
 */
function rawRanges(html: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /<!--|<(script|style|textarea|template|noscript)\b[^>]*>/gi;
  for (let m = re.exec(html); m && out.length < 50_000; m = re.exec(html)) {
    const close = m[0] === '<!--' ? /-->/g : new RegExp(`</${m[1]}`, 'gi');
    close.lastIndex = re.lastIndex;
    const end = close.exec(html);
    const stop = end ? end.index + end[0].length : html.length;
    out.push([m.index, stop]);
    re.lastIndex = stop;
  }
  return out;
}

function outside(ranges: [number, number][], i: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (i <= a) hi = mid - 1;
    else if (i >= b) lo = mid + 1;
    else return false;
  }
  return true;
}

function lastIndexOfTag(html: string, re: RegExp, raw: [number, number][]): number {
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (outside(raw, m.index)) last = m.index;
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  return last;
}

function insertAtIndex(html: string, i: number, s: string): string {
  return html.slice(0, i) + s + html.slice(i);
}

/** Where a position falls in this page, falling back sensibly when the markup lacks the tag. */
export function positionIndex(html: string, pos: Position, r: Rand): number {
  const head = firstMatch(html, /<head\b[^>]*>/i);
  const headEnd = firstMatch(html, /<\/head\s*>/i);
  const body = firstMatch(html, /<body\b[^>]*>/i);
  const raw = rawRanges(html);
  const bodyEnd = lastIndexOfTag(html, /<\/body\s*>/gi, raw);
  const htmlEnd = lastIndexOfTag(html, /<\/html\s*>/gi, raw);
  switch (pos) {
    case 'head-start':
      return head ? head.end : headEnd ? headEnd.index : 0;
    case 'head-end':
      return headEnd ? headEnd.index : head ? head.end : 0;
    case 'body-start':
      return body ? body.end : headEnd ? headEnd.end : 0;
    case 'footer': {
      const f = lastIndexOfTag(html, /<\/footer\s*>/gi, raw);
      if (f >= 0) return f;
      return bodyEnd >= 0 ? bodyEnd : htmlEnd >= 0 ? htmlEnd : html.length;
    }
    case 'body-end':
      return bodyEnd >= 0 ? bodyEnd : htmlEnd >= 0 ? htmlEnd : html.length;
    case 'after-html':
      return html.length;
    case 'inside-block': {
      const from = body ? body.end : 0;
      const to = bodyEnd >= 0 ? bodyEnd : html.length;
      const re = /<\/(?:p|li|div|td|section|article|span)\s*>/gi;
      re.lastIndex = from;
      const hits: number[] = [];
      for (let m = re.exec(html); m && m.index < to && hits.length < 20000; m = re.exec(html)) if (outside(raw, m.index)) hits.push(m.index + m[0].length);
      return hits.length ? pick(r, hits) : to;
    }
  }
}

/** Ends of `</li>` tags that are real markup (not inside a script template or comment). */
export function listItemEnds(html: string): number[] {
  const raw = rawRanges(html);
  return [...html.matchAll(/<\/li\s*>/gi)].filter((m) => outside(raw, m.index!)).map((m) => m.index! + m[0].length);
}

export function insertAt(p: SplicePage, pos: Position, snippet: string, r: Rand): void {
  p.html = insertAtIndex(p.html, positionIndex(p.html, pos, r), inPageEncoding(p, snippet));
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function replaceTitle(p: SplicePage, title: string, r: Rand): void {
  const t = inPageEncoding(p, escapeHtml(title));
  const m = /<title\b[^>]*>[\s\S]{0,4000}?<\/title\s*>/i.exec(p.html);
  if (m) p.html = p.html.slice(0, m.index) + `<title>${t}</title>` + p.html.slice(m.index + m[0].length);
  else insertAt(p, 'head-start', `<title>${escapeHtml(title)}</title>`, r);
}

/** Sets (replacing when present) a <meta name=…> tag. */
export function setMeta(p: SplicePage, name: string, content: string, r: Rand): void {
  const tag = `<meta name="${name}" content="${inPageEncoding(p, escapeHtml(content))}">`;
  const re = new RegExp(`<meta\\b[^>]{0,400}?name\\s*=\\s*["']?${name}["']?[^>]{0,2000}>`, 'i');
  const m = re.exec(p.html);
  if (m) p.html = p.html.slice(0, m.index) + tag + p.html.slice(m.index + m[0].length);
  else p.html = insertAtIndex(p.html, positionIndex(p.html, pick(r, ['head-start', 'head-end'] as const), r), tag);
}

/** Sets (replacing when present) a <link rel=…> tag, e.g. canonical or amphtml. */
export function setLinkRel(p: SplicePage, rel: string, href: string, r: Rand): void {
  const tag = `<link rel="${rel}" href="${escapeHtml(href)}">`;
  const re = new RegExp(`<link\\b[^>]{0,400}?rel\\s*=\\s*["']?${rel}["']?[^>]{0,2000}>`, 'i');
  const m = re.exec(p.html);
  if (m) p.html = p.html.slice(0, m.index) + tag + p.html.slice(m.index + m[0].length);
  else p.html = insertAtIndex(p.html, positionIndex(p.html, pick(r, ['head-start', 'head-end'] as const), r), tag);
}
