import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Config } from '../config/config.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { TooManyRequestsError, UnauthenticatedError, ValidationError } from '../domain/errors.ts';
import { RateLimiter } from '../domain/rate-limiter.ts';
import { isRole } from '../domain/roles.ts';
import type { Clock } from '../io/clock.ts';
import type { PasswordHasher } from '../io/password-hasher.ts';
import type { ApiTokenRepository } from '../repositories/api-token.repository.ts';
import type { SessionRepository } from '../repositories/session.repository.ts';
import type { UserRepository, UserWithAgency } from '../repositories/user.repository.ts';
import type { AuditService } from './audit.service.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  user: UserWithAgency;
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
}

/** Thrown when the password was right but a second factor is needed. */
export class TotpRequiredError extends UnauthenticatedError {
  constructor() {
    super('A one-time code from your authenticator app is required');
  }
  override readonly code = 'totp_required';
}

export function actorFromUser(u: UserWithAgency, via: Actor['via'], ip?: string | null): Actor {
  if (!isRole(u.role)) throw new Error(`Unknown role ${u.role}`);
  return { userId: u.id, username: u.username, role: u.role, agencyId: u.agency_id, agencyPath: u.agency_path, via, ip: ip ?? null, mustChangePassword: u.must_change_password };
}

export function totpFor(username: string, secret: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Vigil', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/**
 * Logging in and proving who you are on each request. Failed passwords count per account and
 * lock it for a while; attempts also count per address so one client cannot try many accounts.
 */
export class AuthService {
  private readonly ipLimiter: RateLimiter;
  // Verifying against a real hash for unknown users keeps response time from revealing them.
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'sessionTtlHours' | 'loginMaxFailures' | 'loginLockoutMinutes' | 'loginRateLimitPerMinute'>,
  ) {
    this.ipLimiter = new RateLimiter(config.loginRateLimitPerMinute, 60_000, clock);
  }

  async login(input: { username: string; password: string; totp?: string }, meta: { ip: string; userAgent?: string }): Promise<LoginResult> {
    const wait = this.ipLimiter.hit(meta.ip);
    if (wait > 0) throw new TooManyRequestsError('Too many login attempts from this address; try again later', wait);
    const now = this.clock.now();
    const user = await this.users.findByUsername(this.db, input.username);
    if (!user || user.disabled) {
      this.dummyHash ??= this.hasher.hash(randomToken());
      await this.hasher.verify(await this.dummyHash, input.password);
      throw new UnauthenticatedError('Invalid username or password');
    }
    if (user.locked_until && user.locked_until > now) {
      const seconds = Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000);
      throw new TooManyRequestsError('Too many failed attempts; this account is temporarily locked', seconds);
    }
    const passwordOk = await this.hasher.verify(user.password_hash, input.password);
    if (passwordOk && user.totp_enabled && !input.totp) throw new TotpRequiredError();
    const totpOk = !user.totp_enabled || (input.totp !== undefined && user.totp_secret !== null && totpFor(user.username, user.totp_secret).validate({ token: input.totp, window: 1, timestamp: now.getTime() }) !== null);
    if (!passwordOk || !totpOk) {
      await this.recordFailure(user, now, meta.ip);
      throw new UnauthenticatedError(passwordOk ? 'Invalid one-time code' : 'Invalid username or password');
    }
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    await this.db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: now });
      await this.sessions.insert(trx, {
        id: sha256(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + this.config.sessionTtlHours * 3600_000),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.record(trx, actorFromUser(user, 'session', meta.ip), {
        action: 'auth.login', entityType: 'user', entityId: user.id, agencyId: user.agency_id, summary: user.username,
      });
    });
    return { sessionToken, csrfToken, user };
  }

  private async recordFailure(user: UserWithAgency, now: Date, ip: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const failures = user.failed_logins + 1;
      if (failures >= this.config.loginMaxFailures) {
        const until = new Date(now.getTime() + this.config.loginLockoutMinutes * 60_000);
        await this.users.update(trx, user.id, { failed_logins: 0, locked_until: until });
        await this.audit.record(trx, { ...actorFromUser(user, 'session', ip) }, {
          action: 'auth.lockout', entityType: 'user', entityId: user.id, agencyId: user.agency_id,
          summary: `${user.username} locked until ${until.toISOString()} after ${failures} failed logins`,
        });
      } else {
        await this.users.update(trx, user.id, { failed_logins: failures });
      }
    });
  }

  async resolveSession(token: string, ip?: string): Promise<ResolvedSession | null> {
    const now = this.clock.now();
    const id = sha256(token);
    const row = await this.users.findBySession(this.db, id, now);
    if (!row) return null;
    // Touch at most once a minute: a write per request would dominate list-page latency.
    if (now.getTime() - row.session_last_seen_at.getTime() > 60_000) await this.sessions.touch(this.db, id, now);
    return { actor: actorFromUser(row, 'session', ip), csrfToken: row.session_csrf_token, sessionId: id };
  }

  async resolveApiToken(token: string, ip?: string): Promise<Actor | null> {
    const now = this.clock.now();
    const row = await this.users.findByApiToken(this.db, sha256(token), now);
    if (!row) return null;
    if (!row.token_last_used_at || now.getTime() - row.token_last_used_at.getTime() > 60_000) await this.tokens.markUsed(this.db, row.token_id, now);
    return actorFromUser(row, 'token', ip);
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.delete(this.db, sessionId);
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string, keepSessionId?: string): Promise<void> {
    const user = await this.users.findById(this.db, actor.userId);
    if (!user || !(await this.hasher.verify(user.password_hash, currentPassword))) {
      throw new ValidationError('The current password is wrong', [{ field: '/currentPassword', message: 'wrong password' }]);
    }
    if (currentPassword === newPassword) {
      throw new ValidationError('Choose a new password', [{ field: '/newPassword', message: 'must differ from the current password' }]);
    }
    const hash = await this.hasher.hash(newPassword);
    await this.db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, { password_hash: hash, must_change_password: false, updated_at: this.clock.now() });
      await this.sessions.deleteForUser(trx, user.id, keepSessionId);
      await this.audit.record(trx, actor, { action: 'user.password_change', entityType: 'user', entityId: user.id, agencyId: user.agency_id, summary: user.username });
    });
  }

  async totpSetup(actor: Actor): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
    const user = await this.users.findById(this.db, actor.userId);
    if (!user) throw new UnauthenticatedError();
    if (user.totp_enabled) throw new ValidationError('Two-factor authentication is already on; turn it off first');
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    await this.users.update(this.db, user.id, { totp_secret: secret, updated_at: this.clock.now() });
    const otpauthUri = totpFor(user.username, secret).toString();
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 });
    return { secret, otpauthUri, qrSvg };
  }

  async totpEnable(actor: Actor, code: string): Promise<void> {
    const user = await this.users.findById(this.db, actor.userId);
    if (!user?.totp_secret) throw new ValidationError('Start the set-up first');
    if (totpFor(user.username, user.totp_secret).validate({ token: code, window: 1, timestamp: this.clock.now().getTime() }) === null) {
      throw new ValidationError('The code does not match', [{ field: '/code', message: 'wrong or expired code' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, { totp_enabled: true, updated_at: this.clock.now() });
      await this.audit.record(trx, actor, { action: 'user.totp_enable', entityType: 'user', entityId: user.id, agencyId: user.agency_id, summary: user.username });
    });
  }

  async totpDisable(actor: Actor, code: string): Promise<void> {
    const user = await this.users.findById(this.db, actor.userId);
    if (!user?.totp_enabled || !user.totp_secret) throw new ValidationError('Two-factor authentication is not on');
    if (totpFor(user.username, user.totp_secret).validate({ token: code, window: 1, timestamp: this.clock.now().getTime() }) === null) {
      throw new ValidationError('The code does not match', [{ field: '/code', message: 'wrong or expired code' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await this.users.update(trx, user.id, { totp_enabled: false, totp_secret: null, updated_at: this.clock.now() });
      await this.audit.record(trx, actor, { action: 'user.totp_disable', entityType: 'user', entityId: user.id, agencyId: user.agency_id, summary: user.username });
    });
  }

  static csrfMatches(expected: string, given: string | undefined): boolean {
    if (!given) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
