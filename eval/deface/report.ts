/**
 * Figures of an evaluation run, accumulated case by case (only numbers and the failures are
 * kept, never pages), and their text form.
 */
import { percentile } from '../../bench/fleet/schedule-analysis.ts';
import type { Evidence, FindingKind } from '../../server/src/detection/types.ts';
import { KINDS } from './case-loader.ts';
import type { BaselineVerdict } from './keyword-baseline.ts';

/** Pages at least this large get their own median: the speed target is stated for ~200 KB pages. */
export const LARGE_PAGE_BYTES = 150 * 1024;
const MAX_FAILURES = 500;
/** Size bands for the time-by-size line: the ≥ 150 KB median mixes 200 KB pages with 900 KB ones. */
const SIZE_BANDS: [string, number][] = [['<50KB', 50], ['50-150KB', 150], ['150-300KB', 300], ['300-600KB', 600], ['>=600KB', Infinity]];

export interface CaseOutcome {
  name: string;
  kind: FindingKind;
  expectedAlarm: boolean;
  tags: string[];
  /** Size of probe.html. */
  bytes: number;
  alarm: boolean;
  /** The detector threw (it must not): counted as no alarm, and listed. */
  error: string | null;
  verdictKind: FindingKind | null;
  score: number | null;
  reasons: Evidence[];
  ms: number | null;
  baseline: BaselineVerdict;
}

interface Acc {
  cases: number;
  alarms: number;
  errors: number;
  kindMatch: number;
  baselineAlarms: number;
  ms: number[];
  msLarge: number[];
}

interface TagAcc {
  cases: number;
  alarms: number;
  baseline_alarms: number;
}

export interface KindFigures {
  cases: number;
  alarms: number;
  errors: number;
  /** Share of alarms (attack kinds); null without cases. */
  recall?: number | null;
  /** Share of alarms (legit). */
  false_alarm_rate?: number | null;
  /** Alarms whose verdict kind equals the expected kind. */
  kind_match: number;
  median_ms: number | null;
  p99_ms: number | null;
  median_ms_150kb: number | null;
}

export interface Failure {
  name: string;
  kind: FindingKind;
  expected_alarm: boolean;
  verdict_kind: FindingKind | null;
  score: number | null;
  error: string | null;
  tags: string[];
  reasons: { code: string; message: string; variant?: string; samples?: string[] }[];
}

export interface EvalReport {
  cases_dir: string;
  total_cases: number;
  evaluated: number;
  skipped: { name: string; reason: string }[];
  notes: string[];
  errors: number;
  /** The first detector error seen, so a broken build is obvious without --verbose. */
  first_error: string | null;
  kinds: Record<string, KindFigures>;
  median_ms: number | null;
  p99_ms: number | null;
  median_ms_150kb: number | null;
  pages_150kb: number;
  /** Median / p99 analyzePage time and page count per probe-size band (all kinds). */
  ms_by_size: Record<string, { pages: number; median_ms: number | null; p99_ms: number | null }>;
  baseline: { kinds: Record<string, { cases: number; alarms: number; recall?: number | null; false_alarm_rate?: number | null }> };
  noise: Record<string, TagAcc>;
  tags: Record<string, Record<string, TagAcc>>;
  wrong_kind: Record<string, number>;
  /** Misses + false alarms + detector errors. */
  failure_count: number;
  failures: Failure[];
  failures_truncated: number;
  feature_cache?: { hits: number; misses: number };
  /** CPUs and 1-minute load average when the run started and ended. */
  machine?: { cpus: number; load_start: number; load_end: number };
}

const newAcc = (): Acc => ({ cases: 0, alarms: 0, errors: 0, kindMatch: 0, baselineAlarms: 0, ms: [], msLarge: [] });
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const med = (xs: number[], p = 50) => (xs.length ? round(percentile([...xs].sort((a, b) => a - b), p)) : null);
const ratio = (a: number, n: number) => (n ? round(a / n, 4) : null);

export class ReportBuilder {
  private readonly acc = new Map<FindingKind, Acc>(KINDS.map((k) => [k, newAcc()]));
  private readonly tagAcc = new Map<string, Map<string, TagAcc>>();
  private readonly all: Acc = newAcc();
  private readonly failures: Failure[] = [];
  private failuresDropped = 0;
  private firstError: string | null = null;
  private readonly wrongKind: Record<string, number> = {};
  private readonly bySize = new Map<string, number[]>(SIZE_BANDS.map(([b]) => [b, []]));
  readonly skipped: { name: string; reason: string }[] = [];
  readonly notes: string[] = [];
  total = 0;

