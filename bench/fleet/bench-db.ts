import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../server/src/config/config.ts';
import { createContext } from '../../server/src/context.ts';
import { openDatabase, type Database } from '../../server/src/db/database.ts';
import { migrate } from '../../server/src/db/migrator.ts';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { argon2Hasher } from '../../server/src/io/password-hasher.ts';
import { validateMonitor } from '../../server/src/monitoring/monitor-validation.ts';
import { PROBES } from '../../server/src/monitoring/probe-registry.ts';
import { encodeSlots } from '../../server/src/monitoring/rollup-codec.ts';
import { SLOT_COUNT, type RollupLevel } from '../../server/src/monitoring/rollup-periods.ts';
import type { MonitorRow } from '../../server/src/repositories/monitor.repository.ts';
import { directoryBytes } from './proc-stats.ts';
import { hostAddress, rng, type FleetLayout, type Site } from './plan.ts';

/**
 * The benchmark's own database: a PGlite data directory in a temp dir, or a new database on the
 * PostgreSQL server named by DATABASE_URL (created here, dropped at the end). Seeding writes
 * rows in bulk (the benchmark measures the engine, not the API), but every monitor definition
 * is checked with the engine's own validation first.
 */
export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  /** URL of the benchmark's database (PostgreSQL), or null. */
  url: string | null;
  dataDir: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string | null, dataDir: string): Promise<BenchDatabase> {
  if (!adminUrl) {
    return {
      kind: 'pglite',
      url: null,
      dataDir,
      open: () => openDatabase({ databaseUrl: null, dataDir }),
      drop: async () => {},
    };
  }
  const name = `vigil_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  let dropped = false;
  return {
    kind: 'postgres',
    url,
    dataDir,
    open: () => openDatabase({ databaseUrl: url, dataDir: null }),
    async drop() {
      if (dropped) return;
      dropped = true;
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface SeedResult {
  monitors: number;
  byKind: Record<string, number>;
  systems: number;
  /** Monitor id → the behaviour of its site (for the per-behaviour result table). */
  siteKind: Map<string, string>;
}

/** Monitors are inserted due far in the future; `scheduleFrom` moves them to their real times. */
const PARKED = new Date('2100-01-01T00:00:00Z');

export async function seedFleet(database: Database, sites: Site[], layout: FleetLayout, o: { intervalSeconds: number; timeoutMs: number; seed: number }): Promise<SeedResult> {
  await migrate(database);
  const ctx = createContext({
    config: loadConfig({ LOG_LEVEL: 'silent', VIGIL_DATA_DIR: '/tmp/vigil-bench-unused' } as NodeJS.ProcessEnv),
    database,
    hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }),
  });
  const db = database.db;
  // A user exists, so `vigil serve` does not bootstrap an administrator (argon2 at full cost) at start.
  await ctx.users.create(SYSTEM_ACTOR, { username: 'bench-admin', displayName: 'Bench', role: 'admin', password: 'bench password long enough' });
  const province = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: 'BENCH', name: 'Tỉnh Bench', kind: 'province' });
  const departments: { id: string }[] = [];
  for (let d = 0; d < 20; d++) departments.push(await ctx.agencies.create(SYSTEM_ACTOR, { parentId: province.id, code: `S${d}`, name: `Sở ${d}`, kind: 'department' }));

  const random = rng(o.seed ^ 0x5eed);
  const now = new Date();
  const intervalMs = o.intervalSeconds * 1000;
  const timeoutMs = o.timeoutMs;
  const byKind: Record<string, number> = {};
  let monitors = 0;
  const checked = new Set<string>();
  const siteKind = new Map<string, string>();

  for (let i = 0; i < sites.length; i += 500) {
    const batch = sites.slice(i, i + 500);
    const systems = batch.map((s) => {
      const https = s.kind === 'https';
      const url = s.byAddress
        ? `http://${hostAddress(s.host)}:${layout.httpPort}/site-${s.index}`
        : `${https ? 'https' : 'http'}://${s.name}:${https ? layout.httpsPort : layout.httpPort}/site-${s.index}`;
      return {
        site: s,
        url,
        row: {
          id: randomUUID(), name: `Cổng thông tin ${s.index}`, description: `bench site ${s.index} (${s.kind})`,
          owner_agency_id: departments[s.index % departments.length]!.id, operator_agency_id: null, security_level: (s.index % 5) + 1,
          critical_national: s.index % 97 === 0, urls: JSON.stringify([url]), domains: JSON.stringify([s.name]),
          ip_addresses: JSON.stringify([hostAddress(s.host)]), hosting_provider: `bench host ${s.host}`, tags: JSON.stringify(['bench']),
          // Loopback targets: allowed because an administrator marked the system internal (the
          // production path), not through the test-only loopback allowance.
          internal: true, created_at: now, updated_at: now,
        },
      };
    });
    await db.insertInto('information_systems').values(systems.map((x) => x.row) as never).execute();

    const rows: MonitorRow[] = [];
    const add = (sys: (typeof systems)[number], kind: 'http' | 'tls' | 'dns', target: string, settings: Record<string, unknown>) => {
      const def = { kind, target, name: `${kind.toUpperCase()} ${target}`, settings, intervalSeconds: o.intervalSeconds, timeoutMs, failureThreshold: 2 };
      // The definitions differ only by site number within a shape: validate one per shape.
      const shape = `${kind} ${sys.site.kind} ${sys.site.byAddress}`;
      if (!checked.has(shape)) {
        const issues = validateMonitor(PROBES, def, { minIntervalSeconds: 1 });
        if (issues.length) throw new Error(`invalid bench monitor ${target}: ${JSON.stringify(issues)}`);
        checked.add(shape);
      }
      rows.push({
        id: randomUUID(), system_id: sys.row.id, agency_id: sys.row.owner_agency_id, kind, name: def.name, target, settings,
        interval_seconds: o.intervalSeconds, timeout_ms: timeoutMs, failure_threshold: 2, paused: false,
        // Spread uniformly at random over one interval, as the engine's initialDue() does.
        next_due_at: new Date(PARKED.getTime() + Math.floor(random() * intervalMs)),
        lease_owner: null, lease_until: null, state: 'unknown', state_reason: 'not checked yet', state_since: now,
        consecutive_failures: 0, flapping: false, recent_transitions: [], alert_kinds: [], last_checked_at: null,
        last_latency_ms: null, tls_days_left: null, last_result: null, baseline: null, created_at: now, updated_at: now,
      });
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      siteKind.set(rows.at(-1)!.id, sys.site.kind);
    };
    for (const sys of systems) {
      const s = sys.site;
      const https = s.kind === 'https';
      add(sys, 'http', sys.url, {
        ...(s.byAddress ? {} : { resolver: layout.dns }),
        ...(https ? { caBundle: layout.caPem } : {}),
      });
      if (https) add(sys, 'tls', `${s.name}:${layout.httpsPort}`, { resolver: layout.dns, caBundle: layout.caPem });
      if (s.dnsMonitor) add(sys, 'dns', s.name, { resolver: layout.dns, types: ['A'] });
    }
    await ctx.repos.monitors.insertMany(db, rows);
    monitors += rows.length;
  }
  await database.withSession((s) => s.exec('analyze'));
  return { monitors, byKind, systems: sites.length, siteKind };
}

