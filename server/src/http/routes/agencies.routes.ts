import Type from 'typebox';
import { Agency, AgencyCreate, AgencyListQuery, AgencyUpdate } from '../../contracts/agency.schema.ts';
import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const SORTS = { name: 'name', code: 'code', createdAt: 'created_at' } as const;

export const agencyRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['agencies'];

  app.get('/agencies', { schema: { tags, summary: 'List agencies visible to you', querystring: AgencyListQuery, response: { 200: Page(Agency) } } }, async (req) => {
    const p = pageArgs(req.query);
    const r = await ctx.agencies.list(requireActor(req), {
      q: req.query.q, parentId: req.query.parentId, kind: req.query.kind,
      sort: SORTS[req.query.sort ?? 'name'], order: req.query.order ?? 'asc', limit: p.limit, offset: p.offset,
    });
    return { ...r, page: p.page, pageSize: p.pageSize };
  });

  app.get('/agencies/tree', { schema: { tags, summary: 'All visible agencies, parents before children', response: { 200: Type.Object({ items: Type.Array(Agency) }) } } }, async (req) => ({
    items: await ctx.agencies.tree(requireActor(req)),
  }));

  app.post('/agencies', { schema: { tags, summary: 'Create an agency', body: AgencyCreate, response: { 201: Agency } } }, async (req, reply) => {
    reply.status(201);
    return ctx.agencies.create(requireActor(req), req.body);
  });

  app.get('/agencies/:id', { schema: { tags, params: IdParams, response: { 200: Agency } } }, async (req) => ctx.agencies.get(requireActor(req), req.params.id));

  app.patch('/agencies/:id', { schema: { tags, summary: 'Change an agency (moving it moves its subtree)', params: IdParams, body: AgencyUpdate, response: { 200: Agency } } }, async (req) =>
    ctx.agencies.update(requireActor(req), req.params.id, req.body),
  );

  app.delete('/agencies/:id', { schema: { tags, summary: 'Delete an empty agency', params: IdParams } }, async (req, reply) => {
    await ctx.agencies.delete(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
