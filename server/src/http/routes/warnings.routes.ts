import { IdParams } from '../../contracts/common.schema.ts';
import { BulkUpdateBody, LetterQuery, PreviewBody, TargetParams, TargetQuery, TargetUpdateBody, WarningBody, WarningListQuery, WarningPatch } from '../../contracts/vuln.schema.ts';
import type { TargetUpdate } from '../../vulns/warnings/target-status.ts';
import type { WarningFilter } from '../../vulns/warnings/warning-filter.ts';
import { sendDownload } from '../download.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Warning campaigns, each agency's answers per system, the board and its exports (issue 7). */
export const warningRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['warnings'];
  const v = ctx.vulns;

  app.post('/warnings/preview', { schema: { tags, body: PreviewBody, summary: 'Which vulnerabilities, agencies and systems a filter hits now' } }, async (req) =>
    v.warnings.preview(requireActor(req), req.body.filter as WarningFilter));
  app.get('/warnings', { schema: { tags, querystring: WarningListQuery } }, async (req) => ({ items: await v.warnings.list(requireActor(req), req.query) }));
  app.post('/warnings', { schema: { tags, body: WarningBody, summary: 'Compose a warning (a draft until sent)' } }, async (req, reply) =>
    reply.status(201).send(await v.warnings.create(requireActor(req), { ...req.body, filter: req.body.filter as WarningFilter })));
  app.get('/warnings/:id', { schema: { tags, params: IdParams } }, async (req) => v.warnings.get(requireActor(req), req.params.id));
  app.patch('/warnings/:id', { schema: { tags, params: IdParams, body: WarningPatch } }, async (req) =>
    v.warnings.update(requireActor(req), req.params.id, { ...req.body, filter: req.body.filter as WarningFilter | undefined }));
  app.delete('/warnings/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await v.warnings.remove(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
  app.post('/warnings/:id/send', { schema: { tags, params: IdParams, summary: 'Send: freeze the CVE list, create each system\'s status, mail each agency its letter' } }, async (req) =>
    v.sender.send(requireActor(req), req.params.id));
  app.post('/warnings/:id/close', { schema: { tags, params: IdParams } }, async (req) => v.warnings.close(requireActor(req), req.params.id));

  app.get('/warnings/:id/targets', { schema: { tags, params: IdParams, querystring: TargetQuery } }, async (req) =>
    ({ items: await v.targets.list(requireActor(req), req.params.id, req.query) }));
  app.get('/warnings/:id/targets/:targetId', { schema: { tags, params: TargetParams } }, async (req) => v.targets.get(requireActor(req), req.params.id, req.params.targetId));
  app.patch('/warnings/:id/targets/:targetId', { schema: { tags, params: TargetParams, body: TargetUpdateBody, summary: 'An agency says what it did about one system' } }, async (req) =>
    v.targets.update(requireActor(req), req.params.id, req.params.targetId, req.body as TargetUpdate));
  app.post('/warnings/:id/targets/bulk', { schema: { tags, params: IdParams, body: BulkUpdateBody, summary: 'The same status for many systems: all or nothing' } }, async (req) => {
    const { targetIds, ...u } = req.body;
    return v.targets.bulk(requireActor(req), req.params.id, targetIds, u as TargetUpdate);
  });

  app.get('/warnings/:id/board', { schema: { tags, params: IdParams } }, async (req) => {
    const w = await v.warnings.get(requireActor(req), req.params.id);
    return { totals: w.totals, agencies: w.agencies };
  });
  app.get('/warnings/:id/board.xlsx', { schema: { tags, params: IdParams } }, async (req, reply) => sendDownload(reply, await v.documents.boardExport(requireActor(req), req.params.id, 'xlsx'), 'xlsx'));
  app.get('/warnings/:id/board.docx', { schema: { tags, params: IdParams } }, async (req, reply) => sendDownload(reply, await v.documents.boardExport(requireActor(req), req.params.id, 'docx'), 'docx'));
  app.get('/warnings/:id/letter.docx', { schema: { tags, params: IdParams, querystring: LetterQuery, summary: 'The official letter (an agency\'s, with its systems in the annex)' } }, async (req, reply) =>
    sendDownload(reply, await v.documents.letterFor(requireActor(req), req.params.id, req.query.agencyId), 'docx'));
  app.get('/warning-board', { schema: { tags, summary: 'Per agency across the sent warnings: % fixed, overdue, not acknowledged' } }, async (req) =>
    ({ items: await v.warnings.agencyBoard(requireActor(req)) }));
};
