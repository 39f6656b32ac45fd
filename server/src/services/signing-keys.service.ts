import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { ServerSecretRepository } from '../repositories/server-secret.repository.ts';

/**
 * HMAC keys for links that carry their own authority (acknowledgement links, calendar feeds).
 * One master secret per installation, generated on first use and kept in the database so every
 * process signs alike; each purpose gets its own derived key, so a key leaked from one kind of
 * link cannot forge another. VIGIL_SIGNING_SECRET, when set, replaces the stored master.
 */
export type SigningPurpose = 'ack' | 'calendar' | 'rollcall' | 'warning';

export class SigningKeys {
  private master: Promise<string> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: ServerSecretRepository,
    private readonly configured: string | null = null,
  ) {}

  /**
   * `ex`: the caller's open transaction. On the embedded database a query outside it would wait
   * for it forever (one connection), so the secret is then read (or created) through it, and a
   * secret created in a transaction is not remembered until a later call reads it back committed.
   */
  async key(purpose: SigningPurpose, ex?: Executor): Promise<Buffer> {
    const master = ex && !this.configured && !this.master ? await this.inTransaction(ex) : await this.masterSecret();
    return createHmac('sha256', master).update(`vigil-signing:${purpose}`).digest();
  }

  private async inTransaction(ex: Executor): Promise<string> {
    const value = await this.repo.getOrCreate(ex, 'signing-master', randomBytes(32).toString('base64url'));
    return value;
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
