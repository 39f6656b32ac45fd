import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_351_001;

export interface MigrationFile {
  version: string;
  path: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), 'utf8');
      return { version: f.replace(/\.sql$/, ''), path: join(dir, f), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Forward-only plain-SQL migrations. A session advisory lock makes concurrent starts (several
 * workers booting at once) take turns; each file runs in its own transaction so a failing file
 * leaves nothing half-applied. An edited, already-applied file is refused: the database would
 * otherwise silently differ from what the repository says.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = listMigrations(dir);
  return database.withSession(async (s) => {
    await s.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await s.exec(`create table if not exists schema_migrations (
        version text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const rows = await s.query<{ version: string; checksum: string }>('select version, checksum from schema_migrations');
      const done = new Map(rows.map((r) => [r.version, r.checksum]));
      const applied: string[] = [];
      for (const f of files) {
        const existing = done.get(f.version);
        if (existing) {
          if (existing !== f.checksum) {
            throw new Error(`Migration ${f.version} was changed after it was applied; add a new migration instead`);
          }
          continue;
        }
        await s.exec('begin');
        try {
          await s.exec(f.sql);
          await s.query('insert into schema_migrations (version, checksum) values ($1, $2)', [f.version, f.checksum]);
          await s.exec('commit');
        } catch (e) {
          await s.exec('rollback');
          throw new Error(`Migration ${f.version} failed: ${(e as Error).message}`);
        }
        applied.push(f.version);
      }
      return { applied, alreadyApplied: files.length - applied.length };
    } finally {
      await s.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}
