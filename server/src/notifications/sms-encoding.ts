/**
 * SMS length arithmetic. A text that fits the GSM 03.38 7-bit alphabet gets 160 characters per
 * message (153 per part when split, the rest is the concatenation header); anything else,
 * including Vietnamese with diacritics, is sent as UCS-2: 70 per message, 67 per part, counted
 * in UTF-16 units (an emoji takes two). Operators bill per part, so the dispatcher caps parts.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Units used: septets for GSM-7 (extended characters count 2), UTF-16 units for UCS-2. */
  units: number;
  parts: number;
}

export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return 'ucs2';
  return 'gsm7';
}

function unitsOf(ch: string, enc: SmsEncoding): number {
  if (enc === 'ucs2') return ch.length;
  return EXTENDED.has(ch) ? 2 : 1;
}

export function smsLength(text: string): SmsLength {
  const encoding = smsEncoding(text);
  let units = 0;
  for (const ch of text) units += unitsOf(ch, encoding);
  const single = encoding === 'gsm7' ? 160 : 70;
  const per = encoding === 'gsm7' ? 153 : 67;
  return { encoding, units, parts: units === 0 ? 1 : units <= single ? 1 : Math.ceil(units / per) };
}

/**
 * Cuts text to fit in maxParts, ending with a marker. Never splits a character (or an
 * extended GSM pair, or a surrogate pair).
 */
export function fitSms(text: string, maxParts: number): string {
  const len = smsLength(text);
  if (len.parts <= maxParts) return text;
  const enc = len.encoding;
  const capacity = maxParts <= 1 ? (enc === 'gsm7' ? 160 : 70) : maxParts * (enc === 'gsm7' ? 153 : 67);
  const mark = enc === 'gsm7' ? '...' : '…';
  let budget = capacity - (enc === 'gsm7' ? 3 : 1);
  let out = '';
  for (const ch of text) {
    const u = unitsOf(ch, enc);
    if (u > budget) break;
    out += ch;
    budget -= u;
  }
  return out.trimEnd() + mark;
}

/**
 * Vietnamese without diacritics ("không dấu"), the common practice for SMS in Viet Nam: it
 * turns a UCS-2 text into GSM-7 and more than doubles what fits in one part.
 */
export function stripVietnameseDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
