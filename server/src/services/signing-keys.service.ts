import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ServerSecretRepository } from '../repositories/server-secret.repository.ts';

/**
 * HMAC keys for links that carry their own authority (acknowledgement links, calendar feeds).
 * One master secret per installation, generated on first use and kept in the database so every
 * process signs alike; each purpose gets its own derived key, so a key leaked from one kind of
 * link cannot forge another. VIGIL_SIGNING_SECRET, when set, replaces the stored master.
 */
export type SigningPurpose = 'ack' | 'calendar' | 'rollcall';

export class SigningKeys {
  private master: Promise<string> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ServerSecretRepository,
    private readonly configured: string | null = null,
  ) {}

  async key(purpose: SigningPurpose): Promise<Buffer> {
    const master = await this.masterSecret();
    return createHmac('sha256', master).update(`vigil-signing:${purpose}`).digest();
  }

  private masterSecret(): Promise<string> {
    if (this.configured) return Promise.resolve(this.configured);
    // A failed read is not cached: the next call tries again.
    this.master ??= this.repo.getOrCreate(this.db, 'signing-master', randomBytes(32).toString('base64url')).catch((e) => {
      this.master = null;
      throw e;
    });
    return this.master;
  }
}
