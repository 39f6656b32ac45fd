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

const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/**
 * Parse IPv6 text (compressed, full, or with a trailing dotted IPv4) into eight 16-bit groups.
 * One pass without intermediate strings: the extractor calls this for every token with a
 * colon in it, and logs are full of them.
 */
export function parseIpv6Groups(s: string): number[] | null {
  const n = s.length;
  if (n < 2 || n > 45) return null;
  const head: number[] = [];
  const tail: number[] = [];
  let cur = head;
  let compressed = false;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return null;
    compressed = true;
    cur = tail;
    i = 2;
  }
  while (i < n) {
    let v = 0;
    let j = i;
    for (; j < n; j++) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      if (j - i === 4) return null;
      v = v * 16 + h;
    }
    if (j < n && s.charCodeAt(j) === 46) {
      // a dotted IPv4 tail: "::ffff:192.0.2.1"
      const v4 = parseIpv4(s.slice(i));
      if (!v4) return null;
      const o = v4.split('.').map(Number);
      cur.push((o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!);
      break;
    }
    if (j === i) return null;
    cur.push(v);
    if (j === n) break;
    if (s.charCodeAt(j) !== 58) return null;
    j++;
    if (j < n && s.charCodeAt(j) === 58) {
      if (compressed) return null;
      compressed = true;
      cur = tail;
      j++;
    } else if (j === n) return null;
    i = j;
  }
  const total = head.length + tail.length;
  if (!compressed) return total === 8 ? head : null;
  if (total > 7) return null;
  for (let k = total; k < 8; k++) head.push(0);
  for (let k = 0; k < tail.length; k++) head[8 - tail.length + k] = tail[k]!;
  return head;
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
