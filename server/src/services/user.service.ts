import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { User, UserCreate, UserUpdate } from '../contracts/user.schema.ts';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanManageUsers, grantableRoles, inScope, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { AGENCY_ROLES, type Role } from '../domain/roles.ts';
import type { Clock } from '../io/clock.ts';
import type { PasswordHasher } from '../io/password-hasher.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { SessionRepository } from '../repositories/session.repository.ts';
import type { UserListQuery, UserRepository, UserWithAgency } from '../repositories/user.repository.ts';
import type { AuditService } from './audit.service.ts';
import { randomToken } from './auth.service.ts';

export function toUserDto(u: UserWithAgency): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    role: u.role,
    agencyId: u.agency_id,
    agencyName: u.agency_name,
    disabled: u.disabled,
    totpEnabled: u.totp_enabled,
    mustChangePassword: u.must_change_password,
    locale: u.locale,
    lockedUntil: u.locked_until?.toISOString() ?? null,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  };
}

/** What the audit log keeps of a user: never the password hash or the TOTP secret. */
const auditView = (u: UserWithAgency) => {
  const { lockedUntil: _l, lastLoginAt: _a, ...rest } = toUserDto(u);
  return rest;
};

/** A one-time password: readable, typeable on a phone, ~95 bits. */
export function oneTimePassword(): string {
  return randomToken(12).replace(/[-_]/g, 'x');
}

