import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { AuthService } from '../../services/auth.service.ts';
import { problem, sendProblem } from '../problem.ts';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in (login, health, docs, the web UI's static files). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// With a one-time password, the session may only be used to replace it.
const PASSWORD_CHANGE_ROUTES = new Set(['/api/v1/auth/me', '/api/v1/auth/password', '/api/v1/auth/logout']);

/**
 * Resolves who is calling, once per request: a session cookie (browser) or a bearer API token
 * (CLI, scripts). Cookie-authenticated state changes must echo the session's CSRF token in a
 * header; a cross-site page can make the browser send the cookie but cannot read the token.
 */
async function authPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
  const { auth } = opts.ctx;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.actor = await auth.resolveApiToken(header.slice(7).trim(), req.ip);
      if (!req.actor) return sendProblem(reply, problem(401, 'The API token is invalid, expired or revoked', { code: 'invalid_token' }));
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) {
        const s = await auth.resolveSession(cookie, req.ip);
        if (s) {
          req.actor = s.actor;
          req.sessionId = s.sessionId;
          req.csrfToken = s.csrfToken;
        }
      }
    }
    // Only the API is guarded here; the web UI's static files are public and fetch the API.
    if (req.routeOptions.config?.public || !req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    if (!req.actor) return sendProblem(reply, problem(401, 'Log in first', { code: 'unauthenticated' }));
    if (req.actor.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(req.routeOptions.url ?? '')) {
      return sendProblem(reply, problem(403, 'Choose a new password first', { code: 'password_change_required' }));
    }
    if (req.sessionId && !SAFE_METHODS.has(req.method) && !AuthService.csrfMatches(req.csrfToken!, req.headers[CSRF_HEADER] as string | undefined)) {
      return sendProblem(reply, problem(403, 'Missing or wrong CSRF token header', { code: 'csrf' }));
    }
  });
}

export default fp(authPlugin, { name: 'vigil-auth' });

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new UnauthenticatedError();
  return req.actor;
}
