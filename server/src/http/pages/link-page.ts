/**
 * Small server-rendered pages for links opened from a message (acknowledge an alert, answer a
 * roll call), where the reader may have no session and no JavaScript. Every value is escaped;
 * the page carries a CSP that allows no script and posts only to itself.
 */
export const LINK_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface LinkPage {
  title: string;
  /** Lines of text (escaped here). */
  lines: string[];
  tone: 'info' | 'ok' | 'warn' | 'error';
  /** A POST button back to the same URL. */
  button?: string;
}

const TONES = { info: '#1d4ed8', ok: '#15803d', warn: '#b45309', error: '#b91c1c' } as const;

export function renderLinkPage(p: LinkPage): string {
  const lines = p.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  const form = p.button ? `<form method="post"><button type="submit">${escapeHtml(p.button)}</button></form>` : '';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(p.title)} · Vigil</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f4f6;color:#111827}
main{max-width:34rem;margin:2rem auto;background:#fff;border-radius:.75rem;padding:1.5rem;box-shadow:0 1px 3px #0002;border-top:.4rem solid ${TONES[p.tone]}}
h1{font-size:1.25rem;margin:0 0 1rem}p{line-height:1.5;margin:.4rem 0;overflow-wrap:anywhere}
button{margin-top:1rem;width:100%;padding:.9rem;font-size:1.05rem;border:0;border-radius:.5rem;background:${TONES[p.tone]};color:#fff;cursor:pointer}
small{color:#6b7280}
</style></head>
<body><main><h1>${escapeHtml(p.title)}</h1>
${lines}
${form}
<p><small>Vigil</small></p></main></body></html>`;
}
