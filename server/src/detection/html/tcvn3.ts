/**
 * TCVN3 ("ABC", TCVN 5712:1993 VN3): the legacy 8-bit Vietnamese font encoding still found on
 * old provincial portals. Browsers have no decoder for it (the page only renders right with the
 * .Vn* fonts installed), so we map the upper half ourselves. Only the bytes 0xA1–0xFE carry
 * Vietnamese letters; the rest is ASCII.
 */

const TABLE: Record<number, string> = {
  0xa1: 'Ă', 0xa2: 'Â', 0xa3: 'Ê', 0xa4: 'Ô', 0xa5: 'Ơ', 0xa6: 'Ư', 0xa7: 'Đ',
  0xa8: 'ă', 0xa9: 'â', 0xaa: 'ê', 0xab: 'ô', 0xac: 'ơ', 0xad: 'ư', 0xae: 'đ',
  0xb5: 'à', 0xb6: 'ả', 0xb7: 'ã', 0xb8: 'á', 0xb9: 'ạ',
  0xbb: 'ằ', 0xbc: 'ẳ', 0xbd: 'ẵ', 0xbe: 'ắ', 0xc6: 'ặ',
  0xc7: 'ầ', 0xc8: 'ẩ', 0xc9: 'ẫ', 0xca: 'ấ', 0xcb: 'ậ',
  0xcc: 'è', 0xce: 'ẻ', 0xcf: 'ẽ', 0xd0: 'é', 0xd1: 'ẹ',
  0xd2: 'ề', 0xd3: 'ể', 0xd4: 'ễ', 0xd5: 'ế', 0xd6: 'ệ',
  0xd7: 'ì', 0xd8: 'ỉ', 0xdc: 'ĩ', 0xdd: 'í', 0xde: 'ị',
  0xdf: 'ò', 0xe1: 'ỏ', 0xe2: 'õ', 0xe3: 'ó', 0xe4: 'ọ',
  0xe5: 'ồ', 0xe6: 'ổ', 0xe7: 'ỗ', 0xe8: 'ố', 0xe9: 'ộ',
  0xea: 'ờ', 0xeb: 'ở', 0xec: 'ỡ', 0xed: 'ớ', 0xee: 'ợ',
  0xef: 'ù', 0xf1: 'ủ', 0xf2: 'ũ', 0xf3: 'ú', 0xf4: 'ụ',
  0xf5: 'ừ', 0xf6: 'ử', 0xf7: 'ữ', 0xf8: 'ứ', 0xf9: 'ự',
  0xfa: 'ỳ', 0xfb: 'ỷ', 0xfc: 'ỹ', 0xfd: 'ý', 0xfe: 'ỵ',
};

/** Decodes TCVN3 bytes (or text whose U+00A1–U+00FE chars are really TCVN3 bytes). */
export function tcvn3ToUnicode(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xa1 && c <= 0xfe) {
      const m = TABLE[c];
      if (m !== undefined) {
        out += s.slice(start, i) + m;
        start = i + 1;
      }
    }
  }
  return start === 0 ? s : out + s.slice(start);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * Heuristic: TCVN3 read as Latin-1 puts symbols and upper-case accented letters in the middle
 * of lower-case words ("ViÖt", "Tr­êng", "®¹i"). Western text almost never does; German
 * umlauts (ä ö ü ß) and the soft hyphen are left out of the count so German pages stay German.
 */
export function looksLikeTcvn3(s: string, limit = 100_000): boolean {
  const n = Math.min(s.length, limit);
  let hits = 0;
  let letters = 0;
  for (let i = 1; i < n - 1; i++) {
    const c = s.charCodeAt(i);
    if (isAsciiLetter(c)) {
      letters++;
      continue;
    }
    if (c < 0xa1 || c > 0xde || c === 0xad || c === 0xd7 || c === 0xc4) continue;
    const p = s.charCodeAt(i - 1);
    const q = s.charCodeAt(i + 1);
    const nextLetter = isAsciiLetter(q) || (q >= 0xa1 && q <= 0xfe);
    if ((isAsciiLetter(p) || p === 0x20) && nextLetter && TABLE[c] !== undefined) hits++;
  }
  return hits >= 4 && hits * 40 >= letters / 5;
}
