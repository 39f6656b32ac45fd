import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import type { Endpoint, PrepareArgs } from '../authorization-matrix.endpoints.ts';
import { agencyFor, label, noLeak, uniq } from './matrix-helpers.ts';

/**
 * Alert groups, the external intake, escalation configuration and roll calls, spread into
 * MATRIX_ENDPOINTS. A group of the "other" target holds an alert of the sibling subtree (D2) and
 * carries the OTHER marker.
 */

/** A fresh alert group of the target agency (through the intake, as monitoring opens them). */
async function freshGroup(a: PrepareArgs): Promise<string> {
  const id = randomUUID();
  await a.ctx.database.db.transaction().execute((trx) => a.ctx.alerting.alertIntake.openMany(trx, [{
    id, dedup_key: `matrix:${id}`, monitor_id: null, system_id: null, agency_id: agencyFor(a), kind: 'monitor.down', severity: 'high',
    status: 'open', opened_at: a.ctx.clock.now(), resolved_at: null, summary: label(a, 'alert'), details: {},
  }]));
  const row = await a.ctx.database.db.selectFrom('alerts').select('group_id').where('id', '=', id).executeTakeFirstOrThrow();
  return row.group_id!;
}

async function freshPolicy(a: PrepareArgs) {
  const user = (await a.ctx.users.create(SYSTEM_ACTOR, { username: `ep${uniq()}`, displayName: 'Escalation target', role: 'coordinator', password: 'long enough password' })).user;
  return a.ctx.alerting.escalationPolicies.createPolicy(SYSTEM_ACTOR, { name: `policy ${uniq()}`, steps: [{ type: 'notify_users', userIds: [user.id] }], repeat: 0 });
}

async function freshRollCall(a: PrepareArgs) {
  await a.ctx.contacts.create(SYSTEM_ACTOR, { agencyId: agencyFor(a), priority: 'primary', availability: 'out_of_hours', name: label(a, 'contact') });
  return a.ctx.alerting.rollCalls.start(SYSTEM_ACTOR, { title: label(a, 'roll call'), agencyIds: [agencyFor(a)], deadlineMinutes: 30 });
}

const groupAction = (action: string, body?: unknown, setup?: (a: PrepareArgs, id: string) => Promise<void>): Endpoint => ({
  method: 'POST', url: `/api/v1/alerts/:id/${action}`, access: 'registry-write', objectScoped: true,
  prepare: async (a) => {
    const id = await freshGroup(a);
    await setup?.(a, id);
    return { url: `/api/v1/alerts/${id}/${action}`, body: body ?? {} };
  },
});

export const ALERTING_ENDPOINTS: Endpoint[] = [
  { method: 'GET', url: '/api/v1/alerts', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await freshGroup(a); return { url: '/api/v1/alerts?status=active' }; } },
  { method: 'GET', url: '/api/v1/alerts/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/alerts/${await freshGroup(a)}` }) },
  groupAction('acknowledge'),
  groupAction('unacknowledge', {}, (a, id) => a.ctx.alerting.alertGroups.acknowledge(SYSTEM_ACTOR, id).then(() => undefined)),
  groupAction('resolve', { note: 'Đã khắc phục' }),
  groupAction('assign', { userId: null }),
  groupAction('comments', { text: 'Đang kiểm tra' }),
  groupAction('snooze', { minutes: 30 }),
  groupAction('unsnooze'),
  {
    method: 'POST', url: '/api/v1/alerts/intake', access: 'registry-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/alerts/intake', body: { key: `waf-${uniq()}`, title: 'WAF: SQL injection attempts', severity: 'medium', kind: 'waf', agencyId: agencyFor(a) } }),
  },
  { method: 'GET', url: '/api/v1/escalation-policies', access: 'read', objectScoped: false, prepare: async () => ({ url: '/api/v1/escalation-policies' }) },
  { method: 'GET', url: '/api/v1/escalation-policies/:id', access: 'read', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/escalation-policies/${(await freshPolicy(a)).id}` }) },
  {
    method: 'POST', url: '/api/v1/escalation-policies', access: 'coordinate', objectScoped: false,
    prepare: async () => ({ url: '/api/v1/escalation-policies', body: { name: `p ${uniq()}`, steps: [{ type: 'notify_agency_contacts' }], repeat: 0 } }),
  },
  { method: 'PATCH', url: '/api/v1/escalation-policies/:id', access: 'coordinate', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/escalation-policies/${(await freshPolicy(a)).id}`, body: { repeat: 0 } }) },
  { method: 'DELETE', url: '/api/v1/escalation-policies/:id', access: 'coordinate', objectScoped: false, prepare: async (a) => ({ url: `/api/v1/escalation-policies/${(await freshPolicy(a)).id}` }) },
  { method: 'GET', url: '/api/v1/routing-rules', access: 'read', objectScoped: false, prepare: async () => ({ url: '/api/v1/routing-rules' }) },
  {
    method: 'POST', url: '/api/v1/routing-rules', access: 'coordinate', objectScoped: false,
    prepare: async () => ({ url: '/api/v1/routing-rules', body: { name: `r ${uniq()}`, match: { severities: ['critical'] }, policyId: null, groupBy: 'none', enabled: false } }),
  },
  {
    method: 'PATCH', url: '/api/v1/routing-rules/:id', access: 'coordinate', objectScoped: false,
    prepare: async (a) => ({ url: `/api/v1/routing-rules/${(await a.ctx.alerting.escalationPolicies.createRule(SYSTEM_ACTOR, { name: `r ${uniq()}`, match: {}, policyId: null, groupBy: 'none', enabled: false })).id}`, body: { enabled: false } }),
  },
  {
    method: 'DELETE', url: '/api/v1/routing-rules/:id', access: 'coordinate', objectScoped: false,
    prepare: async (a) => ({ url: `/api/v1/routing-rules/${(await a.ctx.alerting.escalationPolicies.createRule(SYSTEM_ACTOR, { name: `r ${uniq()}`, match: {}, policyId: null, groupBy: 'none', enabled: false })).id}` }),
  },
  { method: 'GET', url: '/api/v1/roll-calls', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async (a) => { await freshRollCall(a); return { url: '/api/v1/roll-calls' }; } },
  {
    method: 'POST', url: '/api/v1/roll-calls', access: 'agency-write', objectScoped: false, creates: true,
    prepare: async (a) => ({ url: '/api/v1/roll-calls', body: { title: label(a, 'roll call'), agencyIds: [agencyFor(a)], deadlineMinutes: 30 } }),
  },
  { method: 'GET', url: '/api/v1/roll-calls/verification', access: 'read', objectScoped: false, leakCheck: noLeak, prepare: async () => ({ url: '/api/v1/roll-calls/verification' }) },
  { method: 'GET', url: '/api/v1/roll-calls/:id', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/roll-calls/${(await freshRollCall(a)).id}` }) },
  { method: 'POST', url: '/api/v1/roll-calls/:id/close', access: 'agency-write', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/roll-calls/${(await freshRollCall(a)).id}/close` }) },
];
