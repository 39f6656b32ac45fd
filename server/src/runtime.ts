import { loadConfig, type Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrator.ts';
import { createContext, type AppContext } from './context.ts';
import { ChromiumPageRenderer } from './monitoring/content/chromium-page-renderer.ts';

/** Opens the configured database, migrates it and builds the context: what every entry point needs. */
export async function startRuntime(overrides: Partial<Config> = {}, opts: { migrate?: boolean } = {}): Promise<AppContext> {
  const config = loadConfig(process.env, overrides);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : config.dataDir });
  if (opts.migrate !== false) await migrate(database);
  // PGlite has no autovacuum daemon: without statistics the planner picks bad plans on large tables.
  if (database.kind === 'pglite') await database.withSession((s) => s.exec('analyze'));
  // Chromium itself starts on the first rendered check, not here.
  const renderer = config.renderConcurrency > 0 ? new ChromiumPageRenderer({ executablePath: config.chromiumPath, concurrency: config.renderConcurrency }) : null;
  return createContext({ config, database, renderer });
}
