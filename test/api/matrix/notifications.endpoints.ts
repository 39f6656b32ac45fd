import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import { actorFromUser } from '../../../server/src/services/auth.service.ts';
import type { Endpoint, PrepareArgs } from '../authorization-matrix.endpoints.ts';

/**
 * Notification channels, deliveries, templates (administrators only) and everyone's own
 * preferences. Nothing here is scoped by agency. Channels that are "tested" point at a closed
 * loopback port: the test send answers 200 with a classified failure, quickly.
 */

let n = 0;
const uniq = () => ++n;
const DEAD_URL = 'http://127.0.0.1:9/hook';

async function channel(a: PrepareArgs, enabled = true) {
  return a.ctx.notificationChannels.create(SYSTEM_ACTOR, { name: `Kênh ${uniq()}`, kind: 'slack', config: { url: DEAD_URL }, enabled });
}

async function deadDelivery(a: PrepareArgs): Promise<string> {
  const c = await channel(a);
  const db = a.ctx.database.db;
  const [id] = await a.ctx.notificationOutbox.enqueueNotifications(db, {
    alertId: null,
    deliveries: [{ channelId: c.id, recipient: '', template: 'alert.triggered', payload: { subject: 'x', text: 'x', severity: 'high' } }],
  });
  await db.updateTable('notification_outbox').set({ status: 'dead', last_code: 'rejected', last_error: 'HTTP 400' }).where('id', '=', id!).execute();
  return id!;
}

async function withRule(a: PrepareArgs) {
  const c = await channel(a);
  const u = await a.ctx.repos.users.findByUsername(a.ctx.database.db, a.actorUsername);
  await a.ctx.notificationPreferences.put(actorFromUser(u!, 'session'), { timeZone: 'Asia/Ho_Chi_Minh', quietHours: null, rules: [{ channelId: c.id, address: '', enabled: true }] });
}

const template = { subject: '[Vigil] {{title}}', body: 'Kính gửi {{recipientName}},\n{{summary}}', sms: '{{title}}' };
const TPL = '/api/v1/notification-templates/alert.resolved/en';

// The shared Endpoint type lists GET/POST/PATCH/DELETE; the runner sends any method, so PUT rows are cast.
const put = (e: Omit<Endpoint, 'method'>): Endpoint => ({ ...e, method: 'PUT' }) as unknown as Endpoint;

export const NOTIFICATION_ENDPOINTS: Endpoint[] = [
  // ---- channels (administrators)
  { method: 'GET', url: '/api/v1/notification-channels', access: 'admin-only', objectScoped: false, prepare: async (a) => { await channel(a); return { url: '/api/v1/notification-channels' }; } },
  {
    method: 'POST', url: '/api/v1/notification-channels', access: 'admin-only', objectScoped: false,
    prepare: async () => ({ url: '/api/v1/notification-channels', body: { name: `Webhook ${uniq()}`, kind: 'webhook', config: { url: DEAD_URL, secret: 'a-long-enough-webhook-secret' } } }),
  },
  { method: 'GET', url: '/api/v1/notification-channels/:id', access: 'admin-only', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/notification-channels/${(await channel(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/notification-channels/:id', access: 'admin-only', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/notification-channels/${(await channel(a)).id}`, body: { enabled: false } }) },
  { method: 'DELETE', url: '/api/v1/notification-channels/:id', access: 'admin-only', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/notification-channels/${(await channel(a)).id}` }) },
  { method: 'POST', url: '/api/v1/notification-channels/:id/test', access: 'admin-only', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/notification-channels/${(await channel(a)).id}/test`, body: {} }) },

  // ---- delivery log and dead letters (administrators: recipients' addresses)
  { method: 'GET', url: '/api/v1/notifications', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/notifications?status=dead' }) },
  { method: 'GET', url: '/api/v1/notifications/dead', access: 'admin-only', objectScoped: false, prepare: async (a) => { await deadDelivery(a); return { url: '/api/v1/notifications/dead' }; } },
  { method: 'POST', url: '/api/v1/notifications/:id/retry', access: 'admin-only', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/notifications/${await deadDelivery(a)}/retry` }) },

  // ---- templates (administrators)
  { method: 'GET', url: '/api/v1/notification-templates', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/notification-templates' }) },
  put({ url: '/api/v1/notification-templates/:key/:locale', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: TPL, body: template }) }),
  {
    method: 'DELETE', url: '/api/v1/notification-templates/:key/:locale', access: 'admin-only', objectScoped: false,
    prepare: async (a) => {
      await a.ctx.notificationTemplates.put(SYSTEM_ACTOR, 'alert.resolved', 'en', template);
      return { url: TPL };
    },
  },
  { method: 'POST', url: '/api/v1/notification-templates/:key/:locale/preview', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: `${TPL}/preview`, body: { template } }) },

  // ---- your own preferences: every role
  { method: 'GET', url: '/api/v1/me/notification-channels', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/me/notification-channels' }) },
  { method: 'GET', url: '/api/v1/me/notification-preferences', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/me/notification-preferences' }) },
  put({
    url: '/api/v1/me/notification-preferences', access: 'self', objectScoped: false,
    prepare: async (a) => ({
      url: '/api/v1/me/notification-preferences',
      body: { timeZone: 'Asia/Ho_Chi_Minh', quietHours: { start: '22:00', end: '06:00' }, rules: [{ channelId: (await channel(a)).id, address: '', enabled: true }] },
    }),
  }),
  { method: 'POST', url: '/api/v1/me/notification-preferences/test', access: 'self', objectScoped: false, prepare: async (a) => { await withRule(a); return { url: '/api/v1/me/notification-preferences/test' }; } },
];
