export const ROLES = ['admin', 'coordinator', 'agency_admin', 'agency_member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see the whole tree regardless of agency. */
export const TREE_WIDE_ROLES: readonly Role[] = ['admin', 'coordinator'];

/** Roles that must belong to an agency. */
export const AGENCY_ROLES: readonly Role[] = ['agency_admin', 'agency_member'];

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}
