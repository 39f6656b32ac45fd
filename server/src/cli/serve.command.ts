import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import { buildApp } from '../http/app.ts';
import { startRuntime } from '../runtime.ts';

export function printBootstrap(admin: { username: string; password: string }): void {
  const line = '='.repeat(64);
  process.stdout.write(`\n${line}\n  Vigil: first start, administrator created\n  username: ${admin.username}\n  one-time password: ${admin.password}\n  (you will be asked to choose a new password at first login)\n${line}\n\n`);
}

export function registerServe(program: Command): void {
  program
    .command('serve', { isDefault: true })
    .description('run the API, the web UI and the background worker in one process (the default)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to bind (env HOST, default 0.0.0.0)')
    .action(async (opts: { port?: string; host?: string }) => {
      const overrides: Record<string, unknown> = {};
      if (opts.port) process.env.PORT = opts.port;
      if (opts.host) process.env.HOST = opts.host;
      const ctx = await startRuntime(overrides);
      const admin = await ctx.users.bootstrapAdmin(SYSTEM_ACTOR);
      if (admin) printBootstrap(admin);
      const app = await buildApp(ctx);
      const shutdown = async (signal: string) => {
        app.log.info({ signal }, 'shutting down');
        await app.close();
        await ctx.database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: ctx.config.port, host: ctx.config.host });
      app.log.info({ url: `http://localhost:${ctx.config.port}`, database: ctx.database.kind, dataDir: ctx.database.kind === 'pglite' ? ctx.config.dataDir : undefined }, 'Vigil is running');
    });
}