/** Moves every monitor's first due time from the parked date to `start` (keeping the spread). */
export async function scheduleFrom(database: Database, start: Date): Promise<void> {
  await sql`update monitors set next_due_at = ${start.toISOString()}::timestamptz + (next_due_at - ${PARKED.toISOString()}::timestamptz)`.execute(database.db);
}

const TABLES = ['monitors', 'monitor_samples', 'monitor_rollups', 'monitor_events', 'alerts', 'jobs', 'information_systems'] as const;
export type TableName = (typeof TABLES)[number];

/** Table + index + TOAST bytes per table (pg_total_relation_size), and the whole database. */
export async function tableSizes(database: Database): Promise<Record<TableName | 'database', number>> {
  const r = await sql<{ name: string; bytes: string | number }>`
    select c.relname as name, pg_total_relation_size(c.oid) as bytes
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'`.execute(database.db);
  const out = { database: 0 } as Record<TableName | 'database', number>;
  for (const t of TABLES) out[t] = 0;
  for (const row of r.rows) {
    const bytes = Number(row.bytes);
    out.database += bytes;
    if ((TABLES as readonly string[]).includes(row.name)) out[row.name as TableName] = bytes;
  }
  return out;
}

/** The PGlite data directory, and its write-ahead log alone (recycled at checkpoints, up to max_wal_size). */
export function pgliteDirBytes(dataDir: string): { total: number; wal: number } {
  return { total: directoryBytes(join(dataDir, 'pgdata')), wal: directoryBytes(join(dataDir, 'pgdata', 'pg_wal')) };
}

