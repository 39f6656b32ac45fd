import { runInContext, createContext, type Context } from 'node:vm';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * What the HTTP probe expects of a response: status codes, a keyword, a regular expression.
 *
 * Regular expressions come from monitor settings, so a careless or malicious pattern such as
 * (a+)+$ could backtrack for minutes on a 1 MB page and freeze the worker for every other
 * monitor. Three layers keep that bounded:
 *  1. the pattern is at most MAX_REGEX_LENGTH characters and must compile;
 *  2. nested unbounded quantifiers ("(a+)+", "(a|b*)*") are refused up front: they are the
 *     classic catastrophic shapes, and refusing them gives a clear error instead of a slow check;
 *  3. the match runs inside vm.runInContext with a time budget (REGEX_BUDGET_MS). V8 checks for
 *     interrupts while backtracking, so a pattern that slips past (2) is stopped, and the check
 *     reports it instead of stalling. The input is never more than the capped body.
 */

export const MAX_REGEX_LENGTH = 300;
export const REGEX_BUDGET_MS = 100;

// ---- status codes -------------------------------------------------------------------------

/** "200", "200-299", "2xx" → predicate; null when a spec is malformed. */
export function parseStatusSpec(specs: readonly string[]): ((status: number) => boolean) | null {
  const ranges: Array<[number, number]> = [];
  for (const raw of specs) {
    const s = raw.trim().toLowerCase();
    let m: RegExpExecArray | null;
    if ((m = /^([1-5])xx$/.exec(s))) ranges.push([Number(m[1]) * 100, Number(m[1]) * 100 + 99]);
    else if ((m = /^(\d{3})$/.exec(s))) ranges.push([Number(m[1]), Number(m[1])]);
    else if ((m = /^(\d{3})\s*-\s*(\d{3})$/.exec(s)) && Number(m[1]) <= Number(m[2])) ranges.push([Number(m[1]), Number(m[2])]);
    else return null;
  }
  return (status) => ranges.some(([lo, hi]) => status >= lo && status <= hi);
}

// ---- body decoding ----------------------------------------------------------------------

/** Decompresses at most `maxBytes` of output; a truncated or corrupt stream yields what it had. */
function decompressCapped(body: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  const z =
    encoding === 'br'
      ? createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH })
      : encoding === 'deflate'
        ? createInflate({ finishFlush: constants.Z_SYNC_FLUSH })
        : createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      z.destroy();
      resolve(Buffer.concat(out));
    };
    z.on('data', (chunk: Buffer) => {
      const take = Math.min(chunk.length, maxBytes - size);
      out.push(chunk.subarray(0, take));
      size += take;
      if (size >= maxBytes) finish(); // a compression bomb stops here
    });
    z.on('end', finish);
    z.on('error', finish);
    z.end(body);
  });
}

/**
 * Body bytes → text for keyword/regex matching. We ask for identity encoding, but some servers
 * compress anyway; then the first `maxBytes` of the decompressed page are matched.
 */
export async function decodeBody(body: Buffer, contentType: string | undefined, contentEncoding: string | undefined, maxBytes: number): Promise<string> {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  const bytes = ['gzip', 'x-gzip', 'deflate', 'br'].includes(enc) ? await decompressCapped(body, enc, maxBytes) : body;
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

// ---- regular expressions ----------------------------------------------------------------

const ALLOWED_FLAGS = /^[imsu]*$/;

/**
 * Finds an unboundedly repeated group whose body itself repeats without bound ("(a+)+",
 * "(\w+\s?)*", "(?:x*){2,}"): the usual shape of catastrophic backtracking. A heuristic, not
 * a proof; overlapping alternations like "(a|a)*" pass it and are stopped by the time budget.
 */
export function nestedQuantifier(pattern: string): boolean {
  // Per open group: does its body contain an unbounded quantifier?
  const stack: boolean[] = [];
  let lastGroupRisky = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      lastGroupRisky = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroupRisky = false;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      lastGroupRisky = false;
      continue;
    }
    if (c === ')') {
      lastGroupRisky = stack.pop() ?? false;
      continue;
    }
    const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(pattern.slice(i)));
    const bounded = c === '?' || (c === '{' && /^\{\d+(,\d+)?\}/.test(pattern.slice(i)));
    if (unbounded) {
      if (lastGroupRisky) return true;
      if (stack.length) stack[stack.length - 1] = true;
    }
    if (c === '{' && (unbounded || bounded)) {
      if (bounded && lastGroupRisky && /^\{\d+,\d{3,}\}/.test(pattern.slice(i))) return true; // (a+){1,1000}
      i = pattern.indexOf('}', i);
    }
    if (!unbounded && c !== '?' && c !== '}') lastGroupRisky = false;
  }
  return false;
}

/** Compiles a monitor's pattern, or explains why it is refused. */
export function compileRegex(pattern: string, flags = ''): RegExp | string {
  if (pattern.length === 0) return 'regex is empty';
  if (pattern.length > MAX_REGEX_LENGTH) return `regex longer than ${MAX_REGEX_LENGTH} characters`;
  if (!ALLOWED_FLAGS.test(flags)) return 'regex flags may only be i, m, s, u';
  if (nestedQuantifier(pattern)) return 'regex has a repeated group that itself repeats (e.g. "(a+)+"): it can take exponential time';
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    return `invalid regex: ${(e as Error).message}`;
  }
}

let sandbox: Context | null = null;

/** true / false, or 'timeout' when the pattern needed more than the budget on this input. */
export function testRegex(re: RegExp, text: string, budgetMs = REGEX_BUDGET_MS): boolean | 'timeout' {
  sandbox ??= createContext({ re: null, text: '' });
  sandbox.re = re;
  sandbox.text = text;
  try {
    re.lastIndex = 0;
    return runInContext('re.test(text)', sandbox, { timeout: budgetMs }) as boolean;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw e;
  } finally {
    // Do not keep a 1 MB page alive between checks.
    sandbox.re = null;
    sandbox.text = '';
  }
}
