import Type from 'typebox';
import { IdParams, Text, Uuid } from '../../contracts/common.schema.ts';
import { ValidationError, NotFoundError } from '../../domain/errors.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/**
 * Observables (with correlation across incidents), attachments, and STIX 2.1 / MISP exchange.
 * Attachments are always downloads with a neutral type: an uploaded page or SVG is never rendered
 * by the browser, whatever it claims to be.
 */
const ObservableInput = Type.Object(
  {
    type: Type.Union(['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'].map((t) => Type.Literal(t))),
    value: Type.String({ minLength: 1, maxLength: 2048 }),
    tlp: Type.Optional(Type.Union(['clear', 'green', 'amber', 'red'].map((t) => Type.Literal(t)))),
    comment: Type.Optional(Text(1000)),
  },
  { additionalProperties: false },
);
const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid }, { additionalProperties: false });
const ObservableParams = Type.Object({ id: Uuid, observableId: Uuid }, { additionalProperties: false });

function asDownload(reply: { header(k: string, v: string): unknown; type(t: string): unknown }, filename: string, type = 'application/octet-stream') {
  reply.type(type);
  reply.header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', "sandbox; default-src 'none'");
  reply.header('cache-control', 'no-store');
}

export const incidentEvidenceRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['incidents'];
  const ev = ctx.incidents.evidence;

  app.get('/incidents/:id/evidence', { schema: { tags, params: IdParams, summary: 'Observables (each with how many other incidents carry it) and attachments' } }, async (req) => ev.list(requireActor(req), req.params.id));

  app.post('/incidents/:id/observables', { schema: { tags, params: IdParams, body: Type.Object({ observables: Type.Array(ObservableInput, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }) } }, async (req) => {
    const actor = requireActor(req);
    const r = await ev.addManual(actor, req.params.id, req.body.observables);
    return { ...r, ...(await ev.list(actor, req.params.id)) };
  });

  app.post('/incidents/:id/observables/extract', { schema: { tags, params: IdParams, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 1_000_000 }) }, { additionalProperties: false }), summary: 'Add every observable found in pasted text (defanged forms understood)' } }, async (req) => {
    const actor = requireActor(req);
    const found = await ev.extractText(actor, req.params.id, req.body.text);
    return { ...found, ...(await ev.list(actor, req.params.id)) };
  });

  app.delete('/incidents/:id/observables/:observableId', { schema: { tags, params: ObservableParams } }, async (req, reply) => {
    await ev.removeObservable(requireActor(req), req.params.id, req.params.observableId);
    return reply.status(204).send();
  });

  app.get('/incidents/:id/observables/related', { schema: { tags, params: IdParams, querystring: Type.Object({ type: Type.String({ maxLength: 10 }), value: Type.String({ maxLength: 2048 }) }, { additionalProperties: false }) } }, async (req) =>
    ({ items: await ev.related(requireActor(req), req.params.id, req.query.type, req.query.value) }));

  app.post('/incidents/:id/attachments', { schema: { tags, params: IdParams, summary: 'Upload one file (multipart field "file"); limited to VIGIL_UPLOAD_MAX_BYTES' } }, async (req, reply) => {
    const actor = requireActor(req);
    if (!req.isMultipart()) throw new ValidationError('Send the file as multipart/form-data in a field named "file"', [{ field: 'file', message: 'is required' }]);
    const part = await req.file();
    if (!part || part.fieldname !== 'file') throw new ValidationError('Send the file in a field named "file"', [{ field: 'file', message: 'is required' }]);
    // toBuffer() throws a 413 once the configured upload limit is passed.
    const bytes = await part.toBuffer();
    return reply.status(201).send(await ev.upload(actor, req.params.id, { filename: part.filename, mimetype: part.mimetype, bytes }));
  });

  app.get('/incidents/:id/attachments/:attachmentId', { schema: { tags, params: AttachmentParams } }, async (req, reply) => {
    const f = await ev.download(requireActor(req), req.params.id, req.params.attachmentId);
    if (!f) throw new NotFoundError('Attachment');
    asDownload(reply, f.name);
    return reply.send(Buffer.from(f.bytes));
  });

  app.get('/incidents/:id/export/stix', { schema: { tags, params: IdParams, summary: 'The incident and its observables as a STIX 2.1 bundle' } }, async (req, reply) => {
    const bundle = await ev.exportStix(requireActor(req), req.params.id, ctx.config.organizationName);
    asDownload(reply, `incident-${req.params.id}.stix.json`, 'application/json');
    return reply.send(JSON.stringify(bundle, null, 2));
  });

  app.get('/incidents/:id/export/misp', { schema: { tags, params: IdParams, summary: 'The incident and its observables as a MISP event' } }, async (req, reply) => {
    const event = await ev.exportMisp(requireActor(req), req.params.id, ctx.config.organizationName);
    asDownload(reply, `incident-${req.params.id}.misp.json`, 'application/json');
    return reply.send(JSON.stringify(event, null, 2));
  });

  app.post('/incidents/:id/import/misp', { schema: { tags, params: IdParams, body: Type.Object({}, { additionalProperties: true }), summary: 'Import a MISP event\'s attributes as observables; what could not be imported is listed' } }, async (req) =>
    ev.importMisp(requireActor(req), req.params.id, req.body));
};
