/**
 * One streaming pass with htmlparser2 over the decoded page. A stack of open elements carries
 * each element's hidden-ness so a link knows whether any ancestor hides it. The pass stops
 * (and says why) at the element, depth, text or time caps.
 */
import { Parser } from 'htmlparser2';
import { scanStyleSheet, styleHides, type HiddenSelectors } from './css-hidden.ts';
import { LIMITS } from './limits.ts';

export interface RawLink { href: string; text: string; hidden: boolean; rel: string }

export interface RawPage {
  title: string;
  metaDescription: string;
  metaKeywords: string;
  ogUrl: string;
  canonical: string | null;
  amphtml: string | null;
  baseHref: string | null;
  htmlLang: string;
  metaRefresh: string[];
  blocks: string[];
  /** Text only a crawler sees (inside hidden elements). */
  hiddenText: string;
  links: RawLink[];
  scripts: string[];
  /** Indexes (into scripts) of external scripts outside <html> (before it or after </html>). */
  oddScripts: number[];
  inlineScripts: string[];
  /** Markup kept in non-JavaScript script blocks (text/template, text/html…): inserted into the page at run time. */
  templates: string[];
  /** Script-bearing attributes (onload=…, href="javascript:…"). */
  handlerScripts: string[];
  iframes: { src: string; hidden: boolean; tiny: boolean }[];
  structure: string[];
  elements: number;
  maxDepth: number;
  textChars: number;
  limited: string | null;
}

const BLOCK = new Set(['p', 'div', 'li', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'nav', 'ul', 'ol', 'table', 'tr', 'br', 'blockquote', 'pre', 'form', 'main', 'aside', 'dd', 'dt', 'dl', 'figcaption', 'figure', 'address', 'center', 'body', 'hr', 'option', 'button', 'label', 'marquee', 'fieldset', 'legend', 'caption', 'tbody', 'thead', 'tfoot', 'details', 'summary', 'img']);
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/;
const ZERO_WIDTH_G = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const JS_TYPES = new Set(['text/javascript', 'application/javascript', 'module', 'text/ecmascript', 'application/ecmascript', 'application/x-javascript', 'text/jscript', 'text/babel', 'text/plain', 'speculationrules', 'importmap']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'select', 'object', 'textarea']);

interface Frame { tag: string; hidden: boolean; skip: boolean; /** Inside noscript/template: text a crawler reads. */ crawler: boolean }

function attr(a: Record<string, string>, k: string): string {
  const v = a[k];
  return v === undefined ? '' : v.length > LIMITS.maxAttrChars ? v.slice(0, LIMITS.maxAttrChars) : v;
}

