/**
 * Monitoring engine under load: N simulated sites on loopback, the real engine in its own
 * process(es), measured for M minutes.
 *
 *   npm run bench:monitor -- --sites N [--interval 60] [--minutes M] [--workers K] [--json]
 *   DATABASE_URL=postgres://…/postgres npm run bench:monitor -- --sites N --workers 2   # PostgreSQL
 *
 * Other options: --warmup S (default: one interval), --hosts H (hosting-server addresses,
 * default 50), --seed S, --timeout MS (the monitors' timeout; default the engine's default for
 * the interval, min(10 s, interval)), --drain S (default: the timeout + 5 s), --cpu-prof DIR (V8
 * CPU profile of each engine process, written when it exits). VIGIL_MONITOR_* variables in the
 * environment reach the engine (e.g. VIGIL_MONITOR_CONCURRENCY=512).
 *
 * What runs (loopback only: 127.0.0.0/8):
 * - The fleet (bench/fleet/fleet.ts), its own process: a DNS server on 127.0.0.1 and one HTTP
 *   and one HTTPS server on each of H addresses 127.1.0.1… ("hosting servers", sites spread
 *   over them). Sites: fast 200s, slow (0–5 s), 503, flaky 500s, never answering (timeouts),
 *   TCP resets, HTTPS with a test CA (node-forge), redirects; shares in bench/fleet/plan.ts.
 *   Every site has an HTTP monitor; HTTPS sites also a TLS monitor, 5 % of names a DNS monitor
 *   (A records). 80 % of plain-HTTP sites are monitored by name (http://site-N.bench.test:PORT/…,
 *   resolved through the fleet's DNS server: the probes' `resolver` setting), 20 % by address
 *   (http://127.1.x.y:PORT/…); the engine's per-host cap is keyed by the URL's host, so it binds
 *   on those address-monitored sites that share a hosting server. HTTPS and TLS monitors trust
 *   the fleet's CA through their `caBundle` setting. During the window the fleet flips the A
 *   record of 2 % of the DNS-monitored names to another hosting server and back.
 * - A fresh database: PGlite in a temp dir, or (DATABASE_URL) a new database on that server,
 *   dropped at the end. Systems are marked `internal` (what lets an administrator's internal
 *   systems reach private and loopback addresses); the test-only loopback allowance is not used.
 *   Monitors are due uniformly at random over the first interval, starting a few seconds after
 *   the engine is started.
 * - The engine: `vigil serve` (API + in-process worker; the default, PGlite or PostgreSQL), or K
 *   `vigil worker` processes (--workers, PostgreSQL only), started through
 *   bench/fleet/engine-entry.ts = the CLI plus a read-only tap on the MonitorBus.
 *
 * How each figure is measured:
 * - The window is a range of due times: [start + warm-up, + M minutes). The warm-up (one
 *   interval) holds every monitor's first check (unknown → first state, cold JIT).
 * - due / done / missed / on time: from the engine's own `check` events (written checks, with
 *   the due time they were claimed for and their lag = start − due on the database clock),
 *   forwarded by the tap, and each monitor's pending next_due_at read after the run; see
 *   bench/fleet/schedule-analysis.ts. on_time_pct = checks started ≤ 5 s after due / due slots
 *   (missed slots count as late). lag p50/p99/max: over done checks. Confirming retries of
 *   failures are due slots too. After the window the engine gets a drain period before it is
 *   stopped; a check due in the window and not written by then counts as missed.
 * - cpu_pct: utime+stime of the engine process(es) from /proc/<pid>/stat over the window, as a
 *   percentage of one core (2 cores = 200 %). Summed over workers.
 * - rss_mb: peak resident set (VmHWM from /proc/<pid>/status) of the largest engine process,
 *   read after the drain (includes start-up); rss_mb_total sums the processes.
 * - Database: table + index + TOAST bytes (pg_total_relation_size) per table after seeding and
 *   after the run, row counts, and the size of one rollup row per level (written after the run,
 *   fixed-size by design). The run is minutes long, so daily growth is extrapolated, not
 *   measured: raw samples only live VIGIL_MONITOR_RAW_RETENTION_MINUTES (2 h) and reach a steady
 *   size; minute rollups live 48 h (steady); hour rollups accumulate one row per monitor per day
 *   for 90 days; day rollups one row per monitor per month forever; state changes and alerts
 *   forever, at the rate this fleet produced them in the window. db_bytes_per_day = growth per
 *   day in the first 90 days (hour rollups + day rollups + events + alerts);
 *   db_bytes_per_day_after_90d = the same without hour rollups (deleted as fast as written);
 *   db_steady_bytes = what stops growing (monitors table, 2 h of samples, 48 h of minute rows).
 *   PGlite also has WAL and catalog files: the data directory's size is printed as measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../server/src/config/config.ts';
import { defaultTimeoutMs } from '../server/src/monitoring/monitor-validation.ts';
import {
  countRows,
  createBenchDatabase,
  marginalRowBytes,
  monitorsAtEnd,
  pgliteDirBytes,
  rollupRowBytes,
  scheduleFrom,
  seedFleet,
  tableSizes,
  type BenchDatabase,
} from './fleet/bench-db.ts';
import type { TapRow } from './fleet/engine-entry.ts';
import { planFleet, type FleetLayout } from './fleet/plan.ts';
import { children, freePort, scrape, spawnNode, stopChild, stopChildrenOnSignals, waitFor, type Proc } from './fleet/child-processes.ts';
import { databaseGrowth } from './fleet/db-growth.ts';
import { engineMetricDeltas } from './fleet/engine-metric-deltas.ts';
import { printReport } from './fleet/monitor-report.ts';
import { CpuTracker, cpuMs, loadAverage, memory } from './fleet/proc-stats.ts';
import { analyseSchedule, percentile, type CheckRecord } from './fleet/schedule-analysis.ts';

const { values: args } = parseArgs({
  options: {
    sites: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '60' },
    minutes: { type: 'string', default: '3' },
    workers: { type: 'string' },
    warmup: { type: 'string' },
    hosts: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    drain: { type: 'string' },
    timeout: { type: 'string' },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const SITES = Number(args.sites);
const INTERVAL_S = Number(args.interval);
const MINUTES = Number(args.minutes);
const WORKERS = args.workers === undefined ? 0 : Number(args.workers);
const HOSTS = Math.max(1, Math.min(Number(args.hosts), SITES));
const SEED = Number(args.seed);
const WARMUP_MS = (args.warmup === undefined ? INTERVAL_S : Number(args.warmup)) * 1000;
const TIMEOUT_MS = args.timeout === undefined ? defaultTimeoutMs(INTERVAL_S) : Number(args.timeout);
const DRAIN_MS = args.drain === undefined ? TIMEOUT_MS + 5000 : Number(args.drain) * 1000;
const ON_TIME_MS = 5000;
/** Between closing the seeded database and the first due time: the engine's start-up. */
const START_DELAY_MS = 15_000;
const ADMIN_URL = process.env.DATABASE_URL || null;
const MiB = 1024 * 1024;

