import Type from 'typebox';
import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import { Delivery, DeliveryQuery } from '../../contracts/notification-channel.schema.ts';
import type { DeliveryListRow } from '../../repositories/notification-outbox.repository.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toApi(r: DeliveryListRow) {
  return {
    id: r.id,
    alertId: r.alert_id,
    channelId: r.channel_id,
    channelName: r.channel_name,
    channelKind: r.channel_kind,
    recipient: r.recipient,
    recipientUserId: r.recipient_user_id,
    template: r.template,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at)!,
    lastError: r.last_error,
    lastCode: r.last_code,
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
    providerId: r.provider_id,
  };
}

/** The delivery log and dead letters (administrators). */
export const notificationDeliveryRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['notifications'];
  const svc = ctx.notificationOutbox;

  app.get('/notifications', { schema: { tags, summary: 'Recent deliveries, newest first', querystring: DeliveryQuery, response: { 200: Page(Delivery) } } }, async (req) => {
    const p = pageArgs(req.query);
    const r = await svc.listDeliveries(requireActor(req), { status: req.query.status, channelId: req.query.channelId, alertId: req.query.alertId, limit: p.limit, offset: p.offset });
    return { items: r.items.map(toApi), total: r.total, page: p.page, pageSize: p.pageSize };
  });

  app.get(
    '/notifications/dead',
    { schema: { tags, summary: 'Dead letters: deliveries that failed permanently or ran out of attempts, with the last error', querystring: Type.Omit(DeliveryQuery, ['status']), response: { 200: Page(Delivery) } } },
    async (req) => {
      const p = pageArgs(req.query);
      const r = await svc.listDeliveries(requireActor(req), { status: 'dead', channelId: req.query.channelId, alertId: req.query.alertId, limit: p.limit, offset: p.offset });
      return { items: r.items.map(toApi), total: r.total, page: p.page, pageSize: p.pageSize };
    },
  );

  app.post('/notifications/:id/retry', { schema: { tags, summary: 'Put a dead delivery back in the queue (same id, fresh attempts)', params: IdParams } }, async (req, reply) => {
    await svc.retry(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
