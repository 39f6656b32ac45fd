import { loadConfig, type Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { createContext, type AppContext } from './context.ts';

/** Opens the configured database, migrates it and builds the context: what every entry point needs. */
export async function startRuntime(overrides: Partial<Config> = {}, opts: { migrate?: boolean } = {}): Promise<AppContext> {
  const config = loadConfig(process.env, overrides);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : config.dataDir });
  if (opts.migrate !== false) await migrate(database);
  // PGlite has no autovacuum daemon: without statistics the planner picks bad plans on large tables.
  if (database.kind === 'pglite') await database.withSession((s) => s.exec('analyze'));
  return createContext({ config, database });
}
