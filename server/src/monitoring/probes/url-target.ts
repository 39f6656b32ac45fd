/** Targets that are web pages (the HTTP and content probes): an http(s) URL with a host name. */

export function parseTarget(target: string): URL | null {
  try {
    const u = new URL(target);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? u : null;
  } catch {
    return null;
  }
}

/** The validateTarget / hostOf pair of a probe whose target is a URL. */
export const urlTarget = {
  validateTarget(target: string): string | null {
    return parseTarget(target) ? null : 'must be an http:// or https:// URL with a host name';
  },
  hostOf(target: string): string {
    return parseTarget(target)?.hostname.replace(/^\[|\]$/g, '').toLowerCase() ?? target;
  },
};
