import type { Executor } from '../db/executor.ts';

/** An administrator's override of a built-in message template (key × locale). */
export interface TemplateOverrideRow {
  key: string;
  locale: string;
  template: Record<string, unknown>;
  updated_at: Date;
}

export class NotificationTemplateRepository {
  async list(ex: Executor): Promise<TemplateOverrideRow[]> {
    return (await ex.selectFrom('notification_templates').selectAll().orderBy('key').orderBy('locale').execute()) as TemplateOverrideRow[];
  }

  async get(ex: Executor, key: string, locale: string): Promise<TemplateOverrideRow | undefined> {
    return (await ex.selectFrom('notification_templates').selectAll().where('key', '=', key).where('locale', '=', locale).executeTakeFirst()) as TemplateOverrideRow | undefined;
  }

  async upsert(ex: Executor, row: TemplateOverrideRow): Promise<void> {
    const template = JSON.stringify(row.template);
    await ex
      .insertInto('notification_templates')
      .values({ key: row.key, locale: row.locale, template, updated_at: row.updated_at })
      .onConflict((oc) => oc.columns(['key', 'locale']).doUpdateSet({ template, updated_at: row.updated_at }))
      .execute();
  }

  async delete(ex: Executor, key: string, locale: string): Promise<boolean> {
    const r = await ex.deleteFrom('notification_templates').where('key', '=', key).where('locale', '=', locale).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0) > 0;
  }
}
