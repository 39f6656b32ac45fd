import Type from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import { ApiToken, ApiTokenCreate, ApiTokenCreated } from '../../contracts/user.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

export const tokenRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['api tokens'];

  app.get('/tokens', { schema: { tags, summary: 'Your personal API tokens', response: { 200: Type.Object({ items: Type.Array(ApiToken) }) } } }, async (req) => ({
    items: await ctx.tokens.list(requireActor(req)),
  }));

  app.post('/tokens', { schema: { tags, summary: 'Create a token; its value is shown only in this response', body: ApiTokenCreate, response: { 201: ApiTokenCreated } } }, async (req, reply) => {
    reply.status(201);
    return ctx.tokens.create(requireActor(req), req.body);
  });

  app.delete('/tokens/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.tokens.revoke(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
