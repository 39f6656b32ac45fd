/**
 * Text hygiene shared by the renderer and the channels. Values come from monitored pages and
 * agency-entered data, so they may carry control characters (header injection via CR/LF),
 * bidi overrides (text that displays differently from what it says) and markup.
 */

// C0 controls except TAB and LF, DEL, C1 controls, zero-width and bidi formatting characters.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Removes control and invisible formatting characters; keeps TAB and LF (CR LF → LF). */
export function stripControl(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** One line: every line break and control character becomes a space (subjects, headers, titles). */
export function singleLine(s: string): string {
  return stripControl(s).replace(/[\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Telegram's HTML parse mode needs only these three escaped (and rejects unknown entities). */
export function escapeTelegramHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most max UTF-16 units without splitting a surrogate pair, marking the cut. */
export function truncate(s: string, max: number, mark = '…'): string {
  if (s.length <= max) return s;
  let cut = Math.max(0, max - mark.length);
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return s.slice(0, cut) + mark;
}

/** True for an absolute http(s) URL (links are only rendered as links when they are). */
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
