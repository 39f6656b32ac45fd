import Type from 'typebox';
import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import { ContactCreate, ContactHistoryEntry, ContactListQuery, ContactPoint, ContactUpdate } from '../../contracts/contact.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

export const contactRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['contact points'];

  app.get('/contacts', { schema: { tags, summary: '24/7 contact points visible to you', querystring: ContactListQuery, response: { 200: Page(ContactPoint) } } }, async (req) => {
    const p = pageArgs(req.query);
    const r = await ctx.contacts.list(requireActor(req), { ...req.query, limit: p.limit, offset: p.offset });
    return { ...r, page: p.page, pageSize: p.pageSize };
  });

  app.post('/contacts', { schema: { tags, body: ContactCreate, response: { 201: ContactPoint } } }, async (req, reply) => {
    reply.status(201);
    return ctx.contacts.create(requireActor(req), req.body);
  });

  app.get('/contacts/:id', { schema: { tags, params: IdParams, response: { 200: ContactPoint } } }, async (req) => ctx.contacts.get(requireActor(req), req.params.id));

  app.patch('/contacts/:id', { schema: { tags, params: IdParams, body: ContactUpdate, response: { 200: ContactPoint } } }, async (req) =>
    ctx.contacts.update(requireActor(req), req.params.id, req.body),
  );

  app.delete('/contacts/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.contacts.delete(requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.post('/contacts/:id/verify', { schema: { tags, summary: 'Record that the contact answered just now', params: IdParams, response: { 200: ContactPoint } } }, async (req) =>
    ctx.contacts.verify(requireActor(req), req.params.id),
  );

  app.get('/contacts/:id/history', { schema: { tags, summary: 'Every change to the contact, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(ContactHistoryEntry) }) } } }, async (req) => ({
    items: await ctx.contacts.history(requireActor(req), req.params.id),
  }));
};
