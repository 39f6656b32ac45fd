import * as OTPAuth from 'otpauth';
import { SYSTEM_ACTOR } from '../../server/src/domain/actor.ts';
import { actorFromUser } from '../../server/src/services/auth.service.ts';
import { seedAnalysis } from '../helpers/content-analyses.ts';
import type { Session, TestContext, Tree } from '../helpers/test-app.ts';
import { NOTIFICATION_ENDPOINTS } from './matrix/notifications.endpoints.ts';
import { ALERTING_ENDPOINTS } from './matrix/alerting.endpoints.ts';
import { INCIDENT_ENDPOINTS } from './matrix/incidents.endpoints.ts';
import { DUTY_EXTRA_ENDPOINTS } from './matrix/duty-extra.endpoints.ts';
import { VULN_ENDPOINTS } from './matrix/vulns.endpoints.ts';

/** 'own' = an object in the actor's agency subtree (D1); 'other' = one in a sibling subtree (D2). */
export type Target = 'own' | 'other';

export type Access = 'self' | 'personal' | 'read' | 'registry-write' | 'agency-write' | 'user-admin' | 'audit-read' | 'admin-only' | 'coordinate';

export interface PrepareArgs {
  ctx: TestContext;
  tree: Tree;
  target: Target;
  actorUsername: string;
  session: Session;
}

export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  access: Access;
  /** The URL names one object (own or other); otherwise own/other is a filter or a body field. */
  objectScoped: boolean;
  /** The body names the agency to create under (own or other subtree). */
  creates?: boolean;
  /** A never-ending response (server-sent events): the runner reads the status over a real socket, then hangs up. */
  stream?: boolean;
  /** Status for creating under an agency the actor cannot see (default 400; imports report rows: 422). */
  invisibleCreateStatus?: 400 | 422;
  prepare(a: PrepareArgs): Promise<{ url: string; body?: unknown; headers?: Record<string, string> }>;
  leakCheck?(body: string, tree: Tree): string | null;
}

let n = 0;
const uniq = () => ++n;
// Objects made in the other subtree carry this marker so a leak is easy to spot in any response.
const MARK = 'OTHER';
const agencyFor = (a: PrepareArgs) => (a.target === 'own' ? a.tree.u1 : a.tree.d2);
const label = (a: PrepareArgs, what: string) => `${a.target === 'other' ? MARK : 'own'} ${what} ${uniq()}`;

const noLeak = (body: string, tree: Tree) => (body.includes(tree.d2) || body.includes(MARK) ? 'data of another agency subtree' : null);

async function freshAgency(a: PrepareArgs) {
  const parent = a.target === 'own' ? a.tree.d1 : a.tree.d2;
  return a.ctx.agencies.create(SYSTEM_ACTOR, { parentId: parent, code: `${a.target === 'other' ? MARK : 'OWN'}-${uniq()}`, name: label(a, 'agency'), kind: 'unit' });
}
const freshSystem = (a: PrepareArgs) =>
  a.ctx.systems.create(SYSTEM_ACTOR, { name: label(a, 'system'), ownerAgencyId: agencyFor(a), securityLevel: 2, urls: ['https://example.gov.vn/'] });
const freshContact = (a: PrepareArgs) =>
  a.ctx.contacts.create(SYSTEM_ACTOR, { agencyId: agencyFor(a), priority: 'primary', availability: 'office_hours', name: label(a, 'contact') });
const freshUser = async (a: PrepareArgs) =>
  (await a.ctx.users.create(SYSTEM_ACTOR, { username: `u${uniq()}${a.target}`, displayName: label(a, 'user'), role: 'agency_member', agencyId: agencyFor(a), password: 'long enough password' })).user;

async function actorOf(a: PrepareArgs) {
  const u = await a.ctx.repos.users.findByUsername(a.ctx.database.db, a.actorUsername);
  return { user: u!, actor: actorFromUser(u!, 'session') };
}

