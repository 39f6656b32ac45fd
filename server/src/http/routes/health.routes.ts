import type { AppContext } from '../../context.ts';
import type { App } from './route-types.ts';

/** Liveness, readiness and metrics, at the root (not under /api/v1) where probes expect them. */
export async function healthRoutes(app: App, { ctx }: { ctx: AppContext }) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await ctx.database.ping();
      return { status: 'ready', database: ctx.database.kind };
    } catch (e) {
      return reply.status(503).send({ status: 'unavailable', database: ctx.database.kind, error: (e as Error).message });
    }
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(app.metrics.contentType);
    return app.metrics.metrics();
  });
}
