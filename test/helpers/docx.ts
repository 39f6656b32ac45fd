import { inspectZip } from '../../server/src/importing/zip-guard.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../server/src/importing/import-limits.ts';

/** The parts of an Office (OOXML) file by name, read with the import's own bounded zip reader. */
export function zipParts(buf: Buffer): Map<string, string> {
  const parts = new Map<string, string>();
  inspectZip(buf, DEFAULT_IMPORT_LIMITS, (entry, content) => parts.set(entry.name, content.toString('utf8')));
  return parts;
}

/**
 * A strict-enough XML well-formedness check for generated documents: every tag closes in
 * order, attributes are quoted, and text holds no raw `<` or stray `&`. Returns the first
 * problem, or null.
 */
export function xmlProblem(xml: string): string | null {
  const body = xml.replace(/^\uFEFF?<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = token.exec(body))) {
    pos = token.lastIndex;
    if (m[6]) return `malformed tag at ${m.index}: ${body.slice(m.index, m.index + 60)}`;
    if (m[5] !== undefined) {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[5])) return `stray & at ${m.index}`;
      continue;
    }
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) return `</${name}> does not close the open element at ${m.index}`;
    } else if (!selfClose) stack.push(name!);
  }
  if (pos < body.length) return `unreadable at ${pos}`;
  return stack.length ? `unclosed <${stack.at(-1)}>` : null;
}

/**
 * The visible text of a WordprocessingML part, one line per paragraph (runs joined, `<w:tab/>` as
 * a tab, `<w:br/>` as a newline, entities decoded), so tests can look for phrases that the
 * generator split over several runs.
 */
export function documentText(xml: string): string {
  const decode = (s: string) => s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : e === 'amp' ? '&'
      : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1))));
  const paragraphs = xml.match(/<w:p[\s>][\s\S]*?<\/w:p>/g) ?? [];
  return paragraphs.map((p) => {
    let line = '';
    for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)) {
      line += m[1] !== undefined ? decode(m[1]) : m[0] === '<w:tab/>' ? '\t' : '\n';
    }
    return line;
  }).join('\n');
}
