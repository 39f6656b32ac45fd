import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { assertCanAdministerNotifications } from '../domain/notification-access.ts';
import type { OutboundMessage } from '../notifications/channel.ts';
import type { DeliveryFilter, NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';
import type { AuditService } from './audit.service.ts';

/**
 * The outbox's entry points for the rest of the server. `enqueueNotifications` is called by
 * whoever decides that someone must be told (alert intake, escalation) with THEIR open
 * transaction, so the deliveries commit or roll back with the alert. Who is notified is the
 * caller's decision; this only records it. Access checks belong to the (future) API around it.
 */
export interface Delivery {
  /** The row id (= msg.id), when the caller needs it first (e.g. signed into the ack link); else generated. */
  id?: string;
  channelId: string;
  /** The address in the channel's terms (e-mail address, chat id, phone number; ignored by URL channels). */
  recipient: string;
  userId?: string | null;
  /** Which template rendered it (for the delivery log). */
  template: string;
  /** The rendered message; `id` and `to` are the outbox row's. */
  payload: Omit<OutboundMessage, 'id' | 'to'>;
  /** Hold until then (the recipient's quiet hours); now when absent. */
  notBefore?: Date;
}

export class NotificationOutboxService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: NotificationOutboxRepository,
    private readonly newId: () => string = randomUUID,
    /** Needed by the administrators' API (retry is audited); internal callers may leave it out. */
    private readonly audit: AuditService | null = null,
  ) {}

  /** Returns the new rows' ids: each is the delivery's idempotency key (msg.id). */
  async enqueueNotifications(trx: Executor, input: { alertId: string | null; groupId?: string | null; deliveries: Delivery[] }): Promise<string[]> {
    const rows = input.deliveries.map((d) => ({
      id: d.id ?? this.newId(),
      alert_id: input.alertId,
      group_id: input.groupId ?? null,
      ...(d.notBefore ? { next_attempt_at: d.notBefore } : {}),
      channel_id: d.channelId,
      recipient: d.recipient,
      recipient_user_id: d.userId ?? null,
      template: d.template,
      payload: { ...(d.payload as unknown as Record<string, unknown>) },
    }));
    for (const r of rows) {
      delete r.payload.id;
      delete r.payload.to;
    }
    await this.repo.enqueue(trx, rows);
    return rows.map((r) => r.id);
  }

  /** The delivery log of one alert: every delivery with its attempts. */
  listForAlert(alertId: string) {
    return this.repo.listForAlert(this.db, alertId);
  }

  listDead(limit?: number) {
    return this.repo.listDead(this.db, limit);
  }

  /** Puts a dead delivery back in the queue (same id); false when it is not dead. */
  retryDead(id: string) {
    return this.repo.retryDead(this.db, id);
  }

  /** The delivery log and dead letters, for administrators (recipients' addresses are personal data). */
  async listDeliveries(actor: Actor, f: DeliveryFilter) {
    assertCanAdministerNotifications(actor);
    return this.repo.listDeliveries(this.db, f);
  }

  /** An administrator puts a dead delivery back in the queue (same id, fresh attempt budget). */
  async retry(actor: Actor, id: string): Promise<void> {
    assertCanAdministerNotifications(actor);
    await this.db.transaction().execute(async (trx) => {
      const row = await this.repo.get(trx, id);
      if (!row) throw new NotFoundError('Delivery');
      if (row.status !== 'dead') throw new ConflictError(`Only dead deliveries can be retried; this one is ${row.status}`);
      if (!(await this.repo.retryDead(trx, id))) throw new ConflictError('The delivery changed meanwhile; reload and try again');
      await this.audit?.record(trx, actor, {
        action: 'notification.retry', entityType: 'notification_delivery', entityId: id,
        summary: `${row.recipient} (${row.last_code ?? 'dead'})`, before: { status: row.status, attempts: row.attempts, lastCode: row.last_code }, after: { status: 'pending' },
      });
    });
  }
}
