/**
 * Strict IP address parsing for indicators. Strict on purpose: "1.2.3.4" in a version string
 * and "01.02.03.04" are far more often not addresses, and an indicator that is not exactly what
 * a firewall would match is worse than none.
 */

/** "203.0.113.7" → itself; octets 0–255, no leading zeros (except "0"), exactly four. */
export function parseIpv4(s: string): string | null {
  if (s.length < 7 || s.length > 15) return null;
  let octets = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - start;
      if (len < 1 || len > 3) return null;
      if (len > 1 && s.charCodeAt(start) === 48) return null;
      const n = Number(s.slice(start, i));
      if (n > 255) return null;
      octets++;
      start = i + 1;
    } else if (c < 48 || c > 57) return null;
  }
  return octets === 4 ? s : null;
}

function hexGroup(g: string): number | null {
  if (g.length < 1 || g.length > 4) return null;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return null;
  }
  return parseInt(g, 16);
}

/** Parse IPv6 text (compressed, full, or with a trailing dotted IPv4) into eight 16-bit groups. */
export function parseIpv6Groups(s: string): number[] | null {
  if (s.length < 2 || s.length > 45) return null;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const parsePart = (part: string, allowV4Tail: boolean): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (allowV4Tail && i === pieces.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return null;
        const o = v4.split('.').map(Number);
        out.push((o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!);
      } else {
        const g = hexGroup(p);
        if (g === null) return null;
        out.push(g);
      }
    }
    return out;
  };
  if (dbl < 0) {
    const all = parsePart(s, true);
    return all && all.length === 8 ? all : null;
  }
  const head = parsePart(s.slice(0, dbl), false);
  const tail = parsePart(s.slice(dbl + 2), true);
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
export function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  // IPv4-mapped addresses keep the dotted tail, as RFC 5952 section 5 recommends.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Canonical IPv6 or null. The unspecified address "::" is refused: it is what a time like
 * "::" or a C++ scope operator leaves behind, never an indicator.
 */
export function parseIpv6(s: string): string | null {
  if (s.indexOf(':') < 0) return null;
  const groups = parseIpv6Groups(s);
  if (!groups || groups.every((g) => g === 0)) return null;
  return formatIpv6(groups);
}
