import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { Registry } from 'prom-client';
import type { Config } from '../../../server/src/config/config.ts';
import type { DB } from '../../../server/src/db/schema.ts';
import { createContext } from '../../../server/src/context.ts';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import { systemClock, type Clock } from '../../../server/src/io/clock.ts';
import { engineMetrics } from '../../../server/src/monitoring/engine-metrics.ts';
import { MonitorWorker, type WorkerSettings } from '../../../server/src/monitoring/monitor-worker.ts';
import type { Probe, ProbeResult } from '../../../server/src/monitoring/probe.ts';
import { silentLogger, type AddressPolicyFactory, type Logger, type ProbeMap } from '../../../server/src/monitoring/types.ts';
import type { MonitorRow } from '../../../server/src/repositories/monitor.repository.ts';
import { createTestDatabase, testConfig, testHasher } from '../../helpers/test-db.ts';

/**
 * Shared set-up for the engine tests: a fresh database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL), a context whose probes are scripted fakes, and quick ways to make
 * systems, monitors and workers.
 */
export type Script = (target: string, call: number) => ProbeResult | Promise<ProbeResult>;

export const UP: ProbeResult = { status: 'up', reason: 'HTTP 200', latencyMs: 12, details: { status: 200 } };
export const DOWN: ProbeResult = { status: 'down', reason: 'HTTP 503', latencyMs: 8, details: { status: 503 } };
export const DEGRADED: ProbeResult = { status: 'degraded', reason: 'slow answer', latencyMs: 4000, details: {} };

/** Fake probes whose answers a test scripts per target; every call is recorded. */
export class ScriptedProbes {
  readonly calls: { target: string; at: number; worker?: string }[] = [];
  private scripts = new Map<string, Script>();
  fallback: Script = () => UP;
  readonly probes: ProbeMap;

  constructor() {
    const make = (kind: 'http' | 'tls' | 'dns' | 'tcp'): Probe => ({
      kind,
      settingsSchema: Type.Object({ keyword: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false }),
      defaults: {},
      targetHelp: kind === 'http' ? 'an http(s) URL' : 'host or host:port',
      validateTarget: (t) => (kind === 'http' && !/^https?:\/\/\S+$/.test(t) ? 'must be an http(s) URL' : null),
      hostOf: (t) => {
        try {
          return new URL(t).hostname;
        } catch {
          return t.split(':')[0]!;
        }
      },
      run: async (target) => {
        const n = this.calls.filter((c) => c.target === target).length;
        this.calls.push({ target, at: Date.now() });
        return (this.scripts.get(target) ?? this.fallback)(target, n);
      },
    });
    this.probes = { http: make('http'), tls: make('tls'), dns: make('dns'), tcp: make('tcp') };
  }

  script(target: string, s: Script | ProbeResult[]): void {
    if (Array.isArray(s)) this.scripts.set(target, (_t, n) => s[Math.min(n, s.length - 1)]!);
    else this.scripts.set(target, s);
  }

  callsFor(target: string) {
    return this.calls.filter((c) => c.target === target);
  }
}

export async function engineContext(opts: { clock?: Clock; config?: Partial<Config>; probes?: ProbeMap } = {}) {
  const testDb = await createTestDatabase();
  const scripted = new ScriptedProbes();
  const ctx = createContext({
    config: testConfig({ monitorMinIntervalSeconds: 1, monitorAllowLoopback: true, ...opts.config }),
    database: testDb.database,
    clock: opts.clock ?? systemClock,
    hasher: testHasher(),
    probes: opts.probes ?? scripted.probes,
  });
  return Object.assign(ctx, { testDb, scripted, close: () => testDb.close() });
}

export type EngineContext = Awaited<ReturnType<typeof engineContext>>;

export async function seedAgency(ctx: EngineContext, code = `A${randomUUID().slice(0, 6)}`, parentId: string | null = null) {
  return ctx.agencies.create(SYSTEM_ACTOR, { parentId, code, name: `Agency ${code}`, kind: parentId ? 'department' : 'province' });
}

export async function seedSystem(ctx: EngineContext, o: { agencyId: string; name?: string; urls?: string[]; domains?: string[]; securityLevel?: number; operatorAgencyId?: string }) {
  return ctx.systems.create(SYSTEM_ACTOR, {
    name: o.name ?? `System ${randomUUID().slice(0, 8)}`,
    ownerAgencyId: o.agencyId,
    operatorAgencyId: o.operatorAgencyId ?? null,
    securityLevel: o.securityLevel ?? 2,
    urls: o.urls ?? [],
    domains: o.domains ?? [],
  });
}

/** Inserts monitors directly (no validation: tests use intervals below the real minimum). */
export async function insertMonitors(
  ctx: EngineContext,
  system: { id: string; ownerAgencyId: string },
  n: number,
  o: Partial<MonitorRow> & { targetOf?: (i: number) => string } = {},
): Promise<MonitorRow[]> {
  const now = new Date();
  const { targetOf, ...overrides } = o;
  const batch = randomUUID().slice(0, 6);
  const rows: MonitorRow[] = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(), system_id: system.id, agency_id: system.ownerAgencyId, kind: 'http', name: `m${i}`,
    target: targetOf ? targetOf(i) : `http://site-${i}.${batch}.test/`, settings: {}, interval_seconds: 60, timeout_ms: 1000,
    failure_threshold: 2, paused: false, next_due_at: now, lease_owner: null, lease_until: null, state: 'unknown',
    state_reason: null, state_since: now, consecutive_failures: 0, flapping: false, recent_transitions: [], alert_kinds: [],
    last_checked_at: null, last_latency_ms: null, tls_days_left: null, last_result: null, baseline: null, created_at: now, updated_at: now,
    ...overrides,
  }));
  await ctx.repos.monitors.insertMany(ctx.database.db, rows);
  return rows;
}

export const FAST: WorkerSettings = {
  concurrency: 50, perHost: 50, claimBatch: 100, pollMs: 50, flushMs: 50, leaseMarginSeconds: 2, retrySeconds: 1,
  flap: { transitions: 4, windowMs: 60_000 }, allowLoopback: true, maintenanceRefreshMs: 60_000,
};

export function makeWorker(
  ctx: EngineContext,
  o: { probes?: ProbeMap; settings?: Partial<WorkerSettings>; workerId?: string; log?: Logger; registry?: Registry; db?: Kysely<DB>; addressPolicy?: AddressPolicyFactory } = {},
) {
  const r = ctx.repos;
  return new MonitorWorker({
    db: o.db ?? ctx.database.db,
    repos: { lease: r.monitorLeases, samples: r.monitorSamples, events: r.monitorEvents, alerts: r.alerts, maintenance: r.maintenanceWindows, analyses: r.pageAnalyses },
    evidence: ctx.contentEvidence,
    probes: o.probes ?? ctx.scripted.probes,
    addressPolicy: o.addressPolicy ?? (() => ({ check: () => null })),
    bus: ctx.monitorBus,
    metrics: engineMetrics(o.registry ?? new Registry()),
    log: o.log ?? silentLogger,
    settings: { ...FAST, ...o.settings },
    workerId: o.workerId,
  });
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
