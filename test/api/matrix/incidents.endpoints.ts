import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import type { Endpoint, PrepareArgs } from '../authorization-matrix.endpoints.ts';
import { agencyFor, label, noLeak } from './matrix-helpers.ts';

// The shared Endpoint type lists GET/POST/PATCH/DELETE; the runner sends any method, so PUT rows are cast.
const put = (e: Omit<Endpoint, 'method'>): Endpoint => ({ ...e, method: 'PUT' }) as unknown as Endpoint;

/** Incidents (incidents.routes.ts), spread into MATRIX_ENDPOINTS. Confidential incidents have their own test. */
const reportBody = (a: PrepareArgs) => ({
  agencyId: agencyFor(a), title: label(a, 'incident'), reporterEmail: 'bao.cao@example.gov.vn', contactName: 'Nguyễn Văn An', contactPhone: '0903123456',
  operator: 'Trung tâm CNTT', description: 'Trang chủ bị thay đổi.', detectedAt: new Date(a.ctx.clock.now().getTime() - 3_600_000).toISOString(), handled: false,
  detectionMethod: 'log_review', alreadyNotified: [],
});

async function freshIncident(a: PrepareArgs, classify = false): Promise<string> {
  const r = await a.ctx.incidents.report.report(SYSTEM_ACTOR, reportBody(a) as never);
  if (classify) await a.ctx.incidents.workflow.classify(SYSTEM_ACTOR, r.id, { type: 'defacement' });
  return r.id;
}

