/**
 * The evaluation itself: for each case (one at a time), learn a profile from its history, judge
 * the probe with its variants, and compare with expected.json; the same probe also goes to the
 * keyword baseline. Only the analyzePage call of the probe is timed.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyzePage, learnProfile, pageFromHtml } from '../../server/src/detection/analyze.ts';
import type { AnalyzeInput, FetchedPage, PageProfile } from '../../server/src/detection/types.ts';
import type { CaseFiles } from './case-loader.ts';
import { describeCase, listCases, readBounded } from './case-loader.ts';
import { FeatureCache } from './feature-cache.ts';
import { keywordVerdict } from './keyword-baseline.ts';
import type { CaseOutcome, EvalReport } from './report.ts';
import { ReportBuilder } from './report.ts';

export { CasesDirError } from './case-loader.ts';

/** Cases without a url in expected.json are all judged as this page. */
export const DEFAULT_URL = 'https://site.invalid/';
/** History snapshots are learned as if taken an hour apart, ending before the probe. */
const HISTORY_EPOCH = Date.UTC(2025, 0, 1);

export interface EvalOptions {
  /** Only cases whose folder name contains this. */
  filter?: string;
  /** Feature sets memoised (default 256; 0 disables the cache). */
  cacheSize?: number;
  /** Called after each case (progress). */
  onCase?: (done: number, total: number, outcome: CaseOutcome | null) => void;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}

function learnHistory(c: CaseFiles, url: string, cache: FeatureCache, notes: string[]): PageProfile | null {
  let profile: PageProfile | null = null;
  c.history.forEach((path, i) => {
    const bytes = readBounded(path, notes);
    if (!bytes) return;
    profile = learnProfile(profile, cache.get(bytes, url), new Date(HISTORY_EPOCH + i * 3_600_000), url);
  });
  return profile;
}

/** Runs one case; throws only on harness problems (unreadable probe), never on detector errors. */
function runCase(c: CaseFiles, cache: FeatureCache, notes: string[]): CaseOutcome | { skip: string } {
  const url = c.expected.url ?? DEFAULT_URL;
  const probeBytes = readBounded(c.probe, notes);
  if (!probeBytes) return { skip: 'probe.html unreadable or too large' };
  const page: FetchedPage = pageFromHtml(probeBytes, url);
  const variants: NonNullable<AnalyzeInput['variants']> = {};
  const variantBytes: Uint8Array[] = [];
  for (const [v, path] of Object.entries(c.variants) as [keyof typeof c.variants, string][]) {
    const b = readBounded(path, notes);
    if (!b) continue;
    variants[v] = pageFromHtml(b, url);
    variantBytes.push(b);
  }
  const outcome: CaseOutcome = {
    name: c.name,
    kind: c.expected.kind,
    expectedAlarm: c.expected.alarm,
    tags: c.expected.tags ?? [],
    bytes: probeBytes.byteLength,
    alarm: false,
    error: null,
    verdictKind: null,
    score: null,
    reasons: [],
    ms: null,
    baseline: keywordVerdict([probeBytes, ...variantBytes]),
  };
  let profile: PageProfile | null;
  try {
    profile = learnHistory(c, url, cache, notes);
  } catch (e) {
    outcome.error = `learning the history: ${errorText(e)}`;
    return outcome;
  }
  try {
    const t0 = performance.now();
    const a = analyzePage({ profile, page, variants });
    outcome.ms = performance.now() - t0;
    outcome.alarm = a.verdict.alarm;
    outcome.verdictKind = a.verdict.kind;
    outcome.score = a.verdict.score;
    outcome.reasons = a.verdict.reasons ?? [];
  } catch (e) {
    outcome.error = `analyzePage: ${errorText(e)}`;
  }
  return outcome;
}

/**
 * Evaluates every case under `dir`. Throws CasesDirError when the directory is missing, not a
 * directory, or holds no case folders; a broken case is skipped and reported.
 */
export function runEvaluation(dir: string, opts: EvalOptions = {}): EvalReport {
  let names = listCases(dir);
  if (opts.filter) names = names.filter((n) => n.includes(opts.filter!));
  const report = new ReportBuilder();
  const cache = new FeatureCache(opts.cacheSize ?? 256);
  // Times are wall-clock: a busy machine inflates them, so the load is part of the report.
  const loadStart = loadavg()[0]!;
  report.total = names.length;
  names.forEach((name, i) => {
    let outcome: CaseOutcome | null = null;
    try {
      const c = describeCase(dir, name);
      const r = 'skip' in c ? c : runCase(c, cache, report.notes);
      if ('skip' in r) report.skipped.push({ name, reason: r.skip });
      else report.add((outcome = r));
    } catch (e) {
      report.skipped.push({ name, reason: `harness error: ${errorText(e)}` });
    }
    opts.onCase?.(i + 1, names.length, outcome);
  });
  return report.finish(dir, { hits: cache.hits, misses: cache.misses }, { cpus: availableParallelism(), load_start: +loadStart.toFixed(2), load_end: +loadavg()[0]!.toFixed(2) });
}
