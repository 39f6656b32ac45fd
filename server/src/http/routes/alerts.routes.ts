import Type from 'typebox';
import { AlertGroup, AlertGroupDetail, AlertGroupQuery, AssignBody, CommentBody, ExternalAlertBody, ExternalAlertResult, ResolveBody, SnoozeBody } from '../../contracts/alert.schema.ts';
import { IdParams } from '../../contracts/common.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/**
 * Alerts as people work them: groups (an outage of one hosting provider is one group of many
 * alerts) with their lifecycle, timeline and delivery log; and the intake for external sources.
 */
export const alertRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['alerts'];
  const svc = ctx.alerting.alertGroups;

  app.get('/alerts', { schema: { tags, summary: 'Alert groups, newest first', querystring: AlertGroupQuery, response: { 200: Type.Object({ items: Type.Array(AlertGroup), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }) } } }, async (req) => {
    const q = req.query;
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const r = await svc.list(requireActor(req), {
      status: q.status, severity: q.severity, agencyId: q.agencyId, assigneeId: q.assigneeId, monitorId: q.monitorId,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: pageSize, offset: (page - 1) * pageSize,
    });
    return { ...r, page, pageSize };
  });

  app.post('/alerts/intake', {
    schema: { tags, summary: 'Raise (or resolve) an alert from an external source; repeats of an open key are counted, not re-paged', body: ExternalAlertBody, response: { 200: ExternalAlertResult, 201: ExternalAlertResult } },
  }, async (req, reply) => {
    const r = await ctx.alerting.externalAlerts.ingest(requireActor(req), req.body);
    return reply.status(r.status === 'created' ? 201 : 200).send(r);
  });

  app.get('/alerts/:id', { schema: { tags, params: IdParams, response: { 200: AlertGroupDetail } } }, async (req) => svc.get(requireActor(req), req.params.id));

  const detail = { tags, params: IdParams, response: { 200: AlertGroupDetail } };
  app.post('/alerts/:id/acknowledge', { schema: { ...detail, summary: 'Acknowledge: escalation stops' } }, async (req) => svc.acknowledge(requireActor(req), req.params.id, 'ui'));
  app.post('/alerts/:id/unacknowledge', { schema: { ...detail, summary: 'Back to triggered: escalation starts again' } }, async (req) => svc.unacknowledge(requireActor(req), req.params.id));
  app.post('/alerts/:id/resolve', { schema: { ...detail, body: ResolveBody } }, async (req) => svc.resolve(requireActor(req), req.params.id, req.body?.note ?? null));
  app.post('/alerts/:id/assign', { schema: { ...detail, body: AssignBody } }, async (req) => svc.assign(requireActor(req), req.params.id, req.body.userId));
  app.post('/alerts/:id/comments', { schema: { ...detail, body: CommentBody } }, async (req) => svc.comment(requireActor(req), req.params.id, req.body.text));
  app.post('/alerts/:id/snooze', { schema: { ...detail, body: SnoozeBody, summary: 'Pause escalation; it restarts when the snooze ends unless acknowledged' } }, async (req) =>
    svc.snooze(requireActor(req), req.params.id, req.body.minutes));
  app.post('/alerts/:id/unsnooze', { schema: detail }, async (req) => svc.unsnooze(requireActor(req), req.params.id));
};