/** Puts a known TOTP secret on the actor and returns a currently valid code for it. */
async function knownTotp(a: PrepareArgs, enabled: boolean): Promise<string> {
  const { user } = await actorOf(a);
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  await a.ctx.repos.users.update(a.ctx.database.db, user.id, { totp_secret: secret, totp_enabled: enabled });
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: a.ctx.clock.now().getTime() });
}

const freshMonitor = async (a: PrepareArgs) => {
  const system = await freshSystem(a);
  return a.ctx.monitors.create(SYSTEM_ACTOR, { systemId: system.id, kind: 'http', target: `https://portal-${uniq()}.example.gov.vn/` });
};
const freshContentMonitor = async (a: PrepareArgs) => {
  const system = await freshSystem(a);
  return a.ctx.monitors.create(SYSTEM_ACTOR, { systemId: system.id, kind: 'content', target: `https://portal-${uniq()}.example.gov.vn/` });
};
/** A stored alarm of a content monitor in the target subtree, with a snapshot and a screenshot. */
const freshDetection = async (a: PrepareArgs) => {
  const m = await freshContentMonitor(a);
  return seedAnalysis(a.ctx, m, { html: `<title>${label(a, 'page')}</title><p>slot gacor</p>`, screenshot: new Uint8Array([0x89, 0x50, 0x4e, 0x47, uniq()]) });
};
const freshWindow = async (a: PrepareArgs) =>
  a.ctx.maintenance.create(SYSTEM_ACTOR, {
    scope: 'system', systemId: (await freshSystem(a)).id, title: label(a, 'maintenance'), kind: 'once',
    startsAt: '2026-09-01T00:00:00Z', endsAt: '2026-09-01T02:00:00Z',
  });

/** An alert period of the target agency (Quốc khánh 2026) and a 12 h roster of one person over it. */
const freshPeriod = (a: PrepareArgs) =>
  a.ctx.duty.createPeriod(SYSTEM_ACTOR, { name: label(a, 'period'), start: '2026-08-29T18:00', end: '2026-09-03T08:00', agencyId: agencyFor(a) });
const rosterBody = async (a: PrepareArgs) => ({
  name: label(a, 'roster'), agencyId: agencyFor(a), members: [(await freshUser(a)).id], rotation: { shiftHours: 12, handoverTime: '08:00' },
});
const freshRoster = async (a: PrepareArgs) => a.ctx.duty.createRoster(SYSTEM_ACTOR, (await freshPeriod(a)).id, await rosterBody(a));

const passwords = new Map<string, string>();