export const INCIDENT_ENDPOINTS: Endpoint[] = [
  { method: 'GET', url: '/api/v1/incidents', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await freshIncident(a); return { url: '/api/v1/incidents' }; } },
  { method: 'POST', url: '/api/v1/incidents', access: 'registry-write', objectScoped: false, creates: true, prepare: async (a) => ({ url: '/api/v1/incidents', body: reportBody(a) }) },
  { method: 'GET', url: '/api/v1/incidents/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}` }) },
  { method: 'PATCH', url: '/api/v1/incidents/:id/classification', access: 'coordinate', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/classification`, body: { priority: 'high' } }) },
  { method: 'POST', url: '/api/v1/incidents/:id/transitions', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/transitions`, body: { transition: 'verify' } }) },
  { method: 'POST', url: '/api/v1/incidents/:id/comments', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/comments`, body: { text: 'Đang xử lý' } }) },
  {
    method: 'PATCH', url: '/api/v1/incidents/:id/tasks/:taskId', access: 'registry-write', objectScoped: true,
    prepare: async (a) => {
      const id = await freshIncident(a, true);
      const task = (await a.ctx.incidents.repos.incidents.tasks(a.ctx.database.db, id))[0]!;
      return { url: `/api/v1/incidents/${id}/tasks/${task.id}`, body: { done: true } };
    },
  },
  { method: 'POST', url: '/api/v1/incidents/:id/notice', access: 'coordinate', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/notice`, body: { note: 'Đã gửi qua công văn' } }) },
  { method: 'GET', url: '/api/v1/incidents/:id/documents/:form.:format', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/documents/mau03.docx` }) },
  { method: 'GET', url: '/api/v1/incident-summary/mau05.:format', access: 'coordinate', objectScoped: false, prepare: async () => ({ url: '/api/v1/incident-summary/mau05.docx?year=2026&half=2' }) },
  { method: 'GET', url: '/api/v1/settings/documents', access: 'read', objectScoped: false, prepare: async () => ({ url: '/api/v1/settings/documents' }) },
  { method: 'PUT' as 'PATCH', url: '/api/v1/settings/documents', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/settings/documents', body: { placeName: 'Đồng Nai' } }) },
  { method: 'GET', url: '/api/v1/incidents/:id/evidence', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/evidence` }) },
  { method: 'POST', url: '/api/v1/incidents/:id/observables', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/observables`, body: { observables: [{ type: 'ipv4', value: '203.0.113.7' }] } }) },
  { method: 'POST', url: '/api/v1/incidents/:id/observables/extract', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/observables/extract`, body: { text: 'from 203.0.113[.]8' } }) },
  {
    method: 'DELETE', url: '/api/v1/incidents/:id/observables/:observableId', access: 'registry-write', objectScoped: true,
    prepare: async (a) => {
      const id = await freshIncident(a);
      await a.ctx.incidents.evidence.addManual(SYSTEM_ACTOR, id, [{ type: 'ipv4', value: '203.0.113.9' }]);
      const o = (await a.ctx.incidents.evidence.list(SYSTEM_ACTOR, id)).observables[0]!;
      return { url: `/api/v1/incidents/${id}/observables/${o.id}` };
    },
  },
  { method: 'GET', url: '/api/v1/incidents/:id/observables/related', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/observables/related?type=ipv4&value=203.0.113.7` }) },
  {
    method: 'POST', url: '/api/v1/incidents/:id/attachments', access: 'registry-write', objectScoped: true,
    prepare: async (a) => {
      const b = 'matrixboundary';
      return { url: `/api/v1/incidents/${await freshIncident(a)}/attachments`, body: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="log.txt"\r\nContent-Type: text/plain\r\n\r\n203.0.113.10\r\n--${b}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
    },
  },
  {
    method: 'GET', url: '/api/v1/incidents/:id/attachments/:attachmentId', access: 'read', objectScoped: true,
    prepare: async (a) => {
      const id = await freshIncident(a);
      const att = await a.ctx.incidents.evidence.upload(SYSTEM_ACTOR, id, { filename: 'x.txt', mimetype: 'text/plain', bytes: Buffer.from('hello') });
      return { url: `/api/v1/incidents/${id}/attachments/${att.id}` };
    },
  },
  { method: 'GET', url: '/api/v1/incidents/:id/export/stix', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/export/stix` }) },
  { method: 'GET', url: '/api/v1/incidents/:id/export/misp', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/export/misp` }) },
  { method: 'POST', url: '/api/v1/incidents/:id/import/misp', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/incidents/${await freshIncident(a)}/import/misp`, body: { Event: { info: 'x', Attribute: [{ type: 'ip-dst', value: '203.0.113.11' }] } } }) },
  {
    method: 'POST', url: '/api/v1/alerts/:id/incident', access: 'registry-write', objectScoped: true,
    prepare: async (a) => {
      const alertId = randomUUID();
      await a.ctx.database.db.transaction().execute((trx) => a.ctx.alerting.alertIntake.openMany(trx, [{
        id: alertId, dedup_key: `matrix-inc:${alertId}`, monitor_id: null, system_id: null, agency_id: agencyFor(a), kind: 'monitor.down', severity: 'high',
        status: 'open', opened_at: a.ctx.clock.now(), resolved_at: null, summary: label(a, 'alert'), details: {},
      }]));
      const g = await a.ctx.database.db.selectFrom('alerts').select('group_id').where('id', '=', alertId).executeTakeFirstOrThrow();
      return { url: `/api/v1/alerts/${g.group_id}/incident` };
    },
  },
  { method: 'GET', url: '/api/v1/incident-stats', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await freshIncident(a); return { url: '/api/v1/incident-stats' }; } },
  { method: 'GET', url: '/api/v1/playbooks', access: 'coordinate', objectScoped: false, prepare: async () => ({ url: '/api/v1/playbooks' }) },
  put({ url: '/api/v1/playbooks/:type', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/playbooks/other', body: { name: 'Khác', phases: [{ phase: 'verify', tasks: [{ title: 'Xác minh' }] }] } }) }),
  { method: 'DELETE', url: '/api/v1/playbooks/:type', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/playbooks/other' }) },
  { method: 'GET', url: '/api/v1/jurisdictions', access: 'coordinate', objectScoped: false, prepare: async () => ({ url: '/api/v1/jurisdictions' }) },
  {
    method: 'POST', url: '/api/v1/jurisdictions', access: 'admin-only', objectScoped: false,
    prepare: async (a) => ({ url: '/api/v1/jurisdictions', body: { name: label(a, 'jurisdiction'), agencyId: (await a.ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: `J${Date.now()}${Math.random()}`.slice(0, 20), name: label(a, 'province'), kind: 'province' })).id, rules: [{ key: 'notice', label: 'Thông báo', from: 'detected_at', days: 3 }] } }),
  },
  put({ url: '/api/v1/jurisdictions/:id', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/jurisdictions/a0000000-0000-4000-8000-000000000001', body: { name: 'Mặc định', agencyId: null, rules: [{ key: 'notice', label: 'Thông báo', from: 'detected_at', days: 5 }, { key: 'closing_report', label: 'Mẫu 04', from: 'response_ended_at', days: 5 }] } }) }),
  {
    method: 'DELETE', url: '/api/v1/jurisdictions/:id', access: 'admin-only', objectScoped: false,
    prepare: async (a) => {
      const agency = await a.ctx.agencies.create(SYSTEM_ACTOR, { parentId: null, code: `K${Date.now()}${Math.random()}`.slice(0, 20), name: label(a, 'province'), kind: 'province' });
      const j = await a.ctx.incidents.config.saveJurisdiction(SYSTEM_ACTOR, { name: 'x', agencyId: agency.id, rules: [{ key: 'notice', label: 'n', from: 'detected_at', days: 1 }] });
      return { url: `/api/v1/jurisdictions/${j.id}` };
    },
  },
];
