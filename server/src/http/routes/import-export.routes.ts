import Type from 'typebox';
import { LiteralUnion } from '../../contracts/common.schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const KindParams = Type.Object({ kind: LiteralUnion(['agencies', 'systems', 'contacts']) }, { additionalProperties: false });
const FormatQuery = Type.Object({ format: Type.Optional(LiteralUnion(['csv', 'xlsx'], { default: 'xlsx' })) }, { additionalProperties: false });

const ImportReport = Type.Object({
  kind: Type.String(),
  format: Type.String(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), message: Type.String() })),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  applied: Type.Boolean(),
});

export const importExportRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['import / export'];

  app.post('/import/:kind', {
    schema: {
      tags,
      summary: 'Import a CSV or XLSX file (multipart field "file"). All rows or none: any bad row and nothing is written.',
      params: KindParams,
      querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) }, { additionalProperties: false }),
      response: { 200: ImportReport, 422: ImportReport },
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    if (!req.isMultipart()) throw new ValidationError('Send the file as multipart/form-data in a field named "file"', [{ field: 'file', message: 'is required' }]);
    const part = await req.file();
    if (!part || part.fieldname !== 'file') throw new ValidationError('Send the file in a field named "file"', [{ field: 'file', message: 'is required' }]);
    // toBuffer() throws a 413 once the configured upload limit is passed.
    const data = await part.toBuffer();
    const report = await ctx.importer.import(actor, req.params.kind, { data, filename: part.filename, mimetype: part.mimetype }, { dryRun: req.query.dryRun ?? false });
    if (!report.applied && !(req.query.dryRun ?? false)) reply.status(422);
    return report;
  });

  app.get('/import/:kind/template', {
    schema: { tags, summary: 'An empty file with the import columns (XLSX includes a guide sheet)', params: KindParams, querystring: FormatQuery },
  }, async (req, reply) => {
    requireActor(req);
    const f = await ctx.exporter.template(req.params.kind, req.query.format ?? 'xlsx');
    return sendFile(reply, f);
  });

  app.get('/export/:kind', {
    schema: { tags, summary: 'Everything of this kind that you can see, in the import format', params: KindParams, querystring: FormatQuery },
  }, async (req, reply) => {
    const f = await ctx.exporter.export(requireActor(req), req.params.kind, req.query.format ?? 'xlsx');
    return sendFile(reply, f);
  });
};

function sendFile(reply: import('fastify').FastifyReply, f: { filename: string; contentType: string; body: Buffer }) {
  const ext = f.contentType.includes('csv') ? 'csv' : 'xlsx';
  const name = f.filename.endsWith(`.${ext}`) ? f.filename : `${f.filename}.${ext}`;
  return reply
    .header('Content-Disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .type(f.contentType)
    .send(f.body);
}
