import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { NotificationStatus } from '../db/schema.ts';

/**
 * The notification outbox's SQL: enqueueing inside the caller's transaction, claiming due
 * deliveries under a lease, settling them, and the per-alert delivery log. Like the monitor
 * claim, every time is the database's (`now()`), so dispatchers on machines whose clocks
 * disagree still agree on whose lease is live and when a retry is due.
 */
export interface OutboxInsert {
  id: string;
  alert_id: string | null;
  /** The alert group the delivery is about (migration 0007). */
  group_id?: string | null;
  channel_id: string;
  recipient: string;
  recipient_user_id: string | null;
  template: string;
  payload: Record<string, unknown>;
  /** Not before (quiet hours defer a delivery); now by default. */
  next_attempt_at?: Date;
}

export interface ClaimedDelivery {
  id: string;
  alert_id: string | null;
  channel_id: string;
  channel_kind: string;
  channel_config: Record<string, unknown>;
  recipient: string;
  recipient_user_id: string | null;
  template: string;
  payload: Record<string, unknown>;
  /** Including this claim. */
  attempts: number;
  lease_until: Date;
}

export interface ClaimOptions {
  owner: string;
  /** At most this many rows in all. */
  limit: number;
  /** At most this many rows of one channel (a channel missing from `channelFree`). */
  perChannel: number;
  /** Free slots per channel id in the claiming process; a channel at 0 is skipped. */
  channelFree: Record<string, number>;
  leaseMs: number;
}

/** Which claim a settle belongs to. */
export interface LeaseHeld {
  owner: string;
  attempt: number;
}

export interface OutboxRow extends OutboxInsert {
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  last_code: string | null;
  created_at: Date;
  sent_at: Date | null;
  provider_id: string | null;
}

export interface AttemptRow {
  outbox_id: string;
  attempt: number;
  worker: string | null;
  ok: boolean;
  code: string | null;
  error: string | null;
  duration_ms: number;
  provider_id: string | null;
}

export type LoggedAttempt = AttemptRow & { at: Date };

export interface DeliveryFilter {
  status?: NotificationStatus;
  channelId?: string;
  alertId?: string;
  limit: number;
  offset: number;
}

/** One delivery as the lists show it. */
export interface DeliveryListRow {
  id: string;
  alert_id: string | null;
  channel_id: string;
  channel_name: string;
  channel_kind: string;
  recipient: string;
  recipient_user_id: string | null;
  template: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_code: string | null;
  created_at: Date;
  sent_at: Date | null;
  provider_id: string | null;
  subject: string | null;
}

export class NotificationOutboxRepository {
  /** Written with the caller's executor: inside the transaction that opens the alert. */
  async enqueue(ex: Executor, rows: OutboxInsert[]): Promise<void> {
    if (rows.length === 0) return;
    await ex
      .insertInto('notification_outbox')
      .values(rows.map((r) => ({ ...r, payload: JSON.stringify(r.payload) })))
      .execute();
  }

  /**
   * Claims due deliveries: per enabled channel at most its free slots (the lateral scan walks
   * each channel's own index, so one channel's backlog never hides another's rows), plus rows
   * whose sender died mid-send (status 'sending', lease expired). SKIP LOCKED lets concurrent
   * claimers pass over each other's rows; the lease keeps a claimed row away from everyone
   * until it expires. The attempt is counted here, so a row that keeps crashing its sender
   * still runs out of attempts.
   */
  async claim(ex: Executor, o: ClaimOptions): Promise<ClaimedDelivery[]> {
    if (o.limit <= 0) return [];
    const free = JSON.stringify(o.channelFree);
    const r = await sql<ClaimedDelivery>`
      with fresh as (
        select x.id, x.t from notification_channels c
        cross join lateral (
          select ob.id, ob.next_attempt_at as t from notification_outbox ob
          where ob.channel_id = c.id and ob.status in ('pending', 'failed') and ob.next_attempt_at <= now()
            and (ob.lease_until is null or ob.lease_until < now())
          order by ob.next_attempt_at
          limit greatest(coalesce((${free}::jsonb ->> c.id::text)::int, ${o.perChannel}), 0)
          for update of ob skip locked
        ) x
        where c.enabled
      ),
      orphaned as (
        select ob.id, ob.lease_until as t from notification_outbox ob
        join notification_channels c on c.id = ob.channel_id
        where ob.status = 'sending' and ob.lease_until < now() and c.enabled
          and coalesce((${free}::jsonb ->> c.id::text)::int, ${o.perChannel}) > 0
        order by ob.lease_until
        limit ${o.limit}
        for update of ob skip locked
      ),
      picked as (
        select id from (select id, t from fresh union all select id, t from orphaned) u order by t limit ${o.limit}
      )
      update notification_outbox ob
      set status = 'sending', lease_owner = ${o.owner}, attempts = ob.attempts + 1,
          lease_until = now() + make_interval(secs => ${o.leaseMs / 1000})
      from picked, notification_channels c
      where ob.id = picked.id and c.id = ob.channel_id
      returning ob.id, ob.alert_id, ob.channel_id, c.kind as channel_kind, c.config as channel_config, ob.recipient,
        ob.recipient_user_id, ob.template, ob.payload, ob.attempts, ob.lease_until`.execute(ex);
    return r.rows.map((d) => ({ ...d, lease_until: new Date(d.lease_until) }));
  }

