import type { Executor } from '../db/executor.ts';

/** A configured delivery channel as stored: `config` includes its secrets (never sent to a client). */
export interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export type ChannelListRow = ChannelRow & { deliveries: number; dead: number };

export class NotificationChannelRepository {
  async list(ex: Executor): Promise<ChannelListRow[]> {
    const rows = await ex
      .selectFrom('notification_channels as c')
      .selectAll('c')
      .select((eb) => [
        eb.selectFrom('notification_outbox as o').whereRef('o.channel_id', '=', 'c.id').select((e) => e.fn.countAll<number>().as('n')).as('deliveries'),
        eb.selectFrom('notification_outbox as o').whereRef('o.channel_id', '=', 'c.id').where('o.status', '=', 'dead').select((e) => e.fn.countAll<number>().as('n')).as('dead'),
      ])
      .orderBy('c.name')
      .orderBy('c.id')
      .execute();
    return rows.map((r) => ({ ...(r as unknown as ChannelRow), deliveries: Number(r.deliveries ?? 0), dead: Number(r.dead ?? 0) }));
  }

  /** Enabled channels, for users picking where to be told (no configuration). */
  async listEnabled(ex: Executor): Promise<Pick<ChannelRow, 'id' | 'name' | 'kind'>[]> {
    return ex.selectFrom('notification_channels').select(['id', 'name', 'kind']).where('enabled', '=', true).orderBy('name').orderBy('id').execute();
  }

  async findById(ex: Executor, id: string): Promise<ChannelRow | undefined> {
    return (await ex.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst()) as ChannelRow | undefined;
  }

  async findByIds(ex: Executor, ids: string[]): Promise<ChannelRow[]> {
    if (ids.length === 0) return [];
    return (await ex.selectFrom('notification_channels').selectAll().where('id', 'in', ids).execute()) as ChannelRow[];
  }

  async nameTaken(ex: Executor, name: string, exceptId?: string): Promise<boolean> {
    let q = ex.selectFrom('notification_channels').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(ex: Executor, row: ChannelRow): Promise<void> {
    await ex.insertInto('notification_channels').values({ ...row, config: JSON.stringify(row.config) }).execute();
  }

  async update(ex: Executor, id: string, patch: Partial<Pick<ChannelRow, 'name' | 'config' | 'enabled' | 'updated_at'>>): Promise<void> {
    const { config, ...rest } = patch;
    await ex
      .updateTable('notification_channels')
      .set({ ...rest, ...(config !== undefined ? { config: JSON.stringify(config) } : {}) })
      .where('id', '=', id)
      .execute();
  }

  /** Outbox rows of the channel: while any exist the channel is kept (the delivery log must outlive it). */
  async countDeliveries(ex: Executor, id: string): Promise<number> {
    const r = await ex.selectFrom('notification_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', id).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async delete(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('notification_channels').where('id', '=', id).execute();
  }
}