export class UserService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  private visible(actor: Actor, u: UserWithAgency | undefined): u is UserWithAgency {
    if (!u) return false;
    const scope = readScope(actor);
    if (scope.all) return true;
    return u.agency_path !== null && inScope(scope, u.agency_path);
  }

  async getVisible(ex: Executor, actor: Actor, id: string): Promise<UserWithAgency> {
    const u = await this.users.findById(ex, id);
    if (!this.visible(actor, u)) throw new NotFoundError('User');
    return u;
  }

  async me(actor: Actor): Promise<User> {
    const u = await this.users.findById(this.db, actor.userId);
    if (!u) throw new NotFoundError('User');
    return toUserDto(u);
  }

  async get(actor: Actor, id: string): Promise<User> {
    if (id !== actor.userId) assertCanManageUsers(actor);
    return toUserDto(await this.getVisible(this.db, actor, id));
  }

  async list(actor: Actor, q: Omit<UserListQuery, 'scope'>): Promise<{ items: User[]; total: number }> {
    assertCanManageUsers(actor);
    const r = await this.users.list(this.db, { ...q, scope: readScope(actor) });
    return { items: r.items.map(toUserDto), total: r.total };
  }

  /** Checks a role/agency pair is one the actor may hand out. */
  private async checkGrant(ex: Executor, actor: Actor, role: Role, agencyId: string | null): Promise<void> {
    if (!grantableRoles(actor).includes(role)) throw new ForbiddenError(`You cannot grant the role ${role}`);
    const needsAgency = AGENCY_ROLES.includes(role) || (role === 'viewer' && !readScope(actor).all);
    if (needsAgency && !agencyId) {
      throw new ValidationError('This role needs an agency', [{ field: '/agencyId', message: 'choose the agency this user belongs to' }]);
    }
    if ((role === 'admin' || role === 'coordinator') && agencyId) {
      throw new ValidationError('Administrators and coordinators see the whole tree', [{ field: '/agencyId', message: 'must be empty for this role' }]);
    }
    if (agencyId) {
      const agency = await this.agencies.findById(ex, agencyId);
      if (!agency || !inScope(readScope(actor), agency.path)) {
        throw new ValidationError('Agency not found', [{ field: '/agencyId', message: 'no such agency' }]);
      }
    }
  }

  async create(actor: Actor, input: UserCreate): Promise<{ user: User; oneTimePassword: string | null }> {
    assertCanManageUsers(actor);
    const generated = input.password ? null : oneTimePassword();
    const hash = await this.hasher.hash(input.password ?? generated!);
    return this.db.transaction().execute(async (trx) => {
      await this.checkGrant(trx, actor, input.role, input.agencyId ?? null);
      if (await this.users.findByUsername(trx, input.username)) {
        throw new ConflictError('This username is taken', [{ field: '/username', message: 'already in use' }]);
      }
      const now = this.clock.now();
      const id = randomUUID();
      await this.users.insert(trx, {
        id,
        username: input.username,
        display_name: input.displayName.trim(),
        email: input.email ?? null,
        role: input.role,
        agency_id: input.agencyId ?? null,
        password_hash: hash,
        must_change_password: generated !== null,
        totp_secret: null,
        totp_enabled: false,
        failed_logins: 0,
        locked_until: null,
        disabled: false,
        locale: input.locale ?? 'vi',
        last_login_at: null,
        created_at: now,
        updated_at: now,
      });
      const created = (await this.users.findById(trx, id))!;
      await this.audit.record(trx, actor, {
        action: 'user.create', entityType: 'user', entityId: id, agencyId: created.agency_id, summary: created.username, after: auditView(created),
      });
      return { user: toUserDto(created), oneTimePassword: generated };
    });
  }

  async update(actor: Actor, id: string, patch: UserUpdate): Promise<User> {
    return this.db.transaction().execute(async (trx) => {
      assertCanManageUsers(actor);
      const before = await this.getVisible(trx, actor, id);
      if (!grantableRoles(actor).includes(before.role as Role)) throw new ForbiddenError('You cannot change this user');
      if (id === actor.userId && (patch.role !== undefined || patch.disabled !== undefined || patch.agencyId !== undefined)) {
        throw new ForbiddenError('You cannot change your own role, agency or status');
      }
      const role = (patch.role ?? before.role) as Role;
      const agencyId = patch.agencyId !== undefined ? patch.agencyId : role === 'admin' || role === 'coordinator' ? null : before.agency_id;
      if (patch.role !== undefined || patch.agencyId !== undefined) await this.checkGrant(trx, actor, role, agencyId);
      await this.users.update(trx, id, {
        ...(patch.displayName !== undefined && { display_name: patch.displayName.trim() }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.locale !== undefined && { locale: patch.locale }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled }),
        role,
        agency_id: agencyId,
        updated_at: this.clock.now(),
      });
      // Losing access must take effect now, not when the session expires.
      if (patch.disabled || patch.role !== undefined || patch.agencyId !== undefined) await this.sessions.deleteForUser(trx, id);
      const after = (await this.users.findById(trx, id))!;
      await this.audit.record(trx, actor, {
        action: 'user.update', entityType: 'user', entityId: id, agencyId: after.agency_id ?? before.agency_id,
        summary: after.username, before: auditView(before), after: auditView(after),
      });
      return toUserDto(after);
    });
  }

  /** An administrator's reset: a one-time password, shown once, that must be changed at next login. */
  async resetPassword(actor: Actor, id: string): Promise<string> {
    assertCanManageUsers(actor);
    const password = oneTimePassword();
    const hash = await this.hasher.hash(password);
    await this.db.transaction().execute(async (trx) => {
      const user = await this.getVisible(trx, actor, id);
      if (!grantableRoles(actor).includes(user.role as Role)) throw new ForbiddenError('You cannot reset this user\'s password');
      await this.users.update(trx, id, { password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: this.clock.now() });
      await this.sessions.deleteForUser(trx, id);
      await this.audit.record(trx, actor, { action: 'user.password_reset', entityType: 'user', entityId: id, agencyId: user.agency_id, summary: user.username });
    });
    return password;
  }

  /** First administrator, for `vigil init` and the first start. Returns null if users exist. */
  async bootstrapAdmin(actor: Actor, username = 'admin'): Promise<{ username: string; password: string } | null> {
    if ((await this.users.count(this.db)) > 0) return null;
    const r = await this.create(actor, { username, displayName: 'Administrator', role: 'admin' });
    return { username, password: r.oneTimePassword! };
  }
}
