import type { Actor } from './actor.ts';
import { ForbiddenError } from './errors.ts';
import type { Role } from './roles.ts';

/**
 * The rules of who may do what, in one place. Scoping is by agency subtree: an actor bound to
 * an agency sees that agency and everything under it, nothing else. Services call these before
 * touching data; repositories filter reads by `readScope`.
 *
 * Callers return 404 (not 403) for objects outside the actor's scope so that agency users
 * cannot probe for the existence of other agencies' data; 403 is for objects they can see but
 * may not change.
 */

/** null = the whole tree; otherwise a path prefix every visible agency's path starts with. */
export type Scope = { all: true } | { all: false; pathPrefix: string };

export function readScope(actor: Actor): Scope {
  if (actor.role === 'admin' || actor.role === 'coordinator') return { all: true };
  if (actor.role === 'viewer' && !actor.agencyPath) return { all: true };
  // An agency-bound actor without a path cannot see anything; an impossible prefix says so.
  return { all: false, pathPrefix: actor.agencyPath ?? '/\u0000/' };
}

export function inScope(scope: Scope, agencyPath: string): boolean {
  return scope.all || agencyPath.startsWith(scope.pathPrefix);
}

const WRITERS: readonly Role[] = ['admin', 'coordinator', 'agency_admin', 'agency_member'];
const AGENCY_EDITORS: readonly Role[] = ['admin', 'coordinator', 'agency_admin'];

/** Systems and contact points: anyone but a viewer, inside their scope. */
export function assertCanEditRegistry(actor: Actor): void {
  if (!WRITERS.includes(actor.role)) throw new ForbiddenError('Your role is read-only');
}

/** Agencies themselves: administrators, coordinators, and agency admins inside their subtree. */
export function assertCanEditAgencies(actor: Actor): void {
  if (!AGENCY_EDITORS.includes(actor.role)) throw new ForbiddenError('Only administrators may change agencies');
}

/** An agency admin may not delete or move their own root agency (they would lose it). */
export function isOwnRoot(actor: Actor, agencyId: string): boolean {
  return actor.agencyId === agencyId && actor.role !== 'admin' && actor.role !== 'coordinator';
}

/** Which roles an actor may grant to users they create or edit. */
export function grantableRoles(actor: Actor): readonly Role[] {
  switch (actor.role) {
    case 'admin':
      return ['admin', 'coordinator', 'agency_admin', 'agency_member', 'viewer'];
    case 'coordinator':
      return ['agency_admin', 'agency_member', 'viewer'];
    case 'agency_admin':
      return ['agency_admin', 'agency_member', 'viewer'];
    default:
      return [];
  }
}

export function assertCanManageUsers(actor: Actor): void {
  if (grantableRoles(actor).length === 0) throw new ForbiddenError('Your role cannot manage users');
}

export function assertCanReadAudit(actor: Actor): void {
  if (!['admin', 'coordinator', 'agency_admin'].includes(actor.role)) {
    throw new ForbiddenError('Your role cannot read the audit log');
  }
}
