import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import type { Endpoint, PrepareArgs } from '../authorization-matrix.endpoints.ts';
import { kevCatalogue, multipartFile } from '../../vulns/feed-samples.ts';
import { agencyFor, label, noLeak, uniq } from './matrix-helpers.ts';

// The shared Endpoint type lists GET/POST/PATCH/DELETE; the runner sends any method, so PUT rows are cast.
const put = (e: Omit<Endpoint, 'method'>): Endpoint => ({ ...e, method: 'PUT' }) as unknown as Endpoint;

/**
 * Vulnerability catalogue and warnings (vulns.routes.ts, warnings.routes.ts), spread into
 * MATRIX_ENDPOINTS. Each warning is made to hit exactly one system of the target subtree: its own
 * advisory (a KEV-shaped record naming a product only that system runs), so "own" and "other"
 * never share a warning.
 */
async function sentWarning(a: PrepareArgs, send = true): Promise<{ id: string; cve: string; systemId: string }> {
  const n = uniq();
  const cve = `CVE-2099-${String(10000 + n)}`;
  await a.ctx.vulns.imports.importFile(SYSTEM_ACTOR, { name: 'kev.json', data: Buffer.from(kevCatalogue([{ cve, vendor: `Matrix${n}`, product: `Widget${n}` }])) });
  const system = await a.ctx.systems.create(SYSTEM_ACTOR, { name: label(a, 'vulnerable system'), ownerAgencyId: agencyFor(a), securityLevel: 2, software: [{ vendor: `Matrix${n}`, product: `Widget${n}`, version: '1.0' }] });
  await a.ctx.vulns.matcher.rematchAll();
  const deadline = new Date(a.ctx.clock.now().getTime() + 7 * 86_400_000).toISOString();
  const w = await a.ctx.vulns.warnings.create(SYSTEM_ACTOR, { title: label(a, 'warning'), filter: { cves: [cve] }, deadline });
  if (send) await a.ctx.vulns.sender.send(SYSTEM_ACTOR, w.id);
  return { id: w.id, cve, systemId: system.id };
}

/** One sent warning per target subtree, shared by the endpoints that only read it. */
const shared = new Map<string, Promise<{ id: string; cve: string; systemId: string }>>();
function readOnlyWarning(a: PrepareArgs) {
  let w = shared.get(a.target);
  if (!w) {
    w = sentWarning(a);
    shared.set(a.target, w);
  }
  return w;
}

async function target(a: PrepareArgs): Promise<{ warningId: string; targetId: string }> {
  const w = await sentWarning(a);
  const t = (await a.ctx.vulns.targets.list(SYSTEM_ACTOR, w.id, {}))[0]!;
  return { warningId: w.id, targetId: t.id };
}

const warningBody = (a: PrepareArgs) => ({ title: label(a, 'warning'), filter: { vendors: ['Microsoft'] }, deadline: new Date(a.ctx.clock.now().getTime() + 86_400_000).toISOString() });

