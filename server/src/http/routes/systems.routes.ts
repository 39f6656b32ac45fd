import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import { InformationSystem, SystemCreate, SystemListQuery, SystemUpdate } from '../../contracts/system.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

export const systemRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['systems'];

  app.get('/systems', { schema: { tags, summary: 'List information systems visible to you', querystring: SystemListQuery, response: { 200: Page(InformationSystem) } } }, async (req) => {
    const p = pageArgs(req.query);
    const r = await ctx.systems.list(requireActor(req), { ...req.query, limit: p.limit, offset: p.offset });
    return { ...r, page: p.page, pageSize: p.pageSize };
  });

  app.post('/systems', { schema: { tags, summary: 'Register an information system', body: SystemCreate, response: { 201: InformationSystem } } }, async (req, reply) => {
    reply.status(201);
    return ctx.systems.create(requireActor(req), req.body);
  });

  app.get('/systems/:id', { schema: { tags, params: IdParams, response: { 200: InformationSystem } } }, async (req) => ctx.systems.get(requireActor(req), req.params.id));

  app.patch('/systems/:id', { schema: { tags, params: IdParams, body: SystemUpdate, response: { 200: InformationSystem } } }, async (req) =>
    ctx.systems.update(requireActor(req), req.params.id, req.body),
  );

  app.delete('/systems/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.systems.delete(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
