import Type from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import { Channel, ChannelCreate, ChannelTestBody, ChannelUpdate, SendOutcome } from '../../contracts/notification-channel.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Notification channels (administrators): configuration with write-only secrets, and a synchronous test send. */
export const notificationChannelRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['notifications'];
  const svc = ctx.notificationChannels;

  app.get('/notification-channels', { schema: { tags, summary: 'Delivery channels; secrets are never returned, only which are set', response: { 200: Type.Object({ items: Type.Array(Channel) }) } } }, async (req) => ({
    items: await svc.list(requireActor(req)),
  }));

  app.post('/notification-channels', { schema: { tags, body: ChannelCreate, response: { 201: Channel } } }, async (req, reply) => {
    const c = await svc.create(requireActor(req), req.body);
    reply.status(201);
    return c;
  });

  app.get('/notification-channels/:id', { schema: { tags, params: IdParams, response: { 200: Channel } } }, async (req) => svc.get(requireActor(req), req.params.id));

  app.patch(
    '/notification-channels/:id',
    { schema: { tags, summary: 'Change a channel; a secret left out of config keeps its value, null clears it', params: IdParams, body: ChannelUpdate, response: { 200: Channel } } },
    async (req) => svc.update(requireActor(req), req.params.id, req.body),
  );

  app.delete('/notification-channels/:id', { schema: { tags, summary: 'Delete an unused channel (one with deliveries answers 409: disable it)', params: IdParams } }, async (req, reply) => {
    await svc.delete(requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/notification-channels/:id/test',
    { schema: { tags, summary: 'Send a test message now and return the classified result (a failing channel is a result, not an error)', params: IdParams, body: ChannelTestBody, response: { 200: SendOutcome } } },
    async (req) => svc.test(requireActor(req), req.params.id, req.body),
  );
};