export async function countRows(database: Database, t0: Date, t1: Date) {
  const one = async (q: RawBuilder<{ n: number }>) => Number((await q.execute(database.db)).rows[0]?.n ?? 0);
  return {
    samples: await one(sql<{ n: number }>`select count(*) as n from monitor_samples`),
    events: await one(sql<{ n: number }>`select count(*) as n from monitor_events`),
    eventsInWindow: await one(sql<{ n: number }>`select count(*) as n from monitor_events where at >= ${t0.toISOString()}::timestamptz and at < ${t1.toISOString()}::timestamptz`),
    alerts: await one(sql<{ n: number }>`select count(*) as n from alerts`),
    alertsInWindow: await one(sql<{ n: number }>`select count(*) as n from alerts where opened_at >= ${t0.toISOString()}::timestamptz and opened_at < ${t1.toISOString()}::timestamptz`),
    openAlerts: await one(sql<{ n: number }>`select count(*) as n from alerts where status = 'open'`),
  };
}

export async function monitorsAtEnd(database: Database) {
  const rows = await database.db.selectFrom('monitors').select(['id', 'kind', 'interval_seconds', 'next_due_at', 'state']).execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, intervalMs: r.interval_seconds * 1000, nextDueAt: new Date(r.next_due_at).getTime(), state: r.state }));
}

/**
 * Marginal bytes per row of a table (heap + indexes + TOAST), measured by copying its existing
 * rows until at least `target` rows were added and comparing sizes. A short run leaves few
 * state changes and alerts, and an almost empty table's size is mostly fixed page overhead;
 * the copies have the real rows' widths and index entries (their times are moved by a random
 * fraction of a second, so B-tree deduplication of identical keys does not flatter them). Run
 * after every other measurement
 * (the copies stay in the throw-away database).
 */
export async function marginalRowBytes(database: Database, table: 'monitor_samples' | 'monitor_events' | 'alerts', target = 5000): Promise<number | null> {
  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]?.n ?? 0);
  const existing = await count();
  if (existing === 0) return null;
  const before = (await tableSizes(database))[table];
  let added = 0;
  while (added < target) {
    const k = Math.min(existing, target - added);
    if (table === 'monitor_samples') {
      await sql`insert into monitor_samples (monitor_id, checked_at, latency_ms, status)
        select monitor_id, checked_at + make_interval(secs => random()), latency_ms, status from monitor_samples order by checked_at limit ${k}`.execute(database.db);
    } else if (table === 'monitor_events') {
      await sql`insert into monitor_events (monitor_id, system_id, agency_id, at, from_state, to_state, reason, flapping, suppressed, details)
        select monitor_id, system_id, agency_id, at + make_interval(secs => random()), from_state, to_state, reason, flapping, suppressed, details from monitor_events order by id limit ${k}`.execute(database.db);
    } else {
      // New ids and keys (the open-alert key is unique); same widths as the real rows.
      await sql`insert into alerts (id, dedup_key, monitor_id, system_id, agency_id, kind, severity, status, opened_at, resolved_at, summary, details)
        select gen_random_uuid(), left(dedup_key, length(dedup_key) - 8) || substr(md5(random()::text), 1, 8), monitor_id, system_id, agency_id,
          kind, severity, status, opened_at + make_interval(secs => random()), resolved_at, summary, details from alerts order by opened_at limit ${k}`.execute(database.db);
    }
    added += k;
  }
  return ((await tableSizes(database))[table] - before) / added;
}

/**
 * Bytes one rollup row of each level takes on this database (heap + primary key + BRIN),
 * measured by writing one full row per monitor at each level and comparing table sizes.
 * Rollup rows have a fixed size (rollup-codec.ts), so synthetic rows measure real ones; the
 * rollup job itself only runs for complete hours, which a benchmark of minutes never has.
 */
export async function rollupRowBytes(database: Database): Promise<Record<RollupLevel, number>> {
  const ids = (await database.db.selectFrom('monitors').select('id').execute()).map((r) => r.id);
  const out = {} as Record<RollupLevel, number>;
  const bucket: Record<RollupLevel, Date> = { 1: new Date('2099-01-01T00:00:00Z'), 2: new Date('2099-01-01T17:00:00Z'), 3: new Date('2098-12-31T17:00:00Z') };
  for (const level of [1, 2, 3] as const) {
    const slots = encodeSlots(level, Array.from({ length: SLOT_COUNT[level] }, () => ({ n: 60, down: 1, degraded: 2, latencyMs: 123 })));
    const before = (await tableSizes(database)).monitor_rollups;
    const rows = ids.map((monitor_id) => ({ monitor_id, level, bucket_start: bucket[level], slots }));
    for (let i = 0; i < rows.length; i += 500) await database.db.insertInto('monitor_rollups').values(rows.slice(i, i + 500)).execute();
    const after = (await tableSizes(database)).monitor_rollups;
    out[level] = ids.length ? (after - before) / ids.length : 0;
  }
  return out;
}
