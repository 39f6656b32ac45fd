/**
 * The served copy of a stored snapshot, for the sandboxed evidence view. The view's CSP
 * (no script, no network, opaque origin) does the heavy lifting; what it cannot stop is done
 * here: <meta http-equiv> (a refresh navigates the frame to the attacker's page, telling them
 * an analyst is looking) and <base> (changes what every relative URL means) are defused.
 * Tags are matched with quoted attribute values taken whole, as a browser reads them, so a
 * ">" inside a quoted value cannot hide the rest of the tag; the pattern is linear.
 */
const TAG = (name: string) => new RegExp(`<${name}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>?`, 'gi');
const META = TAG('meta');
const BASE = TAG('base');

export const EVIDENCE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'";

export function neutraliseHtml(html: string): string {
  return html
    .replace(META, (tag) => (/http-equiv/i.test(tag) ? '<meta data-vigil-removed="http-equiv">' : tag))
    .replace(BASE, '<meta data-vigil-removed="base">');
}
