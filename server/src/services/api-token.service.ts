import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiTokenCreate } from '../contracts/user.schema.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { ApiTokenRepository, ApiTokenRow } from '../repositories/api-token.repository.ts';
import type { AuditService } from './audit.service.ts';
import { randomToken, sha256 } from './auth.service.ts';

export function toApiTokenDto(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    expiresAt: t.expires_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
  };
}

/** Personal API tokens: the raw value is returned once; only its SHA-256 is stored. */
export class ApiTokenService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ApiTokenRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor) {
    return (await this.repo.listForUser(this.db, actor.userId)).map(toApiTokenDto);
  }

  async create(actor: Actor, input: ApiTokenCreate) {
    const token = `vgl_${randomToken(32)}`;
    const now = this.clock.now();
    const row: ApiTokenRow = {
      id: randomUUID(),
      user_id: actor.userId,
      name: input.name.trim(),
      token_hash: sha256(token),
      prefix: token.slice(0, 10),
      created_at: now,
      last_used_at: null,
      expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      revoked_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, row);
      await this.audit.record(trx, actor, {
        action: 'token.create', entityType: 'api_token', entityId: row.id, agencyId: actor.agencyId,
        summary: `${actor.username}: ${row.name} (${row.prefix}…)`,
      });
    });
    return { token, apiToken: toApiTokenDto(row) };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repo.findForUser(trx, actor.userId, id);
      if (!row) throw new NotFoundError('API token');
      if (row.revoked_at) return;
      await this.repo.revoke(trx, id, this.clock.now());
      await this.audit.record(trx, actor, {
        action: 'token.revoke', entityType: 'api_token', entityId: id, agencyId: actor.agencyId, summary: `${actor.username}: ${row.name}`,
      });
    });
  }
}
