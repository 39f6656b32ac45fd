import Type from 'typebox';
import { ChannelBrief } from '../../contracts/notification-channel.schema.ts';
import { PreferenceTestResult, Preferences, PreferencesBody } from '../../contracts/notification-preference.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Every user's own notification preferences. */
export const notificationPreferenceRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['notifications'];
  const svc = ctx.notificationPreferences;

  app.get('/me/notification-channels', { schema: { tags, summary: 'Enabled channels to choose from (id, name, kind)', response: { 200: Type.Object({ items: Type.Array(ChannelBrief) }) } } }, async (req) => ({
    items: await svc.listChannels(requireActor(req)),
  }));

  app.get('/me/notification-preferences', { schema: { tags, response: { 200: Preferences } } }, async (req) => svc.get(requireActor(req)));

  app.put(
    '/me/notification-preferences',
    { schema: { tags, summary: 'Replace your channels (in order), quiet hours, time zone and phone', body: PreferencesBody, response: { 200: Preferences } } },
    async (req) => svc.put(requireActor(req), req.body),
  );

  app.post(
    '/me/notification-preferences/test',
    { schema: { tags, summary: 'Send yourself a test on each of your enabled channels now (quiet hours ignored)', response: { 200: PreferenceTestResult } } },
    async (req) => svc.sendTest(requireActor(req)),
  );
};
