import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import type { OutboundMessage } from '../notifications/channel.ts';
import type { NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';

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
}

export class NotificationOutboxService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: NotificationOutboxRepository,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Returns the new rows' ids: each is the delivery's idempotency key (msg.id). */
  async enqueueNotifications(trx: Executor, input: { alertId: string | null; deliveries: Delivery[] }): Promise<string[]> {
    const rows = input.deliveries.map((d) => ({
      id: d.id ?? this.newId(),
      alert_id: input.alertId,
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
}
