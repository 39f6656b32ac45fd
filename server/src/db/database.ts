import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

/** A plain connection for the few things Kysely does not do: multi-statement scripts and session locks. */
export interface RawSession {
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<DB>;
  /** Holds one connection for the whole callback (needed for session-level advisory locks). */
  withSession<T>(fn: (s: RawSession) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (tests start from a migrated template). */
  dumpDataDir?(): Promise<Blob>;
}

// int8 (counts, sequences) as JS numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A connection killed while checked out (database restart mid-transaction) emits 'error' on
  // the client; without a listener that would end the process instead of failing one query.
  pool.on('connect', (c) => c.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (script) => {
            await client.query(script);
          },
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
        });
      } finally {
        client.release();
      }
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

export async function openPGlite(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  let pglite: PGlite;
  let unlock = () => {};
  if (dataDir) {
    const dir = join(dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(dataDir);
    try {
      pglite = await PGlite.create(dir);
    } catch (e) {
      unlock();
      throw e;
    }
  } else {
    pglite = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  }
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<DB>({ dialect });
  return {
    kind: 'pglite',
    db,
    withSession: (fn) =>
      dialect.driver.exclusive(() =>
        fn({
          exec: async (script) => {
            await pglite.exec(script);
          },
          query: async (text, params) => (await pglite.query(text, params)).rows as any[],
        }),
      ),
    async ping() {
      await sql`select 1`.execute(db);
    },
    dumpDataDir: () => pglite.dumpDataDir('none') as Promise<Blob>,
    async close() {
      await db.destroy();
      // Kysely only destroys a driver it has used; migrations talk to PGlite directly.
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string | null }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPGlite(opts.dataDir);
}
