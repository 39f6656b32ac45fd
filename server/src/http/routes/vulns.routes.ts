import { IdParams } from '../../contracts/common.schema.ts';
import { AdvisoryQuery, CveParams, ImportQuery, ImportUrlBody, VulnSettingsBody } from '../../contracts/vuln.schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import { toImportRun } from '../../services/advisory-dto.ts';
import type { Severity } from '../../vulns/advisory.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** The advisory catalogue, feed imports (file, URL, offline bundle) and matching (issue 7). */
const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

export const vulnRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['vulnerabilities'];
  const v = ctx.vulns;

  app.get('/advisories', { schema: { tags, querystring: AdvisoryQuery, summary: 'Search the catalogue (vendor, severity, exploited, month range…)' } }, async (req) => {
    const q = req.query;
    return v.catalogue.search(requireActor(req), {
      q: q.q, vendors: list(q.vendor), severities: list(q.severity) as Severity[] | undefined, exploited: q.exploited,
      monthFrom: q.monthFrom, monthTo: q.monthTo, sources: list(q.source), minCvss: q.minCvss, matched: q.matched,
    }, { limit: q.limit ?? 50, offset: q.offset ?? 0 });
  });
  app.get('/advisories/:cve', { schema: { tags, params: CveParams, summary: 'One advisory with the visible systems it matches and why' } }, async (req) =>
    v.catalogue.get(requireActor(req), req.params.cve));
  app.get('/advisory-vendors', { schema: { tags } }, async (req) => ({ items: await v.catalogue.vendors(requireActor(req)) }));

  app.post('/advisory-imports', {
    schema: { tags, querystring: ImportQuery, summary: 'Import a feed file (KEV, NVD 2.0, MSRC CVRF XML/JSON, CSAF 2.0) or an offline bundle (.zip) in the multipart field "file"' },
  }, async (req, reply) => {
    const actor = requireActor(req);
    v.imports.assertCanImport(actor);
    if (!req.isMultipart()) throw new ValidationError('Send the feed as multipart/form-data in a field named "file"', [{ field: 'file', message: 'is required' }]);
    const part = await req.file({ limits: { fileSize: ctx.config.feedMaxBytes } });
    if (!part || part.fieldname !== 'file') throw new ValidationError('Send the feed in a field named "file"', [{ field: 'file', message: 'is required' }]);
    const data = await part.toBuffer();
    const run = await v.imports.importFile(actor, { name: part.filename || 'feed', data }, req.query.mode);
    if (run.status === 'rejected' || run.status === 'failed') reply.status(422);
    return toImportRun(run);
  });
  app.post('/advisory-imports/url', { schema: { tags, body: ImportUrlBody, summary: 'Download a feed and import it (the server needs internet access for this)' } }, async (req, reply) => {
    const run = await v.imports.importUrl(requireActor(req), req.body.url, req.body.mode);
    if (run.status === 'rejected' || run.status === 'failed') reply.status(422);
    return toImportRun(run);
  });
  app.get('/advisory-imports', { schema: { tags } }, async (req) => ({ items: (await v.imports.list(requireActor(req))).map(toImportRun) }));

  app.get('/vuln-settings', { schema: { tags } }, async (req) => v.imports.settings(requireActor(req)));
  app.put('/vuln-settings', { schema: { tags, body: VulnSettingsBody } }, async (req) => v.imports.saveSettings(requireActor(req), req.body));

  app.post('/vuln-matches/rematch', { schema: { tags, summary: 'Match the whole catalogue against every inventory now' } }, async (req) => v.matcher.rematchFor(requireActor(req)));
  app.get('/systems/:id/vulnerabilities', { schema: { tags, params: IdParams } }, async (req) => ({ items: await v.matcher.forSystem(requireActor(req), req.params.id) }));
};
