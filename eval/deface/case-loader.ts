/**
 * Reading an evaluation cases directory: one folder per case (see README.md). Everything is
 * read lazily and bounded, one case at a time, so a run over thousands of cases never holds
 * more than one case's pages.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingKind, VariantName } from '../../server/src/detection/types.ts';

/** Larger files are skipped with a note: no monitored home page is that big, and it bounds memory. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
const MAX_EXPECTED_BYTES = 64 * 1024;

export const KINDS: FindingKind[] = ['defacement', 'injection', 'cloaking', 'legit'];
export const VARIANT_FILES: Record<Exclude<VariantName, 'browser'>, string> = {
  googlebot: 'probe.googlebot.html',
  referer: 'probe.referer.html',
  mobile: 'probe.mobile.html',
};

export interface Expected {
  alarm: boolean;
  kind: FindingKind;
  /** The page's URL (lets the detector tell own links from foreign ones); optional. */
  url?: string;
  /** Labels for the per-tag breakdown (technique, noise class…); optional. */
  tags?: string[];
}

export interface CaseFiles {
  name: string;
  dir: string;
  expected: Expected;
  /** History file paths, oldest first; read one at a time by the caller. */
  history: string[];
  probe: string;
  variants: Partial<Record<Exclude<VariantName, 'browser'>, string>>;
}

export class CasesDirError extends Error {}

/** Case folder names, sorted (the order cases run in). Throws CasesDirError when the directory is unusable. */
export function listCases(dir: string): string[] {
  if (!existsSync(dir)) throw new CasesDirError(`cases directory not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new CasesDirError(`not a directory: ${dir}`);
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new CasesDirError(`no case folders in ${dir} (expected one folder per case with probe.html and expected.json)`);
  return names;
}

function parseExpected(raw: string): Expected | string {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    return `expected.json is not valid JSON (${(e as Error).message})`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'expected.json is not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.alarm !== 'boolean') return 'expected.json: "alarm" must be true or false';
  if (typeof o.kind !== 'string' || !KINDS.includes(o.kind as FindingKind)) return `expected.json: "kind" must be one of ${KINDS.join(', ')}`;
  if ((o.kind === 'legit') === o.alarm) return `expected.json: kind "${o.kind}" contradicts alarm ${o.alarm}`;
  if (o.url !== undefined && typeof o.url !== 'string') return 'expected.json: "url" must be a string';
  if (o.tags !== undefined && !(Array.isArray(o.tags) && o.tags.every((t) => typeof t === 'string'))) return 'expected.json: "tags" must be an array of strings';
  return { alarm: o.alarm, kind: o.kind as FindingKind, url: o.url as string | undefined, tags: o.tags as string[] | undefined };
}

/** A case's files, or why the case cannot run. Reads nothing but expected.json. */
export function describeCase(root: string, name: string): CaseFiles | { skip: string } {
  const dir = join(root, name);
  const expPath = join(dir, 'expected.json');
  if (!existsSync(expPath)) return { skip: 'no expected.json' };
  if (statSync(expPath).size > MAX_EXPECTED_BYTES) return { skip: 'expected.json larger than 64 KB' };
  const expected = parseExpected(readFileSync(expPath, 'utf8'));
  if (typeof expected === 'string') return { skip: expected };
  const probe = join(dir, 'probe.html');
  if (!existsSync(probe)) return { skip: 'no probe.html' };
  const hdir = join(dir, 'history');
  const history = existsSync(hdir) && statSync(hdir).isDirectory()
    ? readdirSync(hdir).filter((f) => f.toLowerCase().endsWith('.html')).sort().map((f) => join(hdir, f))
    : [];
  const variants: CaseFiles['variants'] = {};
  for (const [v, f] of Object.entries(VARIANT_FILES) as [keyof typeof VARIANT_FILES, string][]) {
    if (existsSync(join(dir, f))) variants[v] = join(dir, f);
  }
  return { name, dir, expected, history, probe, variants };
}

/** The file's bytes, or null with a note when it is too large or unreadable. */
export function readBounded(path: string, notes: string[]): Uint8Array | null {
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      notes.push(`skipped ${path}: ${(size / 1048576).toFixed(1)} MB > ${MAX_FILE_BYTES / 1048576} MB`);
      return null;
    }
    return readFileSync(path);
  } catch (e) {
    notes.push(`unreadable ${path}: ${(e as Error).message}`);
    return null;
  }
}
