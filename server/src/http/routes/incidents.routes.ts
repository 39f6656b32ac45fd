import Type from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import { CommentBody, IncidentClassify, IncidentQuery, IncidentReport, TaskParams, TaskUpdate, Transition } from '../../contracts/incident.schema.ts';
import type { ClassifyInput } from '../../services/incident-workflow.service.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/**
 * Incidents: reporting (Mẫu 03, receipt acknowledged at once), the list and the overdue board,
 * the incident page, classification by the coordinating unit, workflow transitions (closing
 * needs a Mẫu 04), comments and tasks. Documents and the notice: incident-documents.routes.ts.
 */
export const incidentRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['incidents'];
  const i = ctx.incidents;

  app.get('/incidents', { schema: { tags, querystring: IncidentQuery } }, async (req) => {
    const q = req.query;
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const r = await i.view.list(requireActor(req), { status: q.status, type: q.type, agencyId: q.agencyId, overdue: q.overdue, limit: pageSize, offset: (page - 1) * pageSize });
    return { ...r, page, pageSize };
  });

  app.post('/incidents', {
    schema: { tags, summary: 'Report an incident (Mẫu 03); receipt is acknowledged at once', body: IncidentReport, response: { 201: Type.Object({ id: Type.String(), number: Type.String(), receivedAt: Type.String(), receiptAcknowledgedAt: Type.String() }) } },
  }, async (req, reply) => {
    const r = await i.report.report(requireActor(req), req.body);
    // Observables of the report's text (bounded); a failure here must not lose the report.
    await i.evidence.extractFromReport(r.id).catch((e: unknown) => req.log.warn({ err: e }, 'observable extraction failed'));
    if (req.body.type) await i.workflow.applyPlaybook(requireActor(req), r.id, req.body.type);
    return reply.status(201).send({ id: r.id, number: r.number, receivedAt: r.receivedAt.toISOString(), receiptAcknowledgedAt: r.receivedAt.toISOString() });
  });

  app.get('/incidents/:id', { schema: { tags, params: IdParams } }, async (req) => i.view.get(requireActor(req), req.params.id));

  app.patch('/incidents/:id/classification', { schema: { tags, params: IdParams, body: IncidentClassify, summary: 'Type, cause, priority, TLP, serious-incident checklist, systems, confidentiality, assignment (coordinating unit)' } }, async (req) => {
    const actor = requireActor(req);
    await i.workflow.classify(actor, req.params.id, req.body as ClassifyInput);
    return i.view.get(actor, req.params.id);
  });

  app.post('/incidents/:id/transitions', { schema: { tags, params: IdParams, body: Transition } }, async (req) => {
    const actor = requireActor(req);
    await i.workflow.transition(actor, req.params.id, req.body);
    return i.view.get(actor, req.params.id);
  });

  app.post('/incidents/:id/comments', { schema: { tags, params: IdParams, body: CommentBody } }, async (req) => {
    const actor = requireActor(req);
    await i.workflow.comment(actor, req.params.id, req.body.text);
    return i.view.get(actor, req.params.id);
  });

  app.patch('/incidents/:id/tasks/:taskId', { schema: { tags, params: TaskParams, body: TaskUpdate } }, async (req) => {
    const actor = requireActor(req);
    await i.workflow.updateTask(actor, req.params.id, req.params.taskId, req.body);
    return i.view.get(actor, req.params.id);
  });


  app.post('/alerts/:id/incident', {
    schema: { tags, params: IdParams, summary: 'Escalate an alert group to an incident (once; a second call returns the same incident)', response: { 200: Type.Object({ id: Type.String(), number: Type.String(), created: Type.Boolean() }) } },
  }, async (req) => i.fromAlert.fromAlertGroup(requireActor(req), req.params.id));

  app.get('/incident-stats', {
    schema: { tags, summary: 'Counts by type, agency, month and status; time to take up and to close (p50/p90); overdue now', querystring: Type.Object({ from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }) },
  }, async (req) => i.stats.stats(requireActor(req), req.query));
};
