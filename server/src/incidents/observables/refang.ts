/**
 * Undo the "defanging" analysts apply so indicators are not clickable when pasted into mail or
 * chat: hxxp://, evil[.]com, evil(.)com, evil[dot]com, 1.2.3[.]4, user[@]evil.com, http[:]//…
 *
 * Every alternative is a fixed string (at most one optional blank around "[dot]" / "[at]"), so
 * the expression cannot backtrack: one pass, linear in the input, however hostile.
 */
const DEFANGED =
  /hxxps?|hXXps?|\[\.\]|\(\.\)|\{\.\}|\\\.|\s?[[({](?:dot|DOT)[\])}]\s?|\[:\/\/\]|\[:\]|\[\/\]|\s?[[({](?:@|at|AT)[\])}]\s?/g;

function replacementFor(m: string): string {
  const t = m.trim().toLowerCase();
  if (t.startsWith('hxxp')) return t.length === 5 ? 'https' : 'http';
  if (t === '[://]') return '://';
  if (t === '[:]') return ':';
  if (t === '[/]') return '/';
  if (t.includes('@') || t.includes('at')) return '@';
  return '.';
}

export interface Refanged {
  text: string;
  /** Maps an offset in `text` back to the offset in the original string. */
  originalIndex(i: number): number;
}

/**
 * Refang `input`, remembering where each replacement happened so offsets found in the refanged
 * text can be reported against the text the user actually pasted.
 */
export function refang(input: string): Refanged {
  // (end of a replacement in the new text, cumulative characters removed up to there)
  const ends: number[] = [];
  const removed: number[] = [];
  let total = 0;
  const text = input.replace(DEFANGED, (m: string, offset: number) => {
    const r = replacementFor(m);
    total += m.length - r.length;
    ends.push(offset - (total - (m.length - r.length)) + r.length);
    removed.push(total);
    return r;
  });
  return {
    text,
    originalIndex(i: number): number {
      // last replacement ending at or before i
      let lo = 0;
      let hi = ends.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (ends[mid]! <= i) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? i : i + removed[found]!;
    },
  };
}

/** Refang a single value a user typed (no offsets needed). */
export function refangValue(value: string): string {
  return value.replace(DEFANGED, replacementFor);
}
