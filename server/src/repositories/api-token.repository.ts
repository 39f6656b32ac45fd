import type { Executor } from '../db/executor.ts';
import type { ApiTokenTable } from '../db/schema.ts';

export type ApiTokenRow = ApiTokenTable;

export class ApiTokenRepository {
  async insert(ex: Executor, row: ApiTokenRow): Promise<void> {
    await ex.insertInto('api_tokens').values(row).execute();
  }

  listForUser(ex: Executor, userId: string): Promise<ApiTokenRow[]> {
    return ex.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  }

  findForUser(ex: Executor, userId: string, id: string): Promise<ApiTokenRow | undefined> {
    return ex.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  async markUsed(ex: Executor, id: string, now: Date): Promise<void> {
    await ex.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async revoke(ex: Executor, id: string, now: Date): Promise<void> {
    await ex.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
  }
}
