import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from '../problem.ts';

/**
 * Serves the built React app. Unknown non-API paths get index.html so deep links work; unknown
 * API paths get a problem+json 404 instead of HTML.
 */
export async function webPlugin(app: FastifyInstance, opts: { webDir: string }) {
  const hasWeb = existsSync(join(opts.webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: opts.webDir,
      // Looked up per request, so a rebuilt UI (new hashed asset names) is served without a restart.
      wildcard: true,
      index: ['index.html'],
      // Hashed assets are immutable; index.html must always be revalidated.
      setHeaders(res, path) {
        res.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    // A missing asset must be a 404, not index.html served as script.
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/assets/') || req.method !== 'GET' || !hasWeb) {
      return sendProblem(reply, problem(404, `No route for ${req.method} ${path}`));
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
