import Type from 'typebox';
import { TemplateBody, TemplateEntry, TemplateParams, TemplatePreview, TemplatePreviewBody } from '../../contracts/notification-template.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Message template overrides (administrators). */
export const notificationTemplateRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['notifications'];
  const svc = ctx.notificationTemplates;

  app.get('/notification-templates', { schema: { tags, summary: 'Every template key × locale: the built-in text and the override', response: { 200: Type.Object({ items: Type.Array(TemplateEntry) }) } } }, async (req) => ({
    items: await svc.list(requireActor(req)),
  }));

  app.put(
    '/notification-templates/:key/:locale',
    { schema: { tags, summary: 'Override a template ({{field}} placeholders from the whitelist only)', params: TemplateParams, body: TemplateBody } },
    async (req, reply) => {
      await svc.put(requireActor(req), req.params.key, req.params.locale, req.body);
      return reply.status(204).send();
    },
  );

  app.delete('/notification-templates/:key/:locale', { schema: { tags, summary: 'Revert to the built-in text', params: TemplateParams } }, async (req, reply) => {
    await svc.revert(requireActor(req), req.params.key, req.params.locale);
    return reply.status(204).send();
  });

  app.post(
    '/notification-templates/:key/:locale/preview',
    { schema: { tags, summary: 'Render a draft (or the effective template) with sample data', params: TemplateParams, body: TemplatePreviewBody, response: { 200: TemplatePreview } } },
    async (req) => svc.preview(requireActor(req), req.params.key, req.params.locale, req.body.template, req.body.severity),
  );
};
