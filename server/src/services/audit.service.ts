import { createHash } from 'node:crypto';
import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { canonicalJson, toJsonValue } from '../domain/canonical-json.ts';
import type { Clock } from '../io/clock.ts';
import type { AuditFilter, AuditRepository, AuditRow } from '../repositories/audit.repository.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  agencyId?: string | null;
  summary?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: { seq: number; problem: string }[];
}

export function hashEntry(prevHash: string, e: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at,
    actorId: e.actor_id,
    actorLabel: e.actor_label,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    agencyId: e.agency_id,
    summary: e.summary,
    before: e.before,
    after: e.after,
    ip: e.ip,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The audit trail. Every change is recorded in the same transaction as the change itself, so
 * there is never a change without its entry nor an entry without its change.
 */
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(ex: Executor, actor: Actor, ev: AuditEvent): Promise<void> {
    const head = await this.repo.lockAndGetHead(ex);
    // Milliseconds only: what timestamptz gives back must hash the same as what we hashed.
    const at = new Date(Math.floor(this.clock.now().getTime()));
    const row = {
      seq: (head?.seq ?? 0) + 1,
      at,
      actor_id: actor.via === 'system' ? null : actor.userId,
      actor_label: actor.username,
      action: ev.action,
      entity_type: ev.entityType,
      entity_id: ev.entityId ?? null,
      agency_id: ev.agencyId ?? null,
      summary: ev.summary ?? null,
      before: ev.before === undefined ? null : toJsonValue(ev.before),
      after: ev.after === undefined ? null : toJsonValue(ev.after),
      ip: actor.ip ?? null,
    };
    const prev = head?.hash ?? GENESIS_HASH;
    await this.repo.insert(ex, { ...row, prev_hash: prev, hash: hashEntry(prev, row) });
  }

  list(ex: Executor, filter: AuditFilter) {
    return this.repo.list(ex, filter);
  }

  /**
   * Walks the chain: a modified entry no longer matches its hash, a deleted one leaves a gap in
   * the sequence and a broken link. Deleting only the newest entries cannot be seen from the
   * chain alone; compare the printed head hash with one kept elsewhere for that.
   */
  async verify(ex: Executor): Promise<VerifyResult> {
    const problems: VerifyResult['problems'] = [];
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    for await (const row of this.repo.iterate(ex)) {
      entries++;
      if (row.seq !== expectedSeq) {
        problems.push({ seq: row.seq, problem: `entries ${expectedSeq}..${row.seq - 1} are missing` });
      }
      if (row.prev_hash !== prevHash) {
        problems.push({ seq: row.seq, problem: 'link to the previous entry is broken' });
      }
      const { hash: _h, prev_hash: _p, ...content } = row;
      if (hashEntry(row.prev_hash, content) !== row.hash) {
        problems.push({ seq: row.seq, problem: 'content does not match its hash (modified)' });
      }
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    return { ok: problems.length === 0, entries, headHash: prevHash, problems };
  }
}

export type { Scope };
