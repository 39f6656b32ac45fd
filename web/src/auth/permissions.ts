import type { Role } from '../api/types.ts';

/**
 * What the interface offers to each role. This only hides buttons a role cannot use; the
 * server decides what is actually allowed (mirrors server/src/domain/access-policy.ts).
 */
const has = (roles: readonly Role[]) => (role: Role | undefined) => role !== undefined && roles.includes(role);

export const can = {
  editRegistry: has(['admin', 'coordinator', 'agency_admin', 'agency_member']),
  editAgencies: has(['admin', 'coordinator', 'agency_admin']),
  manageUsers: has(['admin', 'coordinator', 'agency_admin']),
  readAudit: has(['admin', 'coordinator', 'agency_admin']),
  verifyAudit: has(['admin']),
  importData: has(['admin', 'coordinator', 'agency_admin', 'agency_member']),
  seeWholeTree: has(['admin', 'coordinator']),
  /** Monitors and maintenance windows follow the registry's scoping: whoever edits a system watches it. */
  editMonitors: has(['admin', 'coordinator', 'agency_admin', 'agency_member']),
  /** Internal systems may be probed on private addresses; DNS resolvers are infrastructure settings. */
  markInternal: has(['admin']),
  setResolver: has(['admin']),
  viewJobs: has(['admin']),
};

export function grantableRoles(role: Role | undefined): Role[] {
  switch (role) {
    case 'admin':
      return ['admin', 'coordinator', 'agency_admin', 'agency_member', 'viewer'];
    case 'coordinator':
    case 'agency_admin':
      return ['agency_admin', 'agency_member', 'viewer'];
    default:
      return [];
  }
}

/** Administrators and coordinators see the whole tree and are never bound to an agency. */
export const roleTakesAgency = (role: Role) => role !== 'admin' && role !== 'coordinator';
export const roleNeedsAgency = (role: Role, actorSeesAll: boolean) =>
  role === 'agency_admin' || role === 'agency_member' || (role === 'viewer' && !actorSeesAll);
