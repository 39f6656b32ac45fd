import type { Executor } from '../db/executor.ts';
import type { SessionTable } from '../db/schema.ts';

export type SessionRow = SessionTable;

export class SessionRepository {
  async insert(ex: Executor, row: SessionRow): Promise<void> {
    await ex.insertInto('sessions').values(row).execute();
  }

  async touch(ex: Executor, id: string, now: Date): Promise<void> {
    await ex.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteForUser(ex: Executor, userId: string, exceptId?: string): Promise<void> {
    let q = ex.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async deleteExpired(ex: Executor, now: Date): Promise<number> {
    const r = await ex.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
