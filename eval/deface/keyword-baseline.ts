/**
 * The naive detector the evaluation compares against: alarm when the page (or any variant)
 * contains one of the classic defacer phrases. No profile, no parsing, no decoding beyond
 * lower-casing: what a grep in a cron job does.
 */

export const CLASSIC_PHRASES = [
  'hacked by', 'h4cked by', 'hacked!!', 'defaced by', 'owned by', 'pwned by', 'was here', 'greetz', 'greets to',
  'security is just an illusion', 'your security is low',
];

export interface BaselineVerdict {
  alarm: boolean;
  phrase: string | null;
}

/** Bounded: only the first 4 MB of each page are looked at (a grep would choke on more too). */
const MAX_SCAN = 4 * 1024 * 1024;

export function keywordVerdict(pages: Uint8Array[]): BaselineVerdict {
  for (const body of pages) {
    const text = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, MAX_SCAN)).toString('latin1').toLowerCase();
    for (const phrase of CLASSIC_PHRASES) if (text.includes(phrase)) return { alarm: true, phrase };
  }
  return { alarm: false, phrase: null };
}
