import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import { DetectionDetail, DetectionListQuery, DetectionParams, DetectionSummary, ReviewBody, Source, SourceQuery } from '../../contracts/detection.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Content-integrity detections: list, detail, snapshot source, review; and relearning a profile. */
export const detectionRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['content integrity'];

  app.get('/detections', {
    schema: { tags, summary: 'Stored content analyses visible to you, newest first', querystring: DetectionListQuery, response: { 200: Page(DetectionSummary) } },
  }, async (req) => {
    const p = pageArgs(req.query);
    const q = req.query;
    const r = await ctx.contentAnalysis.list(requireActor(req), {
      monitorId: q.monitorId, systemId: q.systemId, agencyId: q.agencyId, alarm: q.alarm, review: q.review, kind: q.kind, limit: p.limit, offset: p.offset,
    });
    return { ...r, page: p.page, pageSize: p.pageSize };
  });

  app.get('/detections/:id', {
    schema: { tags, summary: 'One analysis: verdict, evidence, diff against the profile, every fetch, review', params: DetectionParams, response: { 200: DetectionDetail } },
  }, async (req) => ({ ...(await ctx.contentAnalysis.get(requireActor(req), req.params.id)), incident: (await ctx.incidents.fromAlert.forAnalysis(req.params.id)) ?? null }));

  app.get('/detections/:id/source', {
    schema: { tags, summary: 'A stored snapshot as text (show it escaped)', params: DetectionParams, querystring: SourceQuery, response: { 200: Source } },
  }, async (req) => ctx.contentAnalysis.source(requireActor(req), req.params.id, req.query.fetch ?? 'browser'));

  app.post('/detections/:id/confirm', {
    schema: { tags, summary: 'Confirm an alarm as a compromise', params: DetectionParams, body: ReviewBody, response: { 200: DetectionDetail } },
  }, async (req) => {
    const actor = requireActor(req);
    const detection = await ctx.contentAnalysis.confirm(actor, req.params.id, req.body?.note ?? null);
    // A confirmed compromise is an incident (type defacement) with its evidence attached.
    const incident = await ctx.incidents.fromAlert.fromDetection(actor, req.params.id);
    return { ...detection, incident: { id: incident.id, number: incident.number } };
  });

  app.post('/detections/:id/dismiss', {
    schema: { tags, summary: 'Dismiss an alarm as legitimate: the snapshot is learned into the profile, the content alert resolved', params: DetectionParams, body: ReviewBody, response: { 200: DetectionDetail } },
  }, async (req) => ctx.contentAnalysis.dismiss(requireActor(req), req.params.id, req.body?.note ?? null));

  app.post('/monitors/:id/relearn', {
    schema: { tags, summary: "Forget a content monitor's profile; it is learned again from the next checks", params: IdParams },
  }, async (req, reply) => {
    await ctx.contentAnalysis.relearn(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
