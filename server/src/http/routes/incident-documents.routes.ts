import Type from 'typebox';
import { Email, Uuid } from '../../contracts/common.schema.ts';
import { sendDownload } from '../download.ts';
import { problem, sendProblem } from '../problem.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/**
 * The official documents: Mẫu 03 / Mẫu 04 of an incident and the Mẫu 05 summary, as DOCX or PDF
 * downloads (always attachments, never rendered inline); the [TBSC] notice; and the texts the
 * documents print, which administrators edit.
 */
const FormParams = Type.Object({ id: Uuid, form: Type.Union([Type.Literal('mau03'), Type.Literal('mau04')]), format: Type.Union([Type.Literal('docx'), Type.Literal('pdf')]) }, { additionalProperties: false });
const SummaryParams = Type.Object({ format: Type.Union([Type.Literal('docx'), Type.Literal('pdf')]) }, { additionalProperties: false });
const SummaryQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), half: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])) }, { additionalProperties: false });

type Reply = Parameters<typeof sendProblem>[0];
function download(reply: Reply, file: { bytes: Buffer; filename: string } | null, format: 'docx' | 'pdf') {
  if (!file) return sendProblem(reply, problem(503, 'PDF conversion is not available on this server (LibreOffice is not installed); download the DOCX instead', { code: 'pdf_unavailable' }));
  return sendDownload(reply as never, file, format);
}

export const incidentDocumentRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['incidents'];
  const docs = ctx.incidents.documents;

  app.get('/incidents/:id/documents/:form.:format', { schema: { tags, params: FormParams, summary: 'Mẫu 03 (initial report) or Mẫu 04 (closing report) as DOCX or PDF' } }, async (req, reply) =>
    download(reply, await docs.form(requireActor(req), req.params.id, req.params.form, req.params.format), req.params.format));

  app.get('/incident-summary/mau05.:format', { schema: { tags, params: SummaryParams, querystring: SummaryQuery, summary: 'Mẫu 05: the six-monthly (half=1|2) or yearly summary' } }, async (req, reply) =>
    download(reply, await docs.summary(requireActor(req), { year: req.query.year, half: req.query.half }, req.params.format), req.params.format));

  app.post('/incidents/:id/notice', {
    schema: { tags, params: Type.Object({ id: Uuid }, { additionalProperties: false }), summary: 'Send the [TBSC] incident notice by e-mail (or record that it went out); meets the notice deadline', body: Type.Object({ recipients: Type.Optional(Type.Array(Email, { maxItems: 20 })), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }) },
  }, async (req) => {
    const actor = requireActor(req);
    const recipients = req.body.recipients ?? [];
    const mail = recipients.length ? { ...(await docs.noticeEmail(actor, req.params.id, `${ctx.config.publicUrl.replace(/\/+$/, '')}/incidents/${req.params.id}`)), recipients } : undefined;
    await ctx.incidents.workflow.noticeSent(actor, req.params.id, req.body.note, mail);
    return ctx.incidents.view.get(actor, req.params.id);
  });

  app.get('/settings/documents', { schema: { tags: ['settings'] } }, async (req) => {
    requireActor(req);
    return { settings: await docs.settings() };
  });
  app.put('/settings/documents', { schema: { tags: ['settings'], body: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), { maxProperties: 60 }) } }, async (req) =>
    ({ settings: await docs.saveSettings(requireActor(req), req.body as Record<string, unknown>) }));
};
