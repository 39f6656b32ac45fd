/**
 * bench:vulns through the product's own services: feeds imported by `ctx.vulns.imports` into the
 * database (parse, merge with what is stored, write, log), systems stored in the registry tables,
 * and the full re-match by `ctx.vulns.matcher.rematchAll()` (read the catalogue and inventories,
 * match, write the difference). PGlite by default, PostgreSQL with DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../server/src/config/config.ts';
import { createContext, type AppContext } from '../../server/src/context.ts';
import { openDatabase } from '../../server/src/db/database.ts';
import { migrate } from '../../server/src/db/migrator.ts';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { argon2Hasher } from '../../server/src/io/password-hasher.ts';
import type { RematchSummary } from '../../server/src/services/advisory-match.service.ts';
import type { SyntheticSystem } from './synthetic-inventory.ts';

export interface DatabaseBench {
  ctx: AppContext;
  kind: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(databaseUrl: string | undefined): Promise<DatabaseBench> {
  const dataDir = databaseUrl ? null : mkdtempSync(join(tmpdir(), 'vigil-bench-vulns-'));
  const database = await openDatabase({ databaseUrl: databaseUrl ?? null, dataDir });
  await migrate(database);
  if (databaseUrl) {
    // A scratch PostgreSQL database: start from empty catalogue and registry tables.
    await sql`truncate advisories, advisory_imports, system_vulnerabilities, system_software, information_systems cascade`.execute(database.db);
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', VIGIL_PUBLIC_URL: 'http://vigil.bench', VIGIL_FEED_MAX_BYTES: String(512 * 1024 * 1024) } as NodeJS.ProcessEnv);
  const ctx = createContext({ config, database, hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
  return {
    ctx,
    kind: database.kind,
    async close() {
      await database.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Each feed through the import service, as a coordinator's upload would go (re-match left to the end). */
export async function importThroughService(ctx: AppContext, feeds: { name: string; text: string }[]): Promise<{ records: number; created: number; updated: number; seconds: number }> {
  const t0 = performance.now();
  let records = 0;
  let created = 0;
  let updated = 0;
  const imports = ctx.vulns.imports as unknown as { opts: { rematch?: unknown } };
  const rematch = imports.opts.rematch;
  imports.opts.rematch = undefined;
  try {
    for (const f of feeds) {
      const run = await ctx.vulns.imports.importFile(SYSTEM_ACTOR, { name: f.name, data: Buffer.from(f.text, 'utf8') });
      if (run.status !== 'imported' && run.status !== 'partial') throw new Error(`${f.name}: ${run.status} ${JSON.stringify(run.skipped.slice(0, 3))}`);
      records += run.records;
      created += run.created;
      updated += run.updated;
    }
  } finally {
    imports.opts.rematch = rematch;
  }
  return { records, created, updated, seconds: (performance.now() - t0) / 1000 };
}

/** The synthetic systems and their software in the registry tables (setup, not timed). */
export async function storeSystems(ctx: AppContext, systems: SyntheticSystem[]): Promise<void> {
  const db = ctx.database.db;
  const agency = await ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: `BENCH-${Date.now()}`, name: 'Tỉnh (bench)', kind: 'province' });
  const now = new Date();
  for (let i = 0; i < systems.length; i += 500) {
    // Synthetic ids are readable labels; the registry wants uuids.
    const chunk = systems.slice(i, i + 500).map((s) => ({ ...s, id: randomUUID() }));
    await db.insertInto('information_systems').values(chunk.map((s) => ({ id: s.id, name: s.name, owner_agency_id: agency.id, security_level: 2, critical_national: false, urls: '[]', domains: '[]', ip_addresses: '[]', tags: '[]', created_at: now, updated_at: now }))).execute();
    const software = chunk.flatMap((s) => s.inventory.map((it, position) => ({ id: randomUUID(), system_id: s.id, vendor: it.vendor, product: it.product, version: it.version, cpe: it.cpe, position })));
    for (let j = 0; j < software.length; j += 1000) await db.insertInto('system_software').values(software.slice(j, j + 1000)).execute();
  }
}

export async function rematchThroughService(ctx: AppContext): Promise<RematchSummary & { seconds: number }> {
  const t0 = performance.now();
  const r = await ctx.vulns.matcher.rematchAll();
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}
