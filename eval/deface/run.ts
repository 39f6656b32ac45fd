/**
 * Evaluation of defacement / injection / cloaking detection on a cases directory.
 *
 *   npm run eval:deface -- --cases DIR [--json] [--verbose] [--filter TEXT]
 *
 * Prints per kind: cases, alarms, recall (false-alarm rate for legit), median / p99 time of
 * analyzePage, and the same figures for the keyword-only baseline. --json: the same as one JSON
 * object on the last line of stdout. --verbose: misses and false alarms with the verdict's top
 * reasons, and the per-tag breakdown. The text report always goes to stdout; with --json the
 * JSON line follows it. Exit 0 when the evaluation ran (whatever the figures),
 * 2 for bad usage or an unusable cases directory. Progress goes to stderr (--quiet: none).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CasesDirError, runEvaluation } from './evaluate.ts';
import { formatReport } from './format-report.ts';

function fail(msg: string): never {
  console.error(`eval:deface: ${msg}`);
  console.error('usage: npm run eval:deface -- --cases DIR [--json] [--verbose] [--filter TEXT] [--quiet]');
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      cases: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      filter: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
if (!args.cases) fail('--cases DIR is required');

const dir = resolve(args.cases);
const started = Date.now();
const tty = process.stderr.isTTY;
try {
  const report = runEvaluation(dir, {
    filter: args.filter,
    onCase: (done, total) => {
      if (args.quiet || done % (tty ? 25 : 200) !== 0) return;
      process.stderr.write(`${tty ? '\r' : ''}  ${done}/${total} cases, ${((Date.now() - started) / 1000).toFixed(0)} s${tty ? '' : '\n'}`);
    },
  });
  if (tty && !args.quiet) process.stderr.write('\n');
  console.log(formatReport(report, args.verbose));
  if (args.json) {
    // The failure list is for iterating on the detector: only with --verbose, to keep the line small.
    if (!args.verbose) report.failures = [];
    console.log(JSON.stringify(report));
  }
} catch (e) {
  if (e instanceof CasesDirError) fail(e.message);
  throw e;
}
