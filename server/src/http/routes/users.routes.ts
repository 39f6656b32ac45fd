import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import { PasswordReset, User, UserCreate, UserCreated, UserListQuery, UserUpdate } from '../../contracts/user.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const SORTS = { username: 'username', displayName: 'display_name', createdAt: 'created_at', lastLoginAt: 'last_login_at' } as const;

export const userRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['users'];

  app.get('/users', { schema: { tags, querystring: UserListQuery, response: { 200: Page(User) } } }, async (req) => {
    const p = pageArgs(req.query);
    const r = await ctx.users.list(requireActor(req), {
      q: req.query.q, role: req.query.role, agencyId: req.query.agencyId,
      sort: SORTS[req.query.sort ?? 'username'], order: req.query.order ?? 'asc', limit: p.limit, offset: p.offset,
    });
    return { ...r, page: p.page, pageSize: p.pageSize };
  });

  app.post('/users', { schema: { tags, summary: 'Create a user; without a password a one-time password is generated and returned once', body: UserCreate, response: { 201: UserCreated } } }, async (req, reply) => {
    reply.status(201);
    return ctx.users.create(requireActor(req), req.body);
  });

  app.get('/users/:id', { schema: { tags, params: IdParams, response: { 200: User } } }, async (req) => ctx.users.get(requireActor(req), req.params.id));

  app.patch('/users/:id', { schema: { tags, params: IdParams, body: UserUpdate, response: { 200: User } } }, async (req) =>
    ctx.users.update(requireActor(req), req.params.id, req.body),
  );

  app.post('/users/:id/reset-password', { schema: { tags, summary: 'Set a one-time password the user must change at next login', params: IdParams, response: { 200: PasswordReset } } }, async (req) => ({
    oneTimePassword: await ctx.users.resetPassword(requireActor(req), req.params.id),
  }));
};
