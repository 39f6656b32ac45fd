/**
 * Observable extraction on large pasted text: how long extractObservables takes on 10 MB of
 * (a) Vietnamese incident prose with defanged indicators, (b) a web-server log, (c) adversarial
 * input made of defanging brackets only. The limit the product relies on is "bounded": reports
 * and attachments up to the upload limit must not stall the server.
 *
 *   npm run bench:observables -- [--mb 10] [--runs 3] [--json]
 */
import { parseArgs } from 'node:util';
import { extractObservables } from '../server/src/incidents/observables/extract-observables.ts';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
const BYTES = Number(args.mb) * 1024 * 1024;
const RUNS = Number(args.runs);

function fill(unit: (i: number) => string): string {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < BYTES; i++) {
    const s = unit(i);
    parts.push(s);
    n += Buffer.byteLength(s);
  }
  return parts.join('');
}

const inputs: Record<string, string> = {
  prose: fill((i) => `Ngày ${i % 28 + 1}/8, hệ thống phát hiện truy cập bất thường từ 203.0.113[.]${i % 250} tới hxxps://cong-ttdt-${i % 97}.dongnai.gov[.]vn/admin; mã độc có SHA-256 ${(i * 2654435761 >>> 0).toString(16).padStart(8, '0').repeat(8)}. Đã báo cáo Trung tâm. `),
  log: fill((i) => `192.0.2.${i % 254} - - [21/Nov/2026:10:${String(i % 60).padStart(2, '0')}:00 +0700] "GET /index.php?id=${i} HTTP/1.1" 200 5120 "http://ref${i % 50}.example.com/" "Mozilla/5.0"\n`),
  adversarial: fill(() => '[.][.][.](.)[dot] '),
};

const results: Record<string, { ms_median: number; observables: number; truncated: boolean }> = {};
for (const [name, text] of Object.entries(inputs)) {
  const times: number[] = [];
  let last = { items: [] as unknown[], truncated: false };
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    last = extractObservables(text, { maxBytes: BYTES + 1024, maxResults: 1_000_000, timeBudgetMs: 60_000 });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  results[name] = { ms_median: Math.round(times[Math.floor(times.length / 2)]!), observables: last.items.length, truncated: last.truncated };
  if (!args.json) console.log(`${name.padEnd(12)} ${args.mb} MB: median ${results[name]!.ms_median} ms over ${RUNS} runs, ${last.items.length} distinct observables${last.truncated ? ' (truncated)' : ''}`);
}
if (args.json) console.log(JSON.stringify({ mb: Number(args.mb), runs: RUNS, ...results }));
