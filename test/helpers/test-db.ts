import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../server/src/config/config.ts';
import { openPGlite, openPostgres, type Database } from '../../server/src/db/database.ts';
import { migrate } from '../../server/src/db/migrator.ts';
import { createContext, type AppContext } from '../../server/src/context.ts';
import { ManualClock, type Clock } from '../../server/src/io/clock.ts';
import { argon2Hasher } from '../../server/src/io/password-hasher.ts';

/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL (dropped again on close).
 */
export interface TestDatabase {
  database: Database;
  kind: 'pglite' | 'postgres';
  /** URL of the per-test database on PostgreSQL (null on PGlite). */
  url: string | null;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const database = await openPGlite(null, { loadDataDir: await migratedTemplate() });
    await migrate(database);
    return { database, kind: 'pglite', url: null, close: () => database.close() };
  }
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 5);
  await migrate(database);
  return {
    database,
    kind: 'postgres',
    url: url.toString(),
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

const MIGRATIONS = new URL('../../server/migrations/', import.meta.url).pathname;
let template: Promise<Blob> | null = null;

/**
 * A migrated empty PGlite database as a tarball, made once per set of migrations and shared by
 * every test process through a file in the temp directory: loading it takes ~0.5 s where a fresh
 * initdb plus the migrations take ~3 s, and the suite makes a database per test file.
 */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const hash = createHash('sha256');
    for (const f of readdirSync(MIGRATIONS).sort()) hash.update(f).update(readFileSync(join(MIGRATIONS, f)));
    const file = join(tmpdir(), `vigil-test-template-${hash.digest('hex').slice(0, 16)}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await openPGlite(null);
    await migrate(fresh);
    const blob = await fresh.dumpDataDir!();
    await fresh.close();
    // Written aside and renamed: a process reading it never sees half a file.
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, Buffer.from(await blob.arrayBuffer()));
    renameSync(part, file);
    return blob;
  })();
  return template;
}

/** Argon2id at a low cost: the algorithm is the real one, the price is not. */
export const testHasher = () => argon2Hasher({ memoryCost: 1024, timeCost: 1 });

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({ VIGIL_DATA_DIR: '/tmp/vigil-test-unused', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv, overrides);
}

export async function createTestContext(opts: { clock?: Clock; config?: Partial<Config> } = {}): Promise<AppContext & { testDb: TestDatabase; close(): Promise<void> }> {
  const testDb = await createTestDatabase();
  const ctx = createContext({
    config: testConfig(opts.config),
    database: testDb.database,
    clock: opts.clock ?? new ManualClock(new Date('2026-08-29T11:00:00Z')),
    hasher: testHasher(),
  });
  return Object.assign(ctx, { testDb, close: () => testDb.close() });
}