  add(o: CaseOutcome): void {
    const a = this.acc.get(o.kind)!;
    for (const x of [a, this.all]) {
      x.cases++;
      if (o.alarm) x.alarms++;
      if (o.error) x.errors++;
      if (o.alarm && o.verdictKind === o.kind) x.kindMatch++;
      if (o.baseline.alarm) x.baselineAlarms++;
      if (o.ms !== null) {
        x.ms.push(o.ms);
        if (o.bytes >= LARGE_PAGE_BYTES) x.msLarge.push(o.ms);
      }
    }
    if (o.ms !== null) this.bySize.get(SIZE_BANDS.find(([, kb]) => o.bytes < kb * 1024)![0])!.push(o.ms);
    if (o.alarm && o.expectedAlarm && o.verdictKind !== o.kind) {
      const k = `${o.kind}->${o.verdictKind}`;
      this.wrongKind[k] = (this.wrongKind[k] ?? 0) + 1;
    }
    let byTag = this.tagAcc.get(o.kind);
    if (!byTag) this.tagAcc.set(o.kind, (byTag = new Map()));
    for (const t of o.tags) {
      const ta = byTag.get(t) ?? { cases: 0, alarms: 0, baseline_alarms: 0 };
      ta.cases++;
      if (o.alarm) ta.alarms++;
      if (o.baseline.alarm) ta.baseline_alarms++;
      byTag.set(t, ta);
    }
    if (o.error && !this.firstError) this.firstError = `${o.name}: ${o.error}`;
    if (o.alarm !== o.expectedAlarm || o.error) {
      if (this.failures.length >= MAX_FAILURES) this.failuresDropped++;
      else
        this.failures.push({
          name: o.name,
          kind: o.kind,
          expected_alarm: o.expectedAlarm,
          verdict_kind: o.verdictKind,
          score: o.score === null ? null : round(o.score, 3),
          error: o.error,
          tags: o.tags,
          reasons: o.reasons.slice(0, 3).map((e) => ({
            code: e.code,
            message: String(e.message).slice(0, 300),
            ...(e.variant ? { variant: e.variant } : {}),
            ...(e.samples?.length ? { samples: e.samples.slice(0, 3).map((s) => String(s).slice(0, 160)) } : {}),
          })),
        });
    }
  }

  finish(casesDir: string, cache?: { hits: number; misses: number }, machine?: EvalReport['machine']): EvalReport {
    const kinds: EvalReport['kinds'] = {};
    const baseline: EvalReport['baseline'] = { kinds: {} };
    for (const [k, a] of this.acc) {
      const rate = ratio(a.alarms, a.cases);
      const brate = ratio(a.baselineAlarms, a.cases);
      kinds[k] = {
        cases: a.cases,
        alarms: a.alarms,
        errors: a.errors,
        ...(k === 'legit' ? { false_alarm_rate: rate } : { recall: rate }),
        kind_match: a.kindMatch,
        median_ms: med(a.ms),
        p99_ms: med(a.ms, 99),
        median_ms_150kb: med(a.msLarge),
      };
      baseline.kinds[k] = { cases: a.cases, alarms: a.baselineAlarms, ...(k === 'legit' ? { false_alarm_rate: brate } : { recall: brate }) };
    }
    const tags: EvalReport['tags'] = {};
    const noise: EvalReport['noise'] = {};
    for (const [k, m] of this.tagAcc) {
      tags[k] = Object.fromEntries([...m].sort(([x], [y]) => x.localeCompare(y)));
      for (const [t, v] of m) if (t.startsWith('capture:')) noise[`${k} ${t}`] = v;
    }
    return {
      cases_dir: casesDir,
      total_cases: this.total,
      evaluated: this.all.cases,
      skipped: this.skipped,
      notes: this.notes,
      errors: this.all.errors,
      first_error: this.firstError,
      kinds,
      median_ms: med(this.all.ms),
      p99_ms: med(this.all.ms, 99),
      median_ms_150kb: med(this.all.msLarge),
      pages_150kb: this.all.msLarge.length,
      ms_by_size: Object.fromEntries([...this.bySize].map(([b, xs]) => [b, { pages: xs.length, median_ms: med(xs), p99_ms: med(xs, 99) }])),
      baseline,
      noise,
      tags,
      wrong_kind: this.wrongKind,
      failure_count: this.failures.length + this.failuresDropped,
      failures: this.failures,
      failures_truncated: this.failuresDropped,
      ...(cache ? { feature_cache: cache } : {}),
      ...(machine ? { machine } : {}),
    };
  }
}
