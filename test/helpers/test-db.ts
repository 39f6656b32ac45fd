import { randomBytes } from 'node:crypto';
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
    const database = await openPGlite(null);
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