export function parsePage(html: string): RawPage {
  const r: RawPage = {
    title: '', metaDescription: '', metaKeywords: '', ogUrl: '', canonical: null, amphtml: null, baseHref: null, htmlLang: '',
    metaRefresh: [], blocks: [], hiddenText: '', links: [], scripts: [], oddScripts: [], inlineScripts: [], templates: [], handlerScripts: [], iframes: [], structure: [],
    elements: 0, maxDepth: 0, textChars: 0, limited: null,
  };
  const hiddenSel: HiddenSelectors = { classes: new Set(), ids: new Set() };
  const stack: Frame[] = [];
  let cur = '';
  let inTitle = false;
  let titleDone = false;
  let styleBuf = '';
  let styleTotal = 0;
  let scriptBuf = '';
  let inScript = false;
  let inlineTotal = 0;
  let scriptIsTemplate = false;
  let templateTotal = 0;
  let link: RawLink | null = null;
  let linkDepth = -1;
  let stopped = false;
  let sawHtml = false;
  const t0 = performance.now();

  const top = (): Frame | undefined => stack[stack.length - 1];
  const stop = (why: string) => {
    if (!stopped) { stopped = true; r.limited = why; parser.pause(); }
  };
  const flush = () => {
    const t = cur.replace(/\s+/g, ' ').trim();
    cur = '';
    if (!t) return;
    if (r.blocks.length < LIMITS.maxBlocks) r.blocks.push(t.slice(0, LIMITS.maxBlockChars));
  };

  const isHidden = (a: Record<string, string>): boolean => {
    if ('hidden' in a) return true;
    const st = a.style;
    if (st && styleHides(st)) return true;
    if (hiddenSel.classes.size && a.class) {
      for (const c of a.class.slice(0, 512).toLowerCase().split(/\s+/)) if (hiddenSel.classes.has(c)) return true;
    }
    if (hiddenSel.ids.size && a.id && hiddenSel.ids.has(a.id.toLowerCase())) return true;
    return false;
  };

  const parser = new Parser(
    {
      onopentag(name, a) {
        if (stopped) return;
        r.elements++;
        if (r.elements > LIMITS.maxElements) return stop('elements');
        if ((r.elements & 255) === 0 && performance.now() - t0 > LIMITS.parseMs) return stop('time');
        if (stack.length >= LIMITS.maxDepth) return stop('depth');
        const parent = top();
        // noscript / template content is never shown to a visitor with scripts on: what is inside is hidden.
        const hidden = (parent?.hidden ?? false) || name === 'noscript' || name === 'template' || isHidden(a);
        const skip = (parent?.skip ?? false) || SKIP.has(name);
        if (BLOCK.has(name)) flush();
        stack.push({ tag: name, hidden, skip, crawler: (parent?.crawler ?? false) || name === 'noscript' || name === 'template' });
        if (stack.length > r.maxDepth) r.maxDepth = stack.length;
        if (r.structure.length < 20_000) {
          const cls = a.class ? a.class.slice(0, 64).split(/\s+/)[0] ?? '' : '';
          r.structure.push(`${parent?.tag ?? ''}>${name}${cls ? '.' + cls.replace(/[0-9]+/g, '') : ''}`);
        }
        for (const k in a) {
          if (k.length > 2 && k.charCodeAt(0) === 111 && k.charCodeAt(1) === 110 && r.handlerScripts.length < 50) r.handlerScripts.push(attr(a, k).slice(0, 2000));
        }
        switch (name) {
          case 'html': sawHtml = true; if (!r.htmlLang) r.htmlLang = attr(a, 'lang') || attr(a, 'xml:lang'); break;
          case 'title': if (!titleDone) inTitle = true; break;
          case 'base': if (!r.baseHref && a.href) r.baseHref = attr(a, 'href'); break;
          case 'meta': {
            const n = (a.name ?? a.property ?? '').toLowerCase();
            const c = attr(a, 'content');
            if (n === 'description' && !r.metaDescription) r.metaDescription = c;
            else if (n === 'keywords' && !r.metaKeywords) r.metaKeywords = c;
            else if (n === 'og:url' && !r.ogUrl) r.ogUrl = c;
            if ((a['http-equiv'] ?? '').toLowerCase() === 'refresh' && r.metaRefresh.length < 5) r.metaRefresh.push(c);
            break;
          }
          case 'link': {
            const rel = (a.rel ?? '').toLowerCase();
            if (rel === 'canonical' && r.canonical === null && a.href) r.canonical = attr(a, 'href');
            if (rel === 'amphtml' && r.amphtml === null && a.href) r.amphtml = attr(a, 'href');
            break;
          }
          case 'a': {
            const href = attr(a, 'href');
            if (href.toLowerCase().startsWith('javascript:') && r.handlerScripts.length < 50) r.handlerScripts.push(href.slice(0, 2000));
            if (href && r.links.length < LIMITS.maxLinks) {
              link = { href, text: '', hidden, rel: attr(a, 'rel') };
              r.links.push(link);
              linkDepth = stack.length;
            } else if (href && r.limited === null) r.limited = 'links';
            break;
          }
          case 'script': {
            if (a.src && r.scripts.length < LIMITS.maxScripts) {
              // Nothing open around it: before <html> or after </html>, where no template puts a script.
              if (stack.length === 1) r.oddScripts.push(r.scripts.length);
              r.scripts.push(attr(a, 'src'));
            }
            inScript = true;
            scriptBuf = '';
            const type = (a.type ?? '').trim().toLowerCase();
            scriptIsTemplate = type !== '' && !JS_TYPES.has(type) && !type.includes('json');
            break;
          }
          case 'iframe': case 'frame': case 'embed': case 'object': {
            const src = attr(a, 'src') || attr(a, 'data');
            const w = (a.width ?? '').trim();
            const h = (a.height ?? '').trim();
            const tiny = w === '0' || h === '0' || w === '1' || h === '1' || w === '0px' || h === '0px';
            if (src && r.iframes.length < LIMITS.maxIframes) r.iframes.push({ src, hidden: hidden || tiny, tiny });
            break;
          }
          case 'style': styleBuf = ''; break;
        }
      },
      ontext(raw) {
        if (stopped) return;
        // Zero-width characters split spam words for a matcher ("n\u200bew88") and show nothing to a reader.
        const data = raw.length < 50_000 && ZERO_WIDTH.test(raw) ? raw.replace(ZERO_WIDTH_G, '') : raw;
        const f = top();
        if (inTitle) { if (r.title.length < 1000) r.title += data; return; }
        if (f?.tag === 'script') {
          if (inScript && scriptBuf.length < (scriptIsTemplate ? LIMITS.maxTemplateChars : LIMITS.maxOneScriptChars)) scriptBuf += data;
          return;
        }
        if (f?.tag === 'style') {
          if (styleTotal + styleBuf.length < LIMITS.maxStyleChars) styleBuf += data;
          return;
        }
        if (f?.skip) {
          // noscript/template content is text too for a crawler: keep it with the hidden text.
          if (f.crawler && r.hiddenText.length < LIMITS.maxHiddenTextChars) r.hiddenText += ' ' + data;
          if (link && link.text.length < 300) link.text += data;
          return;
        }
        if (f?.hidden) {
          if (r.hiddenText.length < LIMITS.maxHiddenTextChars) r.hiddenText += ' ' + data;
        } else {
          if (r.textChars >= LIMITS.maxTextChars) { if (r.limited === null) r.limited = 'text'; }
          else { r.textChars += data.length; if (cur.length < LIMITS.maxBlockChars * 2) cur += data; }
        }
        if (link && link.text.length < 300) link.text += data;
      },
      onclosetag(name) {
        if (stopped) return;
        if (BLOCK.has(name)) flush();
        if (name === 'title' && inTitle) { inTitle = false; titleDone = true; }
        if (name === 'script' && inScript) {
          inScript = false;
          if (scriptIsTemplate) {
            if (scriptBuf.includes('<') && templateTotal < LIMITS.maxTemplateChars) { r.templates.push(scriptBuf.slice(0, LIMITS.maxTemplateChars - templateTotal)); templateTotal += scriptBuf.length; }
          } else if (scriptBuf && inlineTotal < LIMITS.maxInlineScriptChars) { r.inlineScripts.push(scriptBuf); inlineTotal += scriptBuf.length; }
          scriptIsTemplate = false;
          scriptBuf = '';
        }
        if (name === 'style' && styleBuf) {
          styleTotal += styleBuf.length;
          scanStyleSheet(styleBuf, hiddenSel);
          styleBuf = '';
        }
        if (link && stack.length === linkDepth && name === 'a') { link = null; linkDepth = -1; }
        stack.pop();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  const n = Math.min(html.length, LIMITS.maxBytes);
  for (let i = 0; i < n && !stopped; i += LIMITS.chunkChars) {
    parser.write(html.slice(i, Math.min(n, i + LIMITS.chunkChars)));
    if (!stopped && performance.now() - t0 > LIMITS.parseMs) stop('time');
  }
  if (!stopped) parser.end();
  flush();
  if (!sawHtml) r.oddScripts = [];
  if (html.length > LIMITS.maxBytes && r.limited === null) r.limited = 'bytes';
  r.title = r.title.replace(/\s+/g, ' ').trim();
  for (const l of r.links) l.text = l.text.replace(/\s+/g, ' ').trim().slice(0, 200);
  r.hiddenText = r.hiddenText.replace(/\s+/g, ' ').trim();
  return r;
}
