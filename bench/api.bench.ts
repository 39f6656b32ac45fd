/**
 * API latency under load: list pages at a fixed request rate against a registry of 10,000
 * information systems. The server runs in its own process (as in production); this process
 * seeds the database, then sends requests open-loop (a fixed schedule, not "next request when
 * the last one returns", so slow responses cannot hide by lowering the rate).
 *
 *   npm run bench:api -- [--systems 10000] [--rate 200] [--seconds 30] [--json]
 *   DATABASE_URL=postgres://… npm run bench:api      # against PostgreSQL instead of PGlite
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrator.ts';
import { createContext } from '../server/src/context.ts';
import { loadConfig } from '../server/src/config/config.ts';
import { SYSTEM_ACTOR } from '../server/src/domain/actor.ts';
import { actorFromUser } from '../server/src/services/auth.service.ts';
import { argon2Hasher } from '../server/src/io/password-hasher.ts';

const { values: args } = parseArgs({
  options: {
    systems: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const SYSTEMS = Number(args.systems);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const ROOT = new URL('..', import.meta.url).pathname;
const log = (s: string) => !args.json && process.stdout.write(s + '\n');

async function seed(env: { databaseUrl: string | null; dataDir: string }) {
  const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.databaseUrl ? null : env.dataDir });
  await migrate(database);
  const ctx = createContext({ config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), database, hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
  const db = database.db;
  const now = new Date();
  const province = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'BENCH', name: 'Tỉnh Bench', kind: 'province' });
  // 30 departments × 10 units: the shape of a province.
  const units: { id: string; path: string }[] = [];
  for (let d = 0; d < 30; d++) {
    const dept = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: `S${d}`, name: `Sở ${d}`, kind: 'department' });
    const deptRow = (await ctx.repos.agencies.findById(db, dept.id))!;
    const rows = Array.from({ length: 10 }, (_, u) => {
      const id = randomUUID();
      return { id, parent_id: dept.id, path: `${deptRow.path}${id}/`, depth: 2, code: `S${d}-U${u}`, name: `Đơn vị ${d}.${u}`, kind: 'unit', address: null, intake_email: null, intake_phone: null, created_at: now, updated_at: now };
    });
    await db.insertInto('agencies').values(rows).execute();
    units.push(...rows);
  }
  // Systems and their software in bulk: the bench measures reads, not the import path.
  for (let i = 0; i < SYSTEMS; i += 500) {
    const batch = Array.from({ length: Math.min(500, SYSTEMS - i) }, (_, k) => {
      const n = i + k;
      const owner = units[n % units.length]!;
      return {
        id: randomUUID(), name: `Hệ thống thông tin số ${n}`, description: `Cổng thông tin điện tử ${n}`, owner_agency_id: owner.id, operator_agency_id: null,
        security_level: (n % 5) + 1, critical_national: n % 97 === 0, urls: JSON.stringify([`https://s${n}.bench.gov.vn/`]), domains: JSON.stringify([`s${n}.bench.gov.vn`]),
        ip_addresses: JSON.stringify([`198.51.${Math.floor(n / 250) % 256}.${n % 250}`]), hosting_provider: 'TTDL tỉnh', tags: JSON.stringify(n % 3 ? ['cổng'] : ['dvc']),
        created_at: now, updated_at: now,
      };
    });
    await db.insertInto('information_systems').values(batch).execute();
    await db.insertInto('system_software').values(batch.flatMap((s, k) => [
      { id: randomUUID(), system_id: s.id, vendor: 'Microsoft', product: 'Windows Server', version: '2019', cpe: null, position: 0 },
      { id: randomUUID(), system_id: s.id, vendor: 'Microsoft', product: 'IIS', version: `10.${k % 3}`, cpe: null, position: 1 },
    ])).execute();
  }
  const coord = await ctx.users.create(SYSTEM_ACTOR, { username: 'bench', displayName: 'Bench', role: 'coordinator', password: 'bench password long' });
  const member = await ctx.users.create(SYSTEM_ACTOR, { username: 'bench-member', displayName: 'Member', role: 'agency_member', agencyId: (await ctx.repos.agencies.findByCode(db, 'S1'))!.id, password: 'bench password long' });
  const tokenFor = async (id: string) => (await ctx.tokens.create(actorFromUser((await ctx.repos.users.findById(db, id))!, 'token'), { name: 'bench' })).token;
  const tokens = { coordinator: await tokenFor(coord.user.id), member: await tokenFor(member.user.id) };
  await database.withSession((s) => s.exec('analyze'));
  await database.close();
  return tokens;
}

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-api-'));
  const databaseUrl = process.env.DATABASE_URL || null;
  log(`seeding ${SYSTEMS} systems on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}…`);
  const t0 = Date.now();
  const tokens = await seed({ databaseUrl, dataDir });
  log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; starting the server`);
  const profile = process.env.VIGIL_BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.VIGIL_BENCH_CPU_PROFILE}`] : [];
  const server = spawn(process.execPath, [...profile, join(ROOT, 'bin', 'vigil.mjs'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, VIGIL_DATA_DIR: dataDir, LOG_LEVEL: 'info', DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    server.stdout!.on('data', (d) => {
      buf += d;
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) resolve(m[1]!);
    });
    server.on('exit', () => reject(new Error('server exited')));
  });
  server.stdout!.resume();
  const pages = Math.max(1, Math.floor(SYSTEMS / 50));
  const requests: [string, string][] = [
    ['coordinator', '/api/v1/systems?page=PAGE&pageSize=50'],
    ['coordinator', '/api/v1/systems?q=s1234&pageSize=50'],
    ['coordinator', '/api/v1/systems?minSecurityLevel=3&sort=securityLevel&order=desc&pageSize=50&page=PAGE'],
    ['member', '/api/v1/systems?pageSize=50'],
    ['coordinator', '/api/v1/agencies?pageSize=50&page=2'],
    ['coordinator', '/api/v1/contacts?pageSize=50'],
    ['member', '/api/v1/agencies/tree'],
  ];
  // Warm-up: one request per endpoint, timed alone, so cold caches don't count as load latency.
  for (const [who, tpl] of requests) {
    const t = performance.now();
    const res = await fetch(url + tpl.replace('PAGE', '1'), { headers: { authorization: `Bearer ${tokens[who as 'member']}` } });
    await res.arrayBuffer();
    log(`  warm-up ${res.status} ${(performance.now() - t).toFixed(1)} ms  ${who} ${tpl}`);
  }
  const latencies: number[] = [];
  const byPath = new Map<string, number[]>();
  let errors = 0;
  const total = RATE * SECONDS;
  log(`${total} requests at ${RATE}/s for ${SECONDS} s against ${url}`);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const [who, tpl] = requests[i % requests.length]!;
    const path = tpl.replace('PAGE', String((i % pages) + 1));
    inflight.push(
      (async () => {
        // Latency counts from when the request was due, so queueing in this process shows up.
        const res = await fetch(url + path, { headers: { authorization: `Bearer ${tokens[who as 'member']}` } }).catch(() => null);
        const ms = performance.now() - due;
        if (!res || res.status !== 200) errors++;
        else await res.arrayBuffer();
        latencies.push(ms);
        const key = tpl.split('?')[0]! + (tpl.includes('q=') ? ' (search)' : '');
        byPath.set(key, [...(byPath.get(key) ?? []), ms]);
      })(),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const result = {
    database: databaseUrl ? 'postgres' : 'pglite',
    systems: SYSTEMS,
    rate: RATE,
    requests: latencies.length,
    achieved_rps: Math.round(latencies.length / elapsed),
    errors,
    p50_ms: +percentile(latencies, 50).toFixed(1),
    p95_ms: +percentile(latencies, 95).toFixed(1),
    p99_ms: +percentile(latencies, 99).toFixed(1),
    max_ms: +(latencies.at(-1) ?? 0).toFixed(1),
  };
  if (!args.json) {
    for (const [k, v] of byPath) {
      v.sort((a, b) => a - b);
      log(`  ${k.padEnd(28)} p50 ${percentile(v, 50).toFixed(1)} ms  p99 ${percentile(v, 99).toFixed(1)} ms`);
    }
    log(`p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms, max ${result.max_ms} ms; ${result.achieved_rps} req/s; ${errors} errors`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