export const VULN_ENDPOINTS: Endpoint[] = [
  { method: 'GET', url: '/api/v1/advisories', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/advisories?matched=true' }) },
  {
    // Advisories are public; the systems they match are scoped (leak check on the other subtree's system names).
    method: 'GET', url: '/api/v1/advisories/:cve', access: 'read', objectScoped: false, leakCheck: noLeak,
    prepare: async (a) => ({ url: `/api/v1/advisories/${(await readOnlyWarning(a)).cve}` }),
  },
  { method: 'GET', url: '/api/v1/advisory-vendors', access: 'read', objectScoped: false, prepare: async () => ({ url: '/api/v1/advisory-vendors' }) },
  {
    method: 'POST', url: '/api/v1/advisory-imports', access: 'coordinate', objectScoped: false,
    prepare: async () => {
      const m = multipartFile('kev.json', kevCatalogue([{ cve: 'CVE-2099-0001', vendor: 'Acme', product: 'Widget' }]));
      return { url: '/api/v1/advisory-imports', body: m.body, headers: m.headers };
    },
  },
  {
    // The download itself is tested on loopback in vuln-catalogue.test.ts; here only who may ask.
    method: 'POST', url: '/api/v1/advisory-imports/url', access: 'coordinate', objectScoped: false,
    prepare: async (a) => {
      (a.ctx.vulns.imports as unknown as { fetcher: unknown }).fetcher = { fetch: async () => ({ name: 'kev.json', data: Buffer.from(kevCatalogue([{ cve: 'CVE-2099-0002', vendor: 'Acme', product: 'Gadget' }])) }) };
      return { url: '/api/v1/advisory-imports/url', body: { url: 'https://feeds.example.gov.vn/kev.json' } };
    },
  },
  { method: 'GET', url: '/api/v1/advisory-imports', access: 'coordinate', objectScoped: false, prepare: async () => ({ url: '/api/v1/advisory-imports' }) },
  { method: 'GET', url: '/api/v1/vuln-settings', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/vuln-settings' }) },
  put({ url: '/api/v1/vuln-settings', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/vuln-settings', body: { importMode: 'rest' } }) }),
  { method: 'POST', url: '/api/v1/vuln-matches/rematch', access: 'coordinate', objectScoped: false, prepare: async () => ({ url: '/api/v1/vuln-matches/rematch' }) },
  { method: 'GET', url: '/api/v1/systems/:id/vulnerabilities', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/systems/${(await readOnlyWarning(a)).systemId}/vulnerabilities` }) },

  { method: 'POST', url: '/api/v1/warnings/preview', access: 'coordinate', objectScoped: false, prepare: async () => ({ url: '/api/v1/warnings/preview', body: { filter: { vendors: ['Microsoft'] } } }) },
  { method: 'GET', url: '/api/v1/warnings', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await readOnlyWarning(a); return { url: '/api/v1/warnings' }; } },
  { method: 'POST', url: '/api/v1/warnings', access: 'coordinate', objectScoped: false, prepare: async (a) => ({ url: '/api/v1/warnings', body: warningBody(a) }) },
  { method: 'GET', url: '/api/v1/warnings/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await readOnlyWarning(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/warnings/:id', access: 'coordinate', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/warnings/${(await sentWarning(a, false)).id}`, body: { title: label(a, 'renamed') } }) },
  { method: 'DELETE', url: '/api/v1/warnings/:id', access: 'coordinate', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/warnings/${(await sentWarning(a, false)).id}` }) },
  { method: 'POST', url: '/api/v1/warnings/:id/send', access: 'coordinate', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/warnings/${(await sentWarning(a, false)).id}/send` }) },
  { method: 'POST', url: '/api/v1/warnings/:id/close', access: 'coordinate', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await sentWarning(a)).id}/close` }) },
  { method: 'GET', url: '/api/v1/warnings/:id/targets', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await readOnlyWarning(a)).id}/targets` }) },
  { method: 'GET', url: '/api/v1/warnings/:id/targets/:targetId', access: 'read', objectScoped: true, prepare: async (a) => { const t = await target(a); return { url: `/api/v1/warnings/${t.warningId}/targets/${t.targetId}` }; } },
  {
    method: 'PATCH', url: '/api/v1/warnings/:id/targets/:targetId', access: 'registry-write', objectScoped: true,
    prepare: async (a) => { const t = await target(a); return { url: `/api/v1/warnings/${t.warningId}/targets/${t.targetId}`, body: { status: 'fixed', kb: 'KB5028168' } }; },
  },
  {
    method: 'POST', url: '/api/v1/warnings/:id/targets/bulk', access: 'registry-write', objectScoped: true,
    prepare: async (a) => { const t = await target(a); return { url: `/api/v1/warnings/${t.warningId}/targets/bulk`, body: { targetIds: [t.targetId], status: 'acknowledged' } }; },
  },
  { method: 'GET', url: '/api/v1/warnings/:id/board', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await readOnlyWarning(a)).id}/board` }) },
  { method: 'GET', url: '/api/v1/warnings/:id/board.xlsx', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await readOnlyWarning(a)).id}/board.xlsx` }) },
  { method: 'GET', url: '/api/v1/warnings/:id/board.docx', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await readOnlyWarning(a)).id}/board.docx` }) },
  { method: 'GET', url: '/api/v1/warnings/:id/letter.docx', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/warnings/${(await readOnlyWarning(a)).id}/letter.docx` }) },
  { method: 'GET', url: '/api/v1/warning-board', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await readOnlyWarning(a); return { url: '/api/v1/warning-board' }; } },
];
