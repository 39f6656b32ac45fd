import type { Executor } from '../db/executor.ts';
import type { Severity } from '../notifications/channel.ts';

/**
 * Per-user notification preferences: the ordered channel rules (user_notification_rules) and
 * the person's quiet hours, time zone and phone (columns of users). The escalation engine reads
 * the rules of the people it is about to notify with `listRulesForUsers`.
 */

/** One rule of one user, with its channel's kind and state (a disabled channel's rules stay but must be skipped). */
export interface UserChannelRule {
  id: string;
  userId: string;
  /** 0-based, the user's order of preference. */
  position: number;
  channelId: string;
  channelName: string;
  channelKind: string;
  channelEnabled: boolean;
  /** The address in the channel's terms (e-mail, phone, chat id); '' for URL channels. */
  address: string;
  minSeverity: Severity | null;
  enabled: boolean;
}

export interface UserPreferenceRow {
  id: string;
  display_name: string;
  email: string | null;
  locale: string;
  time_zone: string;
  quiet_hours: Record<string, unknown> | null;
  phone: string | null;
}

export interface RuleInsert {
  id: string;
  channel_id: string;
  address: string;
  min_severity: Severity | null;
  enabled: boolean;
}

/**
 * The rules of these users, each user's in order, joined with the channel's kind and enabled
 * flag. Exported as a function so code without the repository object (the escalation engine)
 * can call it with its own executor or transaction.
 */
export async function listRulesForUsers(ex: Executor, userIds: readonly string[]): Promise<UserChannelRule[]> {
  if (userIds.length === 0) return [];
  const rows = await ex
    .selectFrom('user_notification_rules as r')
    .innerJoin('notification_channels as c', 'c.id', 'r.channel_id')
    .select([
      'r.id', 'r.user_id', 'r.position', 'r.channel_id', 'c.name as channel_name', 'c.kind as channel_kind',
      'c.enabled as channel_enabled', 'r.address', 'r.min_severity', 'r.enabled',
    ])
    .where('r.user_id', 'in', [...userIds])
    .orderBy('r.user_id')
    .orderBy('r.position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    position: r.position,
    channelId: r.channel_id,
    channelName: r.channel_name,
    channelKind: r.channel_kind,
    channelEnabled: r.channel_enabled,
    address: r.address,
    minSeverity: (r.min_severity as Severity | null) ?? null,
    enabled: r.enabled,
  }));
}

export class NotificationPreferenceRepository {
  listRulesForUsers(ex: Executor, userIds: readonly string[]): Promise<UserChannelRule[]> {
    return listRulesForUsers(ex, userIds);
  }

  async getUser(ex: Executor, userId: string): Promise<UserPreferenceRow | undefined> {
    return (await ex
      .selectFrom('users')
      .select(['id', 'display_name', 'email', 'locale', 'time_zone', 'quiet_hours', 'phone'])
      .where('id', '=', userId)
      .executeTakeFirst()) as UserPreferenceRow | undefined;
  }

  async setUser(ex: Executor, userId: string, p: { time_zone: string; quiet_hours: Record<string, unknown> | null; phone: string | null; updated_at: Date }): Promise<void> {
    await ex
      .updateTable('users')
      .set({ time_zone: p.time_zone, quiet_hours: p.quiet_hours === null ? null : JSON.stringify(p.quiet_hours), phone: p.phone, updated_at: p.updated_at })
      .where('id', '=', userId)
      .execute();
  }

  /** Replaces all of the user's rules; positions follow the array's order. Call inside a transaction. */
  async replaceRules(ex: Executor, userId: string, rules: RuleInsert[]): Promise<void> {
    await ex.deleteFrom('user_notification_rules').where('user_id', '=', userId).execute();
    if (rules.length === 0) return;
    await ex
      .insertInto('user_notification_rules')
      .values(rules.map((r, position) => ({ ...r, user_id: userId, position })))
      .execute();
  }
}
