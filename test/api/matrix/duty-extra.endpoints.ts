import { SYSTEM_ACTOR } from '../../../server/src/domain/actor.ts';
import type { Endpoint, PrepareArgs } from '../authorization-matrix.endpoints.ts';
import { agencyFor, label, noLeak, uniq } from './matrix-helpers.ts';

/**
 * The duty report, signed calendar links and the staffing list (duty-report.routes.ts), spread
 * into MATRIX_ENDPOINTS. Objects of the "other" target are made in the sibling subtree (D2) and
 * carry the OTHER marker, as in the main list.
 */

/** A Quốc khánh period of the target agency with a 12 h roster of one fresh person. */
async function freshRoster(a: PrepareArgs) {
  const person = (await a.ctx.users.create(SYSTEM_ACTOR, { username: `dx${uniq()}${a.target}`, displayName: label(a, 'user'), role: 'agency_member', agencyId: agencyFor(a), password: 'long enough password' })).user;
  const period = await a.ctx.duty.createPeriod(SYSTEM_ACTOR, { name: label(a, 'period'), start: '2026-08-29T18:00', end: '2026-09-03T08:00', agencyId: agencyFor(a) });
  return a.ctx.duty.createRoster(SYSTEM_ACTOR, period.id, { name: label(a, 'roster'), agencyId: agencyFor(a), members: [person.id], rotation: { shiftHours: 12, handoverTime: '08:00' } });
}

export const DUTY_EXTRA_ENDPOINTS: Endpoint[] = [
  {
    method: 'GET', url: '/api/v1/duty/periods/:id/report', access: 'read', objectScoped: true,
    prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshRoster(a)).periodId}/report?date=2026-08-30` }),
  },
  {
    method: 'GET', url: '/api/v1/duty/periods/:id/report.docx', access: 'read', objectScoped: true,
    prepare: async (a) => ({ url: `/api/v1/duty/periods/${(await freshRoster(a)).periodId}/report.docx?date=2026-08-30` }),
  },
  { method: 'GET', url: '/api/v1/duty/rosters/:id/calendar-link', access: 'read', objectScoped: true, prepare: async (a) => ({ url: `/api/v1/duty/rosters/${(await freshRoster(a)).id}/calendar-link` }) },
  { method: 'GET', url: '/api/v1/duty/my/calendar-link', access: 'self', objectScoped: false, prepare: async () => ({ url: '/api/v1/duty/my/calendar-link' }) },
  {
    // A filter on an invisible agency matches nothing (200, empty), like the on-duty list.
    method: 'GET', url: '/api/v1/duty/people', access: 'read', objectScoped: false, leakCheck: noLeak,
    prepare: async (a) => { await freshRoster(a); return { url: `/api/v1/duty/people?agencyId=${agencyFor(a)}` }; },
  },
];
