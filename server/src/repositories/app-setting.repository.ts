import type { Executor } from '../db/executor.ts';

/** Installation-wide settings documents (e.g. 'documents': the official forms' texts). */
export class AppSettingRepository {
  async get(ex: Executor, key: string): Promise<Record<string, unknown> | null> {
    const r = await ex.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
    return (r?.value as Record<string, unknown> | undefined) ?? null;
  }

  async put(ex: Executor, key: string, value: Record<string, unknown>, at: Date): Promise<void> {
    await ex
      .insertInto('app_settings')
      .values({ key, value: JSON.stringify(value), updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at }))
      .execute();
  }
}
