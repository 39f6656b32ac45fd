import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { inScope, readScope, type Scope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';

export interface DutyPerson {
  id: string;
  displayName: string;
  username: string;
  agencyId: string | null;
  agencyName: string | null;
}

/** More than any roster holds (a roster has at most 200 members). */
const MAX_PEOPLE = 500;

/**
 * The people a roster can be staffed with, for the roster builder: enabled users the actor can
 * see, optionally under one agency. Unlike the user administration list it is open to everyone
 * who plans duty (agency members included) and shows names only, no account details.
 */
export class DutyPeopleService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { users: UserRepository; agencies: AgencyRepository },
  ) {}

  async list(actor: Actor, q: { agencyId?: string }): Promise<DutyPerson[]> {
    let scope: Scope = readScope(actor);
    if (q.agencyId) {
      const a = await this.repos.agencies.findById(this.db, q.agencyId);
      // A filter on an agency the actor cannot see simply matches nothing.
      if (!a || !inScope(scope, a.path)) return [];
      scope = { all: false, pathPrefix: a.path };
    }
    const { items } = await this.repos.users.list(this.db, { scope, limit: MAX_PEOPLE, offset: 0, sort: 'display_name', order: 'asc' });
    return items
      .filter((u) => !u.disabled)
      .map((u) => ({ id: u.id, displayName: u.display_name, username: u.username, agencyId: u.agency_id, agencyName: u.agency_name }));
  }
}