for (const [name, v] of [['--sites', SITES], ['--interval', INTERVAL_S], ['--minutes', MINUTES], ['--hosts', HOSTS]] as const) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
}
if (!Number.isInteger(WORKERS) || WORKERS < 0) throw new Error('--workers must be a whole number');
if (WORKERS > 0 && !ADMIN_URL) throw new Error('--workers needs PostgreSQL: set DATABASE_URL (vigil worker processes share work through the database)');

const log = (s: string) => {
  if (!args.json) process.stdout.write(s + '\n');
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (b: number) => `${(b / MiB).toFixed(1)} MB`;
const clock = (t: number) => new Date(t).toISOString().slice(11, 19);

// ---------------------------------------------------------------- cleanup (also on Ctrl-C)

let tempDir: string | null = null;
let benchDb: BenchDatabase | null = null;
let cleaning: Promise<void> | null = null;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c, 20_000)));
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    tempDir = null;
    await benchDb?.drop().catch((e: Error) => process.stderr.write(`could not drop the benchmark database: ${e.message}\n`));
  })();
  return cleaning;
}

stopChildrenOnSignals(cleanup, () => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- main

async function main() {
  const sites = planFleet(SITES, HOSTS, SEED);
  const mode = WORKERS > 0 ? `${WORKERS} × vigil worker` : 'vigil serve (in-process worker)';
  tempDir = mkdtempSync(join(tmpdir(), 'vigil-bench-monitor-'));
  const loadStart = loadAverage();
  log(`monitoring benchmark: ${fmt(SITES)} sites on ${HOSTS} loopback hosting servers, interval ${INTERVAL_S} s, timeout ${TIMEOUT_MS / 1000} s, ${MINUTES} min window after ${WARMUP_MS / 1000} s warm-up`);
  log(`engine: ${mode} on ${ADMIN_URL ? 'PostgreSQL' : 'PGlite'}; load average at start ${loadStart.join(' ')}`);

  // 1. The fleet.
  const fleet = spawnNode('fleet', 'bench/fleet/fleet.ts', ['--sites', String(SITES), '--hosts', String(HOSTS), '--seed', String(SEED)], { ...process.env });
  let fleetStats: Record<string, unknown> | null = null;
  let layout: FleetLayout | null = null;
  fleet.child.on('message', (m: { type: string; layout?: FleetLayout }) => {
    if (m.type === 'ready') layout = m.layout!;
    if (m.type === 'stats') fleetStats = m as Record<string, unknown>;
  });
  const fleetLayout = await waitFor(fleet, 'fleet ready', 60_000, () => layout);
  log(`fleet ready: DNS ${fleetLayout.dns}, HTTP :${fleetLayout.httpPort}, HTTPS :${fleetLayout.httpsPort} on ${fleetLayout.hosts[0]}…${fleetLayout.hosts.at(-1)}`);

  // 2. The database.
  benchDb = await createBenchDatabase(ADMIN_URL, tempDir);
  let t = Date.now();
  let database = await benchDb.open();
  const seeded = await seedFleet(database, sites, fleetLayout, { intervalSeconds: INTERVAL_S, timeoutMs: TIMEOUT_MS, seed: SEED });
  const sizesStart = await tableSizes(database);
  const start = Date.now() + START_DELAY_MS;
  await scheduleFrom(database, new Date(start));
  await database.close();
  const dirStart = benchDb.kind === 'pglite' ? pgliteDirBytes(tempDir) : null;
  const kinds = Object.entries(seeded.byKind).map(([k, n]) => `${k} ${fmt(n)}`).join(', ');
  log(`seeded ${fmt(seeded.monitors)} monitors (${kinds}) for ${fmt(seeded.systems)} internal systems in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // 3. The engine.
  const checks: CheckRecord[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: benchDb.url ?? '', VIGIL_DATA_DIR: tempDir, LOG_LEVEL: 'info' };
  const profile = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : [];
  const engines: (Proc & { metricsUrl: string })[] = [];
  t = Date.now();
  const starts: Promise<void>[] = [];
  for (let i = 0; i < Math.max(1, WORKERS); i++) {
    let metricsUrl = '';
    let p: Proc;
    if (WORKERS === 0) {
      p = spawnNode('vigil serve', 'bench/fleet/engine-entry.ts', ['serve', '--port', '0', '--host', '127.0.0.1'], env, profile);
    } else {
      const port = await freePort();
      metricsUrl = `http://127.0.0.1:${port}/metrics`;
      p = spawnNode(`vigil worker ${i + 1}`, 'bench/fleet/engine-entry.ts', ['worker', '--metrics-port', String(port)], env, profile);
    }
    p.child.on('message', (m: { type: string; rows?: TapRow[] }) => {
      if (m.type !== 'checks') return;
      for (const r of m.rows!) checks.push({ monitorId: r[0], dueAt: r[1], lagMs: r[2], status: r[3], kind: r[4] });
    });
    const e = Object.assign(p, { metricsUrl });
    engines.push(e);
    starts.push(
      waitFor(p, 'engine start', 120_000, () => {
        const joined = p.tail.join('\n');
        if (WORKERS === 0) {
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(joined);
          return m ? m[1]! : null;
        }
        return joined.includes('Vigil worker is running') ? 'ok' : null;
      }).then((url) => {
        if (WORKERS === 0) e.metricsUrl = `${url}/metrics`;
      }),
    );
  }
  await Promise.all(starts);
  let stopping = false;
  fleet.child.on('exit', (code, sig) => {
    if (!stopping) {
      process.stderr.write(`the fleet exited unexpectedly (${code ?? sig}):\n${fleet.tail.slice(-40).join('\n')}\n`);
      void cleanup().finally(() => process.exit(1));
    }
  });
  const late = Date.now() - start;
  log(`engine started in ${((Date.now() - t) / 1000).toFixed(1)} s (pid ${engines.map((e) => e.pid).join(', ')}); first checks due ${late > 0 ? `${(late / 1000).toFixed(1)} s ago (absorbed by the warm-up)` : `in ${(-late / 1000).toFixed(1)} s`}`);
  for (const e of engines) {
    e.child.on('exit', (code, sig) => {
      if (!stopping) {
        process.stderr.write(`${e.name} exited unexpectedly (${code ?? sig}):\n${e.tail.slice(-40).join('\n')}\n`);
        void cleanup().finally(() => process.exit(1));
      }
    });
  }

  // 4. Measure.
  const t0 = start + WARMUP_MS;
  const t1 = t0 + MINUTES * 60_000;
  let maxRss = 0;
  const pgCpu = new CpuTracker();
  const pgClient = benchDb.url ? new pg.Client({ connectionString: benchDb.url }) : null;
  await pgClient?.connect();
  let measuring = false;
  const sampler = setInterval(() => {
    for (const e of engines) maxRss = Math.max(maxRss, memory(e.pid)?.rss ?? 0);
    if (measuring && pgClient) {
      pgClient
        .query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
        .then((r) => pgCpu.sample(r.rows.map((x) => x.pid)))
        .catch(() => {});
    }
  }, 2000);
  const progress = setInterval(() => {
    const now = Date.now();
    const recent = checks.filter((c) => c.dueAt > now - 30_000 - DRAIN_MS && c.dueAt <= now - DRAIN_MS).map((c) => c.lagMs).sort((a, b) => a - b);
    const phase = now < t0 ? 'warm-up' : now < t1 ? 'window' : 'drain';
    log(`  ${clock(now)} ${phase}: ${fmt(checks.length)} checks written; lag of checks due in the 30 s before the last ${DRAIN_MS / 1000} s: p50 ${fmt(percentile(recent, 50))} ms, p99 ${fmt(percentile(recent, 99))} ms; engine RSS${engines.length > 1 ? ' (all processes)' : ''} ${mb(engines.reduce((a, e) => a + (memory(e.pid)?.rss ?? 0), 0))}`);
  }, 30_000);

  await sleep(t0 - Date.now());
  measuring = true;
  const loadT0 = loadAverage();
  const cpu0 = engines.map((e) => cpuMs(e.pid) ?? 0);
  const fleetCpu0 = cpuMs(fleet.pid) ?? 0;
  const m0 = await Promise.all(engines.map((e) => scrape(e.metricsUrl)));
  log(`window opens ${clock(t0)} (due times until ${clock(t1)}); load average ${loadT0.join(' ')}`);
  const flips = [1 / 3, 2 / 3].map((f) => setTimeout(() => fleet.child.connected && fleet.child.send({ type: 'dns-flip' }), t0 + f * (t1 - t0) - Date.now()));

  await sleep(t1 - Date.now());
  const cpu1 = engines.map((e) => cpuMs(e.pid) ?? 0);
  const fleetCpu1 = cpuMs(fleet.pid) ?? 0;
  if (pgClient) await pgClient.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()').then((r) => pgCpu.sample(r.rows.map((x) => x.pid))).catch(() => {});
  measuring = false;
  const loadT1 = loadAverage();
  const m1 = await Promise.all(engines.map((e) => scrape(e.metricsUrl)));
  fleet.child.send({ type: 'stats' });
  log(`window closed ${clock(t1)}; load average ${loadT1.join(' ')}; draining ${DRAIN_MS / 1000} s`);
  await sleep(DRAIN_MS);
  flips.forEach(clearTimeout);
  clearInterval(progress);
  clearInterval(sampler);
  await pgClient?.end();
  const peaks = engines.map((e) => memory(e.pid)?.peak ?? 0);

  // 5. Stop the engine (graceful: hands back what has not started, writes the last results).
  stopping = true;
  await Promise.all(engines.map((e) => stopChild(e.child, 60_000)));
  log('engine stopped; reading the database');

  // 6. The database after the run.
  database = await benchDb.open();
  const sizesEnd = await tableSizes(database);
  const rows = await countRows(database, new Date(t0), new Date(t1));
  const atEnd = await monitorsAtEnd(database);
  // Bytes per row: from the real rows when there are enough of them, else by copying them (see marginalRowBytes).
  const ROWS_ENOUGH = 5000;
  const perRow = async (table: 'monitor_samples' | 'monitor_events' | 'alerts', count: number) =>
    count >= ROWS_ENOUGH
      ? { bytes: (sizesEnd[table] - sizesStart[table]) / count, how: `${fmt(count)} real rows` }
      : { bytes: (await marginalRowBytes(database, table, ROWS_ENOUGH)) ?? 0, how: count ? `${fmt(count)} real rows copied to ${fmt(ROWS_ENOUGH)}+` : 'no rows' };
  const marginal = {
    samples: await perRow('monitor_samples', rows.samples),
    events: await perRow('monitor_events', rows.events),
    alerts: await perRow('alerts', rows.alerts),
  };
  const rollupBytes = await rollupRowBytes(database);
  await database.close();
  const dirEnd = benchDb.kind === 'pglite' ? pgliteDirBytes(tempDir) : null;

  // 7. Figures.
  const windowS = (t1 - t0) / 1000;
  const s = analyseSchedule(checks, atEnd, t0, t1, ON_TIME_MS, (id, kind) => `${kind} on ${seeded.siteKind.get(id) ?? '?'} sites`);
  const engineCpuMs = cpu1.reduce((a, v, i) => a + v - cpu0[i]!, 0);
  const cpuPct = (engineCpuMs / (t1 - t0)) * 100;
  const perProcessCpu = cpu1.map((v, i) => +(((v - cpu0[i]!) / (t1 - t0)) * 100).toFixed(1));
  const fleetCpuPct = ((fleetCpu1 - fleetCpu0) / (t1 - t0)) * 100;
  const pgCpuPct = pgClient ? (pgCpu.totalMs() / (t1 - t0)) * 100 : null;
  const { counters, flushCount, flushSum, loopP99, loopMax, heapUsed, gc } = engineMetricDeltas(m0, m1);

  // Database growth: measured sizes, extrapolated to a day (see the header).
  const c = loadConfig(process.env);
  const checksPerS = s.done / windowS;
  const n = seeded.monitors;
  const growth = databaseGrowth({ config: c, marginal, rows, windowS, checksPerS, monitors: n, rollupBytes, monitorsTableBytes: sizesEnd.monitors });
  const { bytesPerSample, bytesPerEvent, bytesPerAlert, eventsPerDay, alertsPerDay, perDay, steady, dbBytesPerDay, dbBytesPerDayAfter, dbSteady } = growth;
  const rssMb = Math.max(...peaks) / MiB;
  const result = {
    sites: SITES,
    monitors: n,
    monitors_by_kind: seeded.byKind,
    interval_s: INTERVAL_S,
    timeout_ms: TIMEOUT_MS,
    window_min: MINUTES,
    database: benchDb.kind,
    engine: WORKERS > 0 ? 'worker' : 'serve',
    processes: engines.length,
    due: s.due,
    done: s.done,
    missed: s.missed,
    on_time: s.onTime,
    on_time_pct: s.due ? +((s.onTime / s.due) * 100).toFixed(3) : 0,
    lag_p50_ms: Math.round(percentile(s.lags, 50)),
    lag_p99_ms: Math.round(percentile(s.lags, 99)),
    lag_max_ms: Math.round(s.lags.at(-1) ?? 0),
    throughput_per_s: +checksPerS.toFixed(1),
    cpu_pct: +cpuPct.toFixed(1),
    cpu_pct_per_process: perProcessCpu,
    rss_mb: Math.round(rssMb),
    rss_mb_total: Math.round(peaks.reduce((a, b) => a + b, 0) / MiB),
    fleet_cpu_pct: +fleetCpuPct.toFixed(1),
    postgres_cpu_pct: pgCpuPct === null ? null : +pgCpuPct.toFixed(1),
    db_bytes_per_day: Math.round(dbBytesPerDay),
    db_bytes_per_day_after_90d: Math.round(dbBytesPerDayAfter),
    db_steady_bytes: Math.round(dbSteady),
    db_measured_growth_bytes: sizesEnd.database - sizesStart.database,
    pglite_dir_bytes: dirEnd ? { start: dirStart!.total, end: dirEnd.total, wal_end: dirEnd.wal } : null,
    bytes_per_sample: +bytesPerSample.toFixed(1),
    bytes_per_event: Math.round(bytesPerEvent),
    bytes_per_alert: Math.round(bytesPerAlert),
    rollup_row_bytes: { minute: Math.round(rollupBytes[1]), hour: Math.round(rollupBytes[2]), day: Math.round(rollupBytes[3]) },
    events_per_day: Math.round(eventsPerDay),
    alerts_per_day: Math.round(alertsPerDay),
    claimed: counters.claimed,
    expired: counters.expired,
    rejected: counters.rejected,
    dropped: counters.dropped,
    db_errors: counters.dbErrors,
    flush_mean_ms: flushCount ? +((flushSum / flushCount) * 1000).toFixed(1) : null,
    event_loop_lag_p99_ms: +(loopP99 * 1000).toFixed(1),
    heap_used_mb: Math.round(heapUsed / MiB),
    gc_ms: { major: Math.round(gc.majorMs), major_count: gc.majorCount, minor: Math.round(gc.minorMs), incremental: Math.round(gc.incrementalMs) },
    load_avg: { start: loadStart, window_start: loadT0, window_end: loadT1 },
  };

  if (!args.json) printReport(log, { s, result, windowS, checks, t0, t1, seeded, cpuPct, engines, perProcessCpu, rssMb, maxRss, flushCount, loopMax, heapUsed, gc, fleetCpuPct, pgCpuPct, loadT0, loadT1, fleetStats, sizesStart, sizesEnd, dirStart, dirEnd, rows, bytesPerSample, marginal, bytesPerEvent, bytesPerAlert, c, steady, checksPerS, dbSteady, perDay, eventsPerDay, alertsPerDay, dbBytesPerDay, dbBytesPerDayAfter });
  process.stdout.write(JSON.stringify(result) + '\n');
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (e) {
  process.stderr.write(`benchmark failed: ${(e as Error).stack ?? String(e)}\n`);
  await cleanup();
  process.exit(1);
}
