import type { ContactForPlan, PersonForPlan } from '../alerting/recipient-plan.ts';
import type { Executor } from '../db/executor.ts';
import { listRulesForUsers } from './notification-preference.repository.ts';

/** A user with their channel rules, as the recipient plan reads them. */
export type RecipientUser = PersonForPlan;

export type RecipientContact = ContactForPlan & { agency_id: string; availability: string };

export interface ChannelRef {
  id: string;
  kind: string;
  name: string;
}

/** The lookups that turn an escalation step into addresses. Read inside the caller's transaction. */
export class AlertRecipientRepository {
  async users(ex: Executor, ids: string[]): Promise<RecipientUser[]> {
    if (ids.length === 0) return [];
    const users = await ex
      .selectFrom('users')
      .select(['id', 'display_name', 'email', 'phone', 'locale', 'time_zone', 'quiet_hours', 'disabled'])
      .where('id', 'in', ids)
      .execute();
    // The same reading of the rules as the preferences page: one query for both.
    const rules = await listRulesForUsers(ex, ids);
    return users.map((u) => ({
      ...u,
      quiet_hours: (u.quiet_hours ?? null) as Record<string, unknown> | null,
      rules: rules.filter((r) => r.userId === u.id).map((r) => ({ channel_id: r.channelId, channel_kind: r.channelKind, address: r.address, min_severity: r.minSeverity, enabled: r.enabled && r.channelEnabled })),
    }));
  }

  async contacts(ex: Executor, agencyIds: string[], availability?: string[]): Promise<RecipientContact[]> {
    if (agencyIds.length === 0) return [];
    let q = ex
      .selectFrom('contact_points')
      .select(['id', 'agency_id', 'name', 'availability', 'email', 'mobile', 'messaging'])
      .where('agency_id', 'in', agencyIds);
    if (availability?.length) q = q.where('availability', 'in', availability);
    const rows = await q.orderBy('agency_id').orderBy('priority', 'desc').orderBy('name').execute();
    return rows.map((r) => ({ ...r, messaging: (r.messaging ?? {}) as Record<string, unknown> }));
  }

  /** The enabled channel used for a kind when nobody chose one: the oldest enabled of that kind. */
  async defaultChannels(ex: Executor): Promise<Map<string, ChannelRef>> {
    const rows = await ex.selectFrom('notification_channels').select(['id', 'kind', 'name']).where('enabled', '=', true).orderBy('created_at').orderBy('id').execute();
    const byKind = new Map<string, ChannelRef>();
    for (const r of rows) if (!byKind.has(r.kind)) byKind.set(r.kind, r);
    return byKind;
  }

  channel(ex: Executor, id: string): Promise<(ChannelRef & { enabled: boolean }) | undefined> {
    return ex.selectFrom('notification_channels').select(['id', 'kind', 'name', 'enabled']).where('id', '=', id).executeTakeFirst();
  }

  /** Names for the message: system and agency of a group. */
  async names(ex: Executor, ids: { systemId: string | null; agencyId: string | null }): Promise<{ systemName: string | null; agencyName: string | null }> {
    const s = ids.systemId ? await ex.selectFrom('information_systems').select('name').where('id', '=', ids.systemId).executeTakeFirst() : undefined;
    const a = ids.agencyId ? await ex.selectFrom('agencies').select('name').where('id', '=', ids.agencyId).executeTakeFirst() : undefined;
    return { systemName: s?.name ?? null, agencyName: a?.name ?? null };
  }

  /** Agencies of a group's open and resolved members (a cross-agency group's contacts are all of theirs). */
  async memberAgencies(ex: Executor, groupId: string): Promise<string[]> {
    const rows = await ex.selectFrom('alerts').select('agency_id').distinct().where('group_id', '=', groupId).where('agency_id', 'is not', null).limit(500).execute();
    return rows.map((r) => r.agency_id!);
  }
}