  /**
   * Each settle applies only while the row is still this claim's (same owner, same attempt):
   * once another dispatcher has taken it over, a late result never overwrites. An expired lease
   * nobody has taken over yet still settles, which avoids a needless second send.
   */
  async markSent(ex: Executor, id: string, l: LeaseHeld, providerId: string | null): Promise<boolean> {
    const r = await sql`
      update notification_outbox set status = 'sent', sent_at = now(), provider_id = ${providerId},
        lease_owner = null, lease_until = null, last_error = null, last_code = null
      where id = ${id} and status = 'sending' and lease_owner = ${l.owner} and attempts = ${l.attempt}`.execute(ex);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  /** Back to the queue, due `retryInMs` from now on the database clock. */
  async markFailed(ex: Executor, id: string, l: LeaseHeld, f: { code: string; error: string; retryInMs: number }): Promise<boolean> {
    const r = await sql`
      update notification_outbox set status = 'failed', last_code = ${f.code}, last_error = ${f.error},
        next_attempt_at = now() + make_interval(secs => ${Math.max(0, f.retryInMs) / 1000}),
        lease_owner = null, lease_until = null
      where id = ${id} and status = 'sending' and lease_owner = ${l.owner} and attempts = ${l.attempt}`.execute(ex);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  async markDead(ex: Executor, id: string, l: LeaseHeld, f: { code: string; error: string }): Promise<boolean> {
    const r = await sql`
      update notification_outbox set status = 'dead', last_code = ${f.code}, last_error = ${f.error},
        lease_owner = null, lease_until = null
      where id = ${id} and status = 'sending' and lease_owner = ${l.owner} and attempts = ${l.attempt}`.execute(ex);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  /** Logged whether or not the settle applied: the send happened either way. */
  async recordAttempt(ex: Executor, a: AttemptRow): Promise<void> {
    await ex.insertInto('notification_attempts').values(a).execute();
  }

  async listForAlert(ex: Executor, alertId: string): Promise<(OutboxRow & { attempt_log: LoggedAttempt[] })[]> {
    const rows = (await ex.selectFrom('notification_outbox').selectAll().where('alert_id', '=', alertId).orderBy('created_at').orderBy('id').execute()) as OutboxRow[];
    if (rows.length === 0) return [];
    const attempts = await ex
      .selectFrom('notification_attempts')
      .select(['outbox_id', 'attempt', 'worker', 'at', 'ok', 'code', 'error', 'duration_ms', 'provider_id'])
      .where('outbox_id', 'in', rows.map((r) => r.id))
      .orderBy('outbox_id')
      .orderBy('attempt')
      .orderBy('at')
      .execute();
    return rows.map((r) => ({ ...r, attempt_log: attempts.filter((a) => a.outbox_id === r.id) }));
  }

  async get(ex: Executor, id: string): Promise<OutboxRow | undefined> {
    return (await ex.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst()) as OutboxRow | undefined;
  }

  async listDead(ex: Executor, limit = 100): Promise<OutboxRow[]> {
    return (await ex.selectFrom('notification_outbox').selectAll().where('status', '=', 'dead').orderBy('created_at', 'desc').limit(limit).execute()) as OutboxRow[];
  }

  /**
   * Recent deliveries for the delivery log and the dead-letter page: newest first, with the
   * channel's name and kind, optionally one status and one channel. The payload stays out:
   * rendered messages are large and the list does not show them.
   */
  async listDeliveries(ex: Executor, f: DeliveryFilter): Promise<{ items: DeliveryListRow[]; total: number }> {
    let q = ex.selectFrom('notification_outbox as o').innerJoin('notification_channels as c', 'c.id', 'o.channel_id');
    if (f.status) q = q.where('o.status', '=', f.status);
    if (f.channelId) q = q.where('o.channel_id', '=', f.channelId);
    if (f.alertId) q = q.where('o.alert_id', '=', f.alertId);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .select([
        'o.id', 'o.alert_id', 'o.channel_id', 'c.name as channel_name', 'c.kind as channel_kind', 'o.recipient', 'o.recipient_user_id',
        'o.template', 'o.status', 'o.attempts', 'o.next_attempt_at', 'o.last_error', 'o.last_code', 'o.created_at', 'o.sent_at', 'o.provider_id',
      ])
      .select(sql<string | null>`o.payload ->> 'subject'`.as('subject'))
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    return { items: items as DeliveryListRow[], total: Number(n) };
  }

  /** A dead delivery goes back to the queue with a fresh attempt budget (same id, so receivers still dedupe). */
  async retryDead(ex: Executor, id: string): Promise<boolean> {
    const r = await sql`
      update notification_outbox set status = 'pending', attempts = 0, next_attempt_at = now(), lease_owner = null, lease_until = null
      where id = ${id} and status = 'dead'`.execute(ex);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  /** Rows waiting (due or not), being sent, and dead: for the queue-depth gauge. */
  async depth(ex: Executor): Promise<{ waiting: number; sending: number; dead: number }> {
    const r = await sql<{ waiting: number; sending: number; dead: number }>`
      select count(*) filter (where status in ('pending', 'failed'))::int as waiting,
             count(*) filter (where status = 'sending')::int as sending,
             count(*) filter (where status = 'dead')::int as dead
      from notification_outbox where status in ('pending', 'failed', 'sending', 'dead')`.execute(ex);
    return r.rows[0]!;
  }

  /** Channels: the administrators' API is someone else's; tests and the dispatcher need these. */
  async insertChannel(ex: Executor, c: { id: string; name: string; kind: string; config: Record<string, unknown>; enabled?: boolean }): Promise<void> {
    await ex.insertInto('notification_channels').values({ ...c, config: JSON.stringify(c.config) }).execute();
  }
}
