import type { FastifyReply, FastifyRequest } from 'fastify';
import { Ok } from '../../contracts/common.schema.ts';
import { LoginRequest, Me, PasswordChange, TotpCode, TotpSetup } from '../../contracts/user.schema.ts';
import { toUserDto } from '../../services/user.service.ts';
import { SESSION_COOKIE, requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

export const authRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['auth'];
  const cookieOptions = (maxAgeSeconds: number) => ({
    path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies, maxAge: maxAgeSeconds,
  });

  app.post('/auth/login', {
    config: { public: true },
    schema: { tags, summary: 'Log in; sets the session cookie and returns the CSRF token', body: LoginRequest, response: { 200: Me } },
  }, async (req, reply) => {
    const r = await ctx.auth.login(req.body, { ip: req.ip, userAgent: req.headers['user-agent'] });
    reply.setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(ctx.config.sessionTtlHours * 3600));
    return { user: toUserDto(r.user), csrfToken: r.csrfToken };
  });

  app.post('/auth/logout', { config: { public: true }, schema: { tags, response: { 200: Ok } } }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.sessionId) await ctx.auth.logout(req.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/auth/me', { schema: { tags, summary: 'Who you are, and the CSRF token for this session', response: { 200: Me } } }, async (req) => ({
    user: await ctx.users.me(requireActor(req)),
    csrfToken: req.csrfToken,
  }));

  app.post('/auth/password', { schema: { tags, summary: 'Change your own password (ends your other sessions)', body: PasswordChange, response: { 200: Ok } } }, async (req) => {
    await ctx.auth.changePassword(requireActor(req), req.body.currentPassword, req.body.newPassword, req.sessionId ?? undefined);
    return { ok: true };
  });

  app.post('/auth/totp/setup', { schema: { tags, summary: 'Start two-factor set-up: a new secret and its QR code', response: { 200: TotpSetup } } }, async (req) =>
    ctx.auth.totpSetup(requireActor(req)),
  );

  app.post('/auth/totp/enable', { schema: { tags, body: TotpCode, response: { 200: Ok } } }, async (req) => {
    await ctx.auth.totpEnable(requireActor(req), req.body.code);
    return { ok: true };
  });

  app.post('/auth/totp/disable', { schema: { tags, body: TotpCode, response: { 200: Ok } } }, async (req) => {
    await ctx.auth.totpDisable(requireActor(req), req.body.code);
    return { ok: true };
  });
};
