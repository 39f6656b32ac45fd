import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import { buildApp } from '../http/app.ts';
import { startBackground, type Background } from '../jobs/background.ts';
import { startRuntime } from '../runtime.ts';

export function printBootstrap(admin: { username: string; password: string }): void {
  const line = '='.repeat(64);
  process.stdout.write(`\n${line}\n  Vigil: first start, administrator created\n  username: ${admin.username}\n  one-time password: ${admin.password}\n  (you will be asked to choose a new password at first login)\n${line}\n\n`);
}

interface ServeOptions {
  port?: string;
  host?: string;
  /** commander's --no-worker sets worker: false. */
  worker?: boolean;
}

async function runServer(opts: ServeOptions, background: boolean): Promise<void> {
  const overrides: Record<string, unknown> = {};
  if (opts.port) process.env.PORT = opts.port;
  if (opts.host) process.env.HOST = opts.host;
  const ctx = await startRuntime(overrides);
  const admin = await ctx.users.bootstrapAdmin(SYSTEM_ACTOR);
  if (admin) printBootstrap(admin);
  const app = await buildApp(ctx);
  // The engine and jobs in-process, on the app's metrics registry and logger.
  const bg: Background | null = background ? await startBackground(ctx, { log: app.log, registry: app.metrics }) : null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Leases first: another process can take the monitors over while the HTTP side drains.
    await bg?.stop();
    await ctx.renderer?.close?.();
    await app.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  app.log.info(
    { url: `http://localhost:${ctx.config.port}`, database: ctx.database.kind, dataDir: ctx.database.kind === 'pglite' ? ctx.config.dataDir : undefined, worker: bg?.worker?.id ?? null },
    'Vigil is running',
  );
}

export function registerServe(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('run the API, the web UI and the background worker (monitoring engine, jobs) in one process (the default)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to bind (env HOST, default 0.0.0.0)')
    .option('--no-worker', 'do not run the monitoring engine and background jobs here (run `vigil worker` processes instead)')
    .action(async (opts: ServeOptions) => runServer(opts, opts.worker !== false));

  program
    .command('api')
    .description('run the API and web UI only: `serve --no-worker` (pair with `vigil worker` processes on PostgreSQL)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to bind (env HOST, default 0.0.0.0)')
    .action(async (opts: ServeOptions) => runServer(opts, false));
}
