import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { UserTable } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';
import { likeContains } from './scope-filter.ts';

export type UserRow = Selectable<UserTable>;
export type UserWithAgency = UserRow & { agency_path: string | null; agency_name: string | null };

export interface UserListQuery {
  scope: Scope;
  q?: string;
  role?: string;
  agencyId?: string;
  limit: number;
  offset: number;
  sort: 'username' | 'display_name' | 'created_at' | 'last_login_at';
  order: 'asc' | 'desc';
}

export class UserRepository {
  private base(ex: Executor) {
    return ex
      .selectFrom('users')
      .leftJoin('agencies', 'agencies.id', 'users.agency_id')
      .selectAll('users')
      .select(['agencies.path as agency_path', 'agencies.name as agency_name']);
  }

  findById(ex: Executor, id: string): Promise<UserWithAgency | undefined> {
    return this.base(ex).where('users.id', '=', id).executeTakeFirst();
  }

  /** The user behind a live session, in one query (this runs on every request). */
  findBySession(ex: Executor, sessionId: string, now: Date) {
    return this.base(ex)
      .innerJoin('sessions', 'sessions.user_id', 'users.id')
      .select(['sessions.csrf_token as session_csrf_token', 'sessions.last_seen_at as session_last_seen_at'])
      .where('sessions.id', '=', sessionId)
      .where('sessions.expires_at', '>', now)
      .where('users.disabled', '=', false)
      .executeTakeFirst();
  }

  /** The user behind an active API token, in one query. */
  findByApiToken(ex: Executor, tokenHash: string, now: Date) {
    return this.base(ex)
      .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
      .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at'])
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
      .where('users.disabled', '=', false)
      .executeTakeFirst();
  }

  findByUsername(ex: Executor, username: string): Promise<UserWithAgency | undefined> {
    return this.base(ex).where((eb) => eb(eb.fn('lower', ['users.username']), '=', username.toLowerCase())).executeTakeFirst();
  }

  async list(ex: Executor, f: UserListQuery): Promise<{ items: UserWithAgency[]; total: number }> {
    let q = ex.selectFrom('users').leftJoin('agencies', 'agencies.id', 'users.agency_id');
    // Users without an agency (administrators, coordinators) are visible only tree-wide.
    if (!f.scope.all) q = q.where('agencies.path', 'like', `${f.scope.pathPrefix}%`);
    if (f.q) {
      const like = likeContains(f.q);
      q = q.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.display_name', 'ilike', like), eb('users.email', 'ilike', like)]));
    }
    if (f.role) q = q.where('users.role', '=', f.role);
    if (f.agencyId) q = q.where('users.agency_id', '=', f.agencyId);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .selectAll('users')
      .select(['agencies.path as agency_path', 'agencies.name as agency_name'])
      .orderBy(`users.${f.sort}`, f.order)
      .orderBy('users.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items, total: Number(n) };
  }

  async insert(ex: Executor, row: Insertable<UserTable>): Promise<void> {
    await ex.insertInto('users').values(row).execute();
  }

  async update(ex: Executor, id: string, patch: Updateable<UserTable>): Promise<void> {
    await ex.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async count(ex: Executor): Promise<number> {
    const { n } = await ex.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }
}
