/** The human-readable form of an EvalReport (the JSON form is the report itself). */
import type { EvalReport, Failure } from './report.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '   n/a' : `${(x * 100).toFixed(2).padStart(6)} %`);
const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} ms`);

function rateLabel(kind: string) {
  return kind === 'legit' ? 'false alarms' : 'recall';
}

function failureLines(f: Failure): string[] {
  const head = f.expected_alarm ? 'MISS' : 'FALSE ALARM';
  const lines = [`  ${head} ${f.name}${f.error ? `  [detector error: ${f.error}]` : ''}  verdict=${f.verdict_kind ?? '-'} score=${f.score ?? '-'}  tags=${f.tags.join(',') || '-'}`];
  for (const r of f.reasons) {
    lines.push(`      ${r.code}${r.variant ? ` (${r.variant})` : ''}: ${r.message}`);
    if (r.samples?.length) lines.push(`        e.g. ${r.samples.map((s) => JSON.stringify(s)).join('  ')}`);
  }
  if (!f.reasons.length && !f.error) lines.push('      (no reasons given)');
  return lines;
}

export function formatReport(r: EvalReport, verbose: boolean): string {
  const out: string[] = [];
  out.push(`cases: ${r.total_cases} in ${r.cases_dir}; evaluated ${r.evaluated}, skipped ${r.skipped.length}, detector errors ${r.errors}`);
  if (r.first_error) out.push(`first detector error: ${r.first_error}`);
  out.push('');
  out.push('detector');
  out.push('  kind          cases  alarms  rate                    kind ok   median     p99    median ≥150KB');
  for (const [k, f] of Object.entries(r.kinds)) {
    const rate = k === 'legit' ? f.false_alarm_rate : f.recall;
    out.push(
      `  ${k.padEnd(12)} ${String(f.cases).padStart(6)} ${String(f.alarms).padStart(7)}  ${rateLabel(k).padEnd(12)} ${pct(rate)}  ${String(f.kind_match).padStart(8)}  ${ms(f.median_ms).padStart(9)} ${ms(f.p99_ms).padStart(9)}  ${ms(f.median_ms_150kb).padStart(9)}`,
    );
  }
  out.push(`  all pages: median ${ms(r.median_ms)}, p99 ${ms(r.p99_ms)}; pages ≥ 150 KB: ${r.pages_150kb}, median ${ms(r.median_ms_150kb)}  (analyzePage of the probe only)`);
  if (r.machine) out.push(`  wall-clock times; ${r.machine.cpus} CPUs, load average ${r.machine.load_start} at start, ${r.machine.load_end} at end${r.machine.load_start > r.machine.cpus || r.machine.load_end > r.machine.cpus ? ' (busy machine: times are inflated)' : ''}`);
  out.push(`  by probe size: ${Object.entries(r.ms_by_size).map(([b, v]) => `${b} ${v.pages} pages median ${ms(v.median_ms)} p99 ${ms(v.p99_ms)}`).join('; ')}`);
  out.push('');
  out.push('keyword baseline ("hacked by" and similar phrases in the probe or a variant)');
  for (const [k, f] of Object.entries(r.baseline.kinds)) {
    const rate = k === 'legit' ? f.false_alarm_rate : f.recall;
    out.push(`  ${k.padEnd(12)} ${String(f.cases).padStart(6)} ${String(f.alarms).padStart(7)}  ${rateLabel(k).padEnd(12)} ${pct(rate)}`);
  }
  if (Object.keys(r.noise).length) {
    out.push('');
    out.push('defaced captures by class (plain = an ordinary defacement page; tiny / binary / script / unmarked = noisy captures, see README)');
    for (const [t, v] of Object.entries(r.noise)) out.push(`  ${t.padEnd(36)} cases ${String(v.cases).padStart(4)}  alarms ${String(v.alarms).padStart(4)}  baseline ${String(v.baseline_alarms).padStart(4)}`);
  }
  if (Object.keys(r.wrong_kind).length) {
    out.push('');
    out.push(`alarmed with another kind: ${Object.entries(r.wrong_kind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  if (r.skipped.length) {
    out.push('');
    out.push(`skipped cases (${r.skipped.length}):`);
    for (const s of r.skipped.slice(0, verbose ? 1000 : 20)) out.push(`  ${s.name}: ${s.reason}`);
    if (!verbose && r.skipped.length > 20) out.push(`  … ${r.skipped.length - 20} more (--verbose)`);
  }
  if (r.notes.length) {
    out.push('');
    out.push(`notes (${r.notes.length}):`);
    for (const n of r.notes.slice(0, verbose ? 1000 : 10)) out.push(`  ${n}`);
  }
  if (verbose) {
    out.push('');
    out.push('per tag (cases / detector alarms / baseline alarms)');
    for (const [k, tags] of Object.entries(r.tags)) {
      out.push(`  ${k}`);
      for (const [t, v] of Object.entries(tags)) out.push(`    ${t.padEnd(34)} ${String(v.cases).padStart(5)} ${String(v.alarms).padStart(6)} ${String(v.baseline_alarms).padStart(6)}`);
    }
    out.push('');
    out.push(`misses and false alarms (${r.failures.length}${r.failures_truncated ? `, ${r.failures_truncated} more not listed` : ''})`);
    for (const f of r.failures) out.push(...failureLines(f));
  } else if (r.failure_count) {
    out.push('');
    out.push(`${r.failure_count} misses / false alarms / errors: --verbose lists them with the verdict's reasons`);
  }
  return out.join('\n');
}
