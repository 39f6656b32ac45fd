/**
 * Cheap CSS reading for "is this hidden?": inline style attributes and simple class/id rules in
 * the page's own <style> blocks. Spam link blocks are hidden either way. Everything works on
 * bounded slices with indexOf; no regex runs over the whole stylesheet.
 */

const MAX_STYLE = 1024;

/** Declarations (lower case, no spaces) that hide content from a human visitor. */
export function styleHides(style: string): boolean {
  if (!style) return false;
  const s = style.slice(0, MAX_STYLE).toLowerCase().replace(/\s+/g, '');
  if (s.includes('display:none') || s.includes('visibility:hidden') || s.includes('visibility:collapse')) return true;
  // Opacity below 0.1 is invisible in practice (0.01 is the classic dodge of an "opacity:0" check).
  if (/(^|;)opacity:(0|0?\.0[0-9]*)(;|!|$)/.test(s)) return true;
  if (/font-size:(0|1px|0px|0\.[0-9]+(px|em|rem|pt)?)(;|!|$)/.test(s)) return true;
  if (/(^|;)(left|top|right|margin-left|margin-top|text-indent):-[0-9]{3,}/.test(s)) {
    const m = /(^|;)(left|top|right|margin-left|margin-top|text-indent):-([0-9]+)/.exec(s);
    if (m && Number(m[3]) >= 500) return true;
  }
  if ((/(^|;)(max-)?height:[01](px)?(;|!|$)/.test(s) || /(^|;)(max-)?width:[01](px)?(;|!|$)/.test(s)) && s.includes('overflow:hidden')) return true;
  if (/(^|;)transform:scale\(0(\.0+)?(\)|,)/.test(s) || /(^|;)color:transparent(;|!|$)/.test(s) || s.includes('clip-path:inset(100%') || s.includes('clip-path:circle(0')) return true;
  if (s.includes('clip:rect(0') || s.includes('clip:rect(1px') || s.includes('clip-path:inset(50%')) return s.includes('position:absolute');
  return false;
}

export interface HiddenSelectors {
  classes: Set<string>;
  ids: Set<string>;
}

/** Adds simple `.cls` / `#id` selectors whose rule hides content. Bounded by the caller's cap on css length. */
export function scanStyleSheet(css: string, into: HiddenSelectors, maxRules = 5000): void {
  let pos = 0;
  for (let n = 0; n < maxRules; n++) {
    const open = css.indexOf('{', pos);
    if (open < 0) return;
    const close = css.indexOf('}', open);
    if (close < 0) return;
    const body = css.slice(open + 1, Math.min(close, open + 1 + MAX_STYLE));
    const selStart = Math.max(css.lastIndexOf('}', open - 1) + 1, open - 512, pos);
    if (styleHides(body)) {
      const selectors = css.slice(selStart, open).split(',');
      for (const raw of selectors) {
        const sel = raw.trim();
        // Only one simple selector (optionally behind an ancestor chain): the last compound decides.
        const last = sel.split(/\s+|>/).pop() ?? '';
        if (/^\.[\w-]+$/.test(last)) into.classes.add(last.slice(1).toLowerCase());
        else if (/^#[\w-]+$/.test(last)) into.ids.add(last.slice(1).toLowerCase());
        else if (/^[a-z0-9]+\.[\w-]+$/i.test(last)) into.classes.add(last.split('.')[1]!.toLowerCase());
      }
    }
    pos = close + 1;
  }
}