/** A multipart upload as a browser would send it. */
function multipart(filename: string, content: string) {
  const boundary = `----vigil${uniq()}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const MATRIX_ENDPOINTS: Endpoint[] = [
  // ---- your own account: every role, no agency involved
  { method: 'GET', url: '/api/v1/auth/me', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/auth/me' }) },
  {
    method: 'POST', url: '/api/v1/auth/password', access: 'self', objectScoped: false,
    prepare: async (a) => {
      const current = passwords.get(a.actorUsername) ?? 'correct horse battery';
      const next = `rotated password ${uniq()}`;
      passwords.set(a.actorUsername, next);
      return { url: '/api/v1/auth/password', body: { currentPassword: current, newPassword: next } };
    },
  },
  {
    method: 'POST', url: '/api/v1/auth/totp/setup', access: 'self', objectScoped: false,
    prepare: async (a) => {
      await knownTotp(a, false);
      return { url: '/api/v1/auth/totp/setup' };
    },
  },
  { method: 'POST', url: '/api/v1/auth/totp/enable', access: 'self', objectScoped: false, prepare: async (a) => ({ url: '/api/v1/auth/totp/enable', body: { code: await knownTotp(a, false) } }) },
  { method: 'POST', url: '/api/v1/auth/totp/disable', access: 'self', objectScoped: false, prepare: async (a) => ({ url: '/api/v1/auth/totp/disable', body: { code: await knownTotp(a, true) } }) },
  { method: 'GET', url: '/api/v1/tokens', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/tokens' }) },
  { method: 'POST', url: '/api/v1/tokens', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/tokens', body: { name: 'matrix' } }) },
  {
    // Tokens are personal: "own" is the actor's token, "other" one of a user in the other subtree.
    method: 'DELETE', url: '/api/v1/tokens/:id', access: 'personal', objectScoped: true,
    prepare: async (a) => {
      const owner = a.target === 'own' ? (await actorOf(a)).actor : actorFromUser((await a.ctx.repos.users.findById(a.ctx.database.db, (await freshUser(a)).id))!, 'session');
      const t = await a.ctx.tokens.create(owner, { name: 'to revoke' });
      return { url: `/api/v1/tokens/${t.apiToken.id}` };
    },
  },

  // ---- users
  { method: 'GET', url: '/api/v1/users', access: 'user-admin', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/users?pageSize=500' }) },
  {
    method: 'POST', url: '/api/v1/users', access: 'user-admin', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/users', body: { username: `new${uniq()}`, displayName: 'New', role: 'agency_member', agencyId: agencyFor(a) } }),
  },
  { method: 'GET', url: '/api/v1/users/:id', access: 'user-admin', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/users/${(await freshUser(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/users/:id', access: 'user-admin', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/users/${(await freshUser(a)).id}`, body: { displayName: 'Renamed' } }) },
  { method: 'POST', url: '/api/v1/users/:id/reset-password', access: 'user-admin', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/users/${(await freshUser(a)).id}/reset-password` }) },

  // ---- agencies
  { method: 'GET', url: '/api/v1/agencies', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => ({ url: `/api/v1/agencies?pageSize=500&parentId=${a.target === 'own' ? a.tree.d1 : a.tree.d2}` }) },
  { method: 'GET', url: '/api/v1/agencies/tree', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/agencies/tree' }) },
  {
    method: 'POST', url: '/api/v1/agencies', access: 'agency-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/agencies', body: { parentId: agencyFor(a), code: `NEW-${uniq()}`, name: 'New unit', kind: 'unit' } }),
  },
  { method: 'GET', url: '/api/v1/agencies/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/agencies/${(await freshAgency(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/agencies/:id', access: 'agency-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/agencies/${(await freshAgency(a)).id}`, body: { address: 'Biên Hòa' } }) },
  { method: 'DELETE', url: '/api/v1/agencies/:id', access: 'agency-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/agencies/${(await freshAgency(a)).id}` }) },

  // ---- information systems
  { method: 'GET', url: '/api/v1/systems', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => ({ url: `/api/v1/systems?pageSize=500&agencyId=${agencyFor(a)}` }) },
  {
    method: 'POST', url: '/api/v1/systems', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/systems', body: { name: `New system ${uniq()}`, ownerAgencyId: agencyFor(a), securityLevel: 3 } }),
  },
  { method: 'GET', url: '/api/v1/systems/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/systems/${(await freshSystem(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/systems/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/systems/${(await freshSystem(a)).id}`, body: { securityLevel: 4 } }) },
  { method: 'DELETE', url: '/api/v1/systems/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/systems/${(await freshSystem(a)).id}` }) },

  // ---- contact points
  { method: 'GET', url: '/api/v1/contacts', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => ({ url: `/api/v1/contacts?pageSize=500&agencyId=${agencyFor(a)}` }) },
  {
    method: 'POST', url: '/api/v1/contacts', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/contacts', body: { agencyId: agencyFor(a), priority: 'backup', availability: 'leadership', name: 'Lê Văn B' } }),
  },
  { method: 'GET', url: '/api/v1/contacts/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/contacts/${(await freshContact(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/contacts/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/contacts/${(await freshContact(a)).id}`, body: { title: 'Phó phòng' } }) },
  { method: 'DELETE', url: '/api/v1/contacts/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/contacts/${(await freshContact(a)).id}` }) },
  { method: 'POST', url: '/api/v1/contacts/:id/verify', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/contacts/${(await freshContact(a)).id}/verify` }) },
  { method: 'GET', url: '/api/v1/contacts/:id/history', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/contacts/${(await freshContact(a)).id}/history` }) },

  // ---- import / export
  {
    method: 'POST', url: '/api/v1/import/:kind', access: 'registry-write', objectScoped: false, creates: true, invisibleCreateStatus: 422,
    prepare: async (a) => {
      const code = a.target === 'own' ? 'TTCNTT' : 'SYT';
      const m = multipart('systems.csv', `Tên hệ thống,Mã cơ quan chủ quản,Cấp độ\nImported ${uniq()},${code},3\n`);
      return { url: '/api/v1/import/systems', body: m.body, headers: m.headers };
    },
  },
  { method: 'GET', url: '/api/v1/import/:kind/template', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/import/contacts/template?format=csv' }) },
  { method: 'GET', url: '/api/v1/export/:kind', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/export/systems?format=csv' }) },

  // ---- monitoring
  { method: 'GET', url: '/api/v1/monitors', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => ({ url: `/api/v1/monitors?pageSize=500&agencyId=${agencyFor(a)}` }) },
  { method: 'GET', url: '/api/v1/monitors/summary', access: 'read', objectScoped: false, prepare: async () => ({ url: '/api/v1/monitors/summary' }) },
  { method: 'GET', url: '/api/v1/monitors/stream', access: 'read', objectScoped: false, stream: true, prepare: async () => ({ url: '/api/v1/monitors/stream' }) },
  {
    method: 'POST', url: '/api/v1/monitors', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/monitors', body: { systemId: (await freshSystem(a)).id, kind: 'http', target: `https://new-${uniq()}.example.gov.vn/` } }),
  },
  {
    method: 'POST', url: '/api/v1/monitors/from-registry', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/monitors/from-registry', body: { agencyId: agencyFor(a) } }),
  },
  { method: 'GET', url: '/api/v1/monitors/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/monitors/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}`, body: { failureThreshold: 3 } }) },
  { method: 'DELETE', url: '/api/v1/monitors/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}` }) },
  { method: 'POST', url: '/api/v1/monitors/:id/pause', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}/pause` }) },
  { method: 'POST', url: '/api/v1/monitors/:id/check-now', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}/check-now` }) },
  { method: 'POST', url: '/api/v1/monitors/:id/resume', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}/resume` }) },
  {
    method: 'POST', url: '/api/v1/monitors/:id/accept-baseline', access: 'registry-write', objectScoped: true,
    prepare: async (a) => {
      // A DNS monitor whose last check saw a changed record set: there is something to accept.
      const system = await freshSystem(a);
      const m = await a.ctx.monitors.create(SYSTEM_ACTOR, { systemId: system.id, kind: 'dns', target: `portal-${uniq()}.example.gov.vn` });
      await a.ctx.repos.monitors.update(a.ctx.database.db, m.id, { last_result: { observed: { A: ['203.0.113.9'] } } });
      return { url: `/api/v1/monitors/${m.id}/accept-baseline` };
    },
  },
  { method: 'GET', url: '/api/v1/monitors/:id/series', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}/series?range=24h` }) },
  { method: 'GET', url: '/api/v1/monitors/:id/events', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshMonitor(a)).id}/events` }) },
  { method: 'GET', url: '/api/v1/maintenance-windows', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/maintenance-windows' }) },
  {
    method: 'POST', url: '/api/v1/maintenance-windows', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/maintenance-windows', body: { scope: 'system', scopeId: (await freshSystem(a)).id, reason: 'Nâng cấp máy chủ', startsAt: '2026-09-02T15:00:00Z', endsAt: '2026-09-02T17:00:00Z' } }),
  },
  { method: 'DELETE', url: '/api/v1/maintenance-windows/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/maintenance-windows/${(await freshWindow(a)).id}` }) },
  // ---- content integrity (detections, their evidence, review)
  { method: 'GET', url: '/api/v1/detections', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await freshDetection(a); return { url: `/api/v1/detections?pageSize=500&agencyId=${agencyFor(a)}` }; } },
  { method: 'GET', url: '/api/v1/detections/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/detections/${(await freshDetection(a)).id}` }) },
  { method: 'GET', url: '/api/v1/detections/:id/source', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/detections/${(await freshDetection(a)).id}/source?fetch=googlebot` }) },
  { method: 'POST', url: '/api/v1/detections/:id/confirm', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/detections/${(await freshDetection(a)).id}/confirm`, body: { note: 'xác nhận' } }) },
  { method: 'POST', url: '/api/v1/detections/:id/dismiss', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/detections/${(await freshDetection(a)).id}/dismiss`, body: {} }) },
  { method: 'POST', url: '/api/v1/monitors/:id/relearn', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/monitors/${(await freshContentMonitor(a)).id}/relearn` }) },
  // The sandboxed evidence view is outside /api but guarded the same way.
  { method: 'GET', url: '/evidence/:id/:fetch', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/evidence/${(await freshDetection(a)).id}/browser` }) },
  { method: 'GET', url: '/evidence/:id/screenshot', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/evidence/${(await freshDetection(a)).id}/screenshot` }) },
  { method: 'GET', url: '/api/v1/jobs', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/jobs' }) },

  // ---- duty rosters (periods of an agency are scoped like the registry; see duty.test.ts for province-wide ones)
  { method: 'GET', url: '/api/v1/duty/periods', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await freshPeriod(a); return { url: '/api/v1/duty/periods' }; } },
  {
    method: 'POST', url: '/api/v1/duty/periods', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/duty/periods', body: { name: 'Tết 2027', start: '2027-02-05T18:00', end: '2027-02-12T08:00', agencyId: agencyFor(a) } }),
  },
  { method: 'GET', url: '/api/v1/duty/periods/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshPeriod(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/duty/periods/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshPeriod(a)).id}`, body: { name: 'Quốc khánh (sửa)' } }) },
  { method: 'DELETE', url: '/api/v1/duty/periods/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshPeriod(a)).id}` }) },
  { method: 'GET', url: '/api/v1/duty/periods/:id/coverage', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshRoster(a)).periodId}/coverage` }) },
  {
    method: 'POST', url: '/api/v1/duty/periods/:id/rosters', access: 'registry-write', objectScoped: true,
    prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshPeriod(a)).id}/rosters`, body: await rosterBody(a) }),
  },
  { method: 'GET', url: '/api/v1/duty/rosters/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}` }) },
  { method: 'PATCH', url: '/api/v1/duty/rosters/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}`, body: { name: 'Tổ trực 2' } }) },
  { method: 'DELETE', url: '/api/v1/duty/rosters/:id', access: 'registry-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}` }) },
  { method: 'GET', url: '/api/v1/duty/rosters/:id/schedule', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}/schedule` }) },
  {
    // 29/8 20:00 in Hà Nội time is a hand-over of a 12 h roster handed over at 08:00.
    method: 'POST', url: '/api/v1/duty/rosters/:id/handover-notes', access: 'registry-write', objectScoped: true,
    prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}/handover-notes`, body: { at: '2026-08-29T13:00:00.000Z', text: 'Bàn giao ca' } }),
  },
  {
    method: 'GET', url: '/api/v1/duty/on-duty', access: 'read', objectScoped: false, leakCheck: noLeak,
    prepare: async (a) => { await freshRoster(a); return { url: `/api/v1/duty/on-duty?at=2026-08-30T00:00:00Z&agencyId=${agencyFor(a)}` }; },
  },
  { method: 'GET', url: '/api/v1/duty/rosters/:id/calendar.ics', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}/calendar.ics` }) },
  { method: 'GET', url: '/api/v1/duty/my/calendar.ics', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/duty/my/calendar.ics' }) },

  // ---- audit
  { method: 'GET', url: '/api/v1/audit', access: 'audit-read', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/audit?pageSize=500' }) },
  { method: 'GET', url: '/api/v1/audit/verify', access: 'admin-only', objectScoped: false, prepare: async () => ({ url: '/api/v1/audit/verify' }) },
  ...NOTIFICATION_ENDPOINTS,
  ...DUTY_EXTRA_ENDPOINTS,
  ...ALERTING_ENDPOINTS,
  ...INCIDENT_ENDPOINTS,
  ...VULN_ENDPOINTS,
];
