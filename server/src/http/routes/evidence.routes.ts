import Type from 'typebox';
import { Uuid } from '../../contracts/common.schema.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { EVIDENCE_CSP } from '../../monitoring/content/evidence-html.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { App } from './route-types.ts';
import type { AppContext } from '../../context.ts';

/**
 * The safe evidence view: a stored snapshot served as a page for `<iframe sandbox>` in the UI.
 * Outside /api so its response headers are its own: a CSP sandbox without allow-same-origin
 * (an opaque origin: even a script could not read the app's cookies or call the API), no
 * script, no network (the attacker learns nothing of who looks), only inline styles and data:
 * images; framable by the app only. The copy has <meta http-equiv> and <base> defused
 * (content/evidence-html.ts). Needs a session or token like the API; GET only, so no CSRF.
 */
const Params = Type.Object({ id: Uuid, fetch: Type.String({ pattern: '^([0-9]{1,3}|browser|googlebot|referer|mobile|subpage|sitemap|rendered)$' }) }, { additionalProperties: false });
const ShotParams = Type.Object({ id: Uuid }, { additionalProperties: false });

function safeHeaders(reply: { header(k: string, v: string): unknown }): void {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Cache-Control', 'no-store');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header('Cross-Origin-Resource-Policy', 'same-origin');
}

function actorFor(req: Parameters<typeof requireActor>[0]) {
  const actor = requireActor(req);
  if (actor.mustChangePassword) throw new ForbiddenError('Choose a new password first');
  return actor;
}

export async function evidenceRoutes(app: App, { ctx }: { ctx: AppContext }): Promise<void> {
  app.get('/evidence/:id/screenshot', { schema: { hide: true, params: ShotParams } }, async (req, reply) => {
    const png = await ctx.contentAnalysis.screenshot(actorFor(req), req.params.id);
    safeHeaders(reply);
    reply.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'");
    return reply.type('image/png').send(Buffer.from(png.buffer, png.byteOffset, png.length));
  });

  app.get('/evidence/:id/:fetch', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const html = await ctx.contentAnalysis.evidenceHtml(actorFor(req), req.params.id, req.params.fetch);
    safeHeaders(reply);
    reply.header('Content-Security-Policy', EVIDENCE_CSP);
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
