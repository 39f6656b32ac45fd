import { createServer, type Server } from 'node:http';
import type { Command } from 'commander';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { startBackground, type Background } from '../jobs/background.ts';
import { jsonLogger } from '../monitoring/types.ts';
import { startRuntime } from '../runtime.ts';

/**
 * `vigil worker`: the monitoring engine and the background jobs, no HTTP API. Start as many
 * as you like against one PostgreSQL database; they share the work through leases. SIGTERM
 * or SIGINT stops claiming, hands back what has not started, lets running checks finish
 * (a few seconds), writes the last results and exits.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the monitoring engine and background jobs only (no HTTP); run several against PostgreSQL to share the load')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port (loopback only by default)')
    .option('--metrics-host <host>', 'address for --metrics-port', '127.0.0.1')
    .action(async (opts: { metricsPort?: string; metricsHost: string }) => {
      const ctx = await startRuntime();
      const log = jsonLogger(ctx.config.logLevel);
      const registry = new Registry();
      collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
      let bg: Background | null = null;
      let metrics: Server | null = null;
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'worker stopping: finishing running checks, handing back the rest');
        await bg?.stop();
        await ctx.renderer?.close?.();
        metrics?.close();
        await ctx.database.close();
        log.info({}, 'worker stopped');
        process.exit(0);
      };
      // Before anything is claimed, so a stop during start-up still hands everything back.
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      bg = await startBackground(ctx, { log, registry });
      if (stopping) await bg.stop();
      if (opts.metricsPort) {
        metrics = createServer((req, res) => {
          if (req.url !== '/metrics') return void res.writeHead(404).end();
          registry.metrics().then(
            (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
            () => res.writeHead(500).end(),
          );
        }).listen(Number(opts.metricsPort), opts.metricsHost);
      }
      log.info({ workerId: bg.worker?.id, database: ctx.database.kind, jobs: bg.runner.names }, 'Vigil worker is running');
    });
}
