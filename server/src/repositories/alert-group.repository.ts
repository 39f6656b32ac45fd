import { sql, type ExpressionBuilder, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { AlertGroupTable, AlertGroupStatus, DB } from '../db/schema.ts';
import type { Scope } from '../domain/access-policy.ts';

export type AlertGroupRow = Selectable<AlertGroupTable>;
export type AlertGroupWithNames = AlertGroupRow & {
  agency_name: string | null;
  system_name: string | null;
  assignee_name: string | null;
  acknowledged_by_name: string | null;
  policy_name: string | null;
};

export interface AlertGroupEventInsert {
  group_id: string;
  at: Date;
  type: string;
  actor_id?: string | null;
  actor_label?: string | null;
  text?: string | null;
  data?: Record<string, unknown>;
}

export interface AlertGroupFilter {
  scope: Scope;
  status?: AlertGroupStatus | 'active';
  severity?: string;
  agencyPath?: string;
  assigneeId?: string;
  monitorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

type Eb = ExpressionBuilder<DB & { g: AlertGroupTable }, 'g'>;

/** A group is visible to an agency user when one of its alerts belongs to their subtree. */
function visibleTo(prefix: string) {
  return (eb: Eb) =>
    eb.exists(
      eb.selectFrom('alerts as al').innerJoin('agencies as aa', 'aa.id', 'al.agency_id').select(sql`1`.as('x'))
        .whereRef('al.group_id', '=', 'g.id').where('aa.path', 'like', `${prefix}%`),
    );
}

/** Alert groups, their timeline, and the escalation's claim of due groups. */
export class AlertGroupRepository {
  private withNames(ex: Executor) {
    return ex
      .selectFrom('alert_groups as g')
      .leftJoin('agencies as a', 'a.id', 'g.agency_id')
      .leftJoin('information_systems as s', 's.id', 'g.system_id')
      .leftJoin('users as asg', 'asg.id', 'g.assignee_id')
      .leftJoin('users as ack', 'ack.id', 'g.acknowledged_by')
      .leftJoin('escalation_policies as p', 'p.id', 'g.policy_id')
      .selectAll('g')
      .select(['a.name as agency_name', 's.name as system_name', 'asg.display_name as assignee_name', 'ack.display_name as acknowledged_by_name', 'p.name as policy_name']);
  }

  async insert(ex: Executor, row: Insertable<AlertGroupTable>): Promise<void> {
    await ex.insertInto('alert_groups').values(row).execute();
  }

  findById(ex: Executor, id: string): Promise<AlertGroupWithNames | undefined> {
    return this.withNames(ex).where('g.id', '=', id).executeTakeFirst();
  }

  /** Whether the scope may see the group (one of its alerts is in the subtree). */
  async visible(ex: Executor, id: string, scope: Scope): Promise<boolean> {
    if (scope.all) return true;
    const r = await ex.selectFrom('alert_groups as g').select('g.id').where('g.id', '=', id).where(visibleTo(scope.pathPrefix)).executeTakeFirst();
    return !!r;
  }

  /** The active group holding each key, locked so concurrent intakes join rather than race. */
  async findActiveByKeys(ex: Executor, keys: string[]): Promise<AlertGroupRow[]> {
    if (keys.length === 0) return [];
    return ex.selectFrom('alert_groups').selectAll().where('group_key', 'in', keys).where('status', '<>', 'resolved').forUpdate().execute();
  }

  async update(ex: Executor, id: string, patch: Updateable<AlertGroupTable>): Promise<void> {
    await ex.updateTable('alert_groups').set(patch).where('id', '=', id).execute();
  }

  /** Conditional update (e.g. only while triggered); returns whether it applied. */
  async updateIf(ex: Executor, id: string, statuses: AlertGroupStatus[], patch: Updateable<AlertGroupTable>): Promise<boolean> {
    const r = await ex.updateTable('alert_groups').set(patch).where('id', '=', id).where('status', 'in', statuses).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** New members joined: counts, latest time, and the highest severity. */
  async addMembers(ex: Executor, id: string, m: { count: number; at: Date; severity: string; agencyId: string | null; systemId: string | null; monitorId: string | null }): Promise<void> {
    await sql`
      update alert_groups set
        alert_count = alert_count + ${m.count}, open_count = open_count + ${m.count},
        last_alert_at = greatest(last_alert_at, ${m.at}),
        severity = case when array_position(array['info','low','medium','high','critical'], ${m.severity}::text)
                          > array_position(array['info','low','medium','high','critical'], severity) then ${m.severity} else severity end,
        agency_id = case when agency_id is not distinct from ${m.agencyId}::uuid then agency_id end,
        system_id = case when system_id is not distinct from ${m.systemId}::uuid then system_id end,
        monitor_id = case when monitor_id is not distinct from ${m.monitorId}::uuid then monitor_id end
      where id = ${id}`.execute(ex);
  }

  /** Moves a group's key aside so a new group can take it (its joining window has passed). */
  async seal(ex: Executor, id: string): Promise<void> {
    await ex.updateTable('alert_groups').set({ group_key: sql<string>`group_key || '#' || id::text` }).where('id', '=', id).execute();
  }

  /** Recounts open members; returns the active groups left with none (to be resolved). */
  async recount(ex: Executor, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await sql<{ id: string }>`
      update alert_groups g set open_count = (select count(*) from alerts a where a.group_id = g.id and a.status = 'open')
      where g.id = any(${ids}::uuid[])
      returning g.id, g.open_count, g.status`.execute(ex);
    return (rows.rows as unknown as { id: string; open_count: number; status: string }[])
      .filter((r) => Number(r.open_count) === 0 && r.status !== 'resolved')
      .map((r) => r.id);
  }

  async addEvents(ex: Executor, events: AlertGroupEventInsert[]): Promise<void> {
    if (events.length === 0) return;
    await ex
      .insertInto('alert_group_events')
      .values(events.map((e) => ({ ...e, actor_id: e.actor_id ?? null, actor_label: e.actor_label ?? null, text: e.text ?? null, data: JSON.stringify(e.data ?? {}) })))
      .execute();
  }

  listEvents(ex: Executor, groupId: string) {
    return ex
      .selectFrom('alert_group_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .selectAll('e')
      .select('u.display_name as actor_name')
      .where('e.group_id', '=', groupId)
      .orderBy('e.id')
      .limit(2000)
      .execute();
  }

  listMembers(ex: Executor, groupId: string, limit = 500) {
    return ex
      .selectFrom('alerts as al')
      .leftJoin('agencies as a', 'a.id', 'al.agency_id')
      .leftJoin('information_systems as s', 's.id', 'al.system_id')
      .select(['al.id', 'al.kind', 'al.severity', 'al.status', 'al.opened_at', 'al.resolved_at', 'al.summary', 'al.monitor_id', 'al.system_id', 'al.agency_id', 'al.source', 'al.occurrences', 'al.last_seen_at', 'a.name as agency_name', 's.name as system_name'])
      .where('al.group_id', '=', groupId)
      .orderBy('al.opened_at')
      .orderBy('al.id')
      .limit(limit)
      .execute();
  }

  async list(ex: Executor, f: AlertGroupFilter): Promise<{ items: AlertGroupWithNames[]; total: number }> {
    let q = ex.selectFrom('alert_groups as g');
    if (!f.scope.all) q = q.where(visibleTo(f.scope.pathPrefix));
    if (f.agencyPath) q = q.where(visibleTo(f.agencyPath));
    if (f.status === 'active') q = q.where('g.status', '<>', 'resolved');
    else if (f.status) q = q.where('g.status', '=', f.status);
    if (f.severity) q = q.where('g.severity', '=', f.severity);
    if (f.assigneeId) q = q.where('g.assignee_id', '=', f.assigneeId);
    if (f.monitorId) q = q.where((eb) => eb.exists(eb.selectFrom('alerts as m').select(sql`1`.as('x')).whereRef('m.group_id', '=', 'g.id').where('m.monitor_id', '=', f.monitorId!)));
    if (f.from) q = q.where('g.opened_at', '>=', f.from);
    if (f.to) q = q.where('g.opened_at', '<', f.to);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ids = await q.select('g.id').orderBy('g.opened_at', 'desc').orderBy('g.id').limit(f.limit).offset(f.offset).execute();
    if (ids.length === 0) return { items: [], total: Number(n) };
    const rows = await this.withNames(ex).where('g.id', 'in', ids.map((r) => r.id)).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { items: ids.map((r) => byId.get(r.id)!).filter(Boolean), total: Number(n) };
  }

  /**
   * Due escalations, locked for this transaction (SKIP LOCKED: another process passes over them).
   * Snoozed groups come due when their snooze ends.
   */
  claimDue(ex: Executor, now: Date, limit: number): Promise<AlertGroupRow[]> {
    return ex
      .selectFrom('alert_groups')
      .selectAll()
      .where('next_escalation_at', '<=', now)
      .where('status', '=', 'triggered')
      .orderBy('next_escalation_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
  }

  /** Who was told about a group (for the recovery message): one row per channel and address. */
  notifiedRecipients(ex: Executor, groupId: string) {
    return ex
      .selectFrom('notification_outbox as o')
      .innerJoin('notification_channels as c', 'c.id', 'o.channel_id')
      .select(['o.channel_id', 'c.kind as channel_kind', 'o.recipient', 'o.recipient_user_id'])
      .distinct()
      .where('o.group_id', '=', groupId)
      .where('o.template', 'in', ['alert.triggered', 'alert.escalated'])
      .execute();
  }

  /** The delivery log of a group: every message, its channel, state, attempts and last error. */
  deliveries(ex: Executor, groupId: string) {
    return ex
      .selectFrom('notification_outbox as o')
      .innerJoin('notification_channels as c', 'c.id', 'o.channel_id')
      .leftJoin('users as u', 'u.id', 'o.recipient_user_id')
      .select(['o.id', 'o.template', 'o.recipient', 'o.recipient_user_id', 'u.display_name as recipient_name', 'c.name as channel_name', 'c.kind as channel_kind',
        'o.status', 'o.attempts', 'o.created_at', 'o.next_attempt_at', 'o.sent_at', 'o.last_error', 'o.last_code'])
      .where('o.group_id', '=', groupId)
      .orderBy('o.created_at')
      .orderBy('o.id')
      .limit(1000)
      .execute();
  }
}
