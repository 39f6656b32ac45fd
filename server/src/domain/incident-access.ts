import { inScope, readScope } from './access-policy.ts';
import type { Actor } from './actor.ts';
import { ForbiddenError } from './errors.ts';

/**
 * Who may see and do what with incidents. The provincial unit (administrators, coordinators)
 * sees every incident and classifies them; an agency's people see and work their own agency
 * subtree's incidents; a confidential incident is seen only by the people named on it, its
 * reporter and administrators — coordinators included only when named.
 */
export function isCoordinator(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'coordinator';
}

export function canSeeIncident(actor: Actor, inc: { confidential: boolean; agency_path: string; reported_by: string | null }, named: boolean): boolean {
  if (inc.confidential) return actor.role === 'admin' || named || inc.reported_by === actor.userId;
  return inScope(readScope(actor), inc.agency_path);
}

/** Reporting, commenting, attaching and working the response: anyone but a viewer. */
export function assertCanWorkIncidents(actor: Actor): void {
  if (actor.role === 'viewer') throw new ForbiddenError('Your role is read-only');
}

/** Classification, the serious flag, assignment and confidential access lists. */
export function assertCanCoordinate(actor: Actor): void {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only the coordinating unit classifies incidents');
}
