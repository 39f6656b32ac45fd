import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { SMTPServer } from 'smtp-server';
import type { Executor } from '../../../server/src/db/executor.ts';
import type { DB } from '../../../server/src/db/schema.ts';
import { systemClock } from '../../../server/src/io/clock.ts';
import { silentLogger } from '../../../server/src/monitoring/types.ts';
import { channelFor } from '../../../server/src/notifications/channel-registry.ts';
import { OutboxDispatcher, type DispatcherSettings } from '../../../server/src/notifications/outbox-dispatcher.ts';
import { outboxMetrics } from '../../../server/src/notifications/outbox-metrics.ts';
import type { NotificationOutboxRepository } from '../../../server/src/repositories/notification-outbox.repository.ts';
import type { Delivery } from '../../../server/src/services/notification-outbox.service.ts';
import { createTestContext } from '../../helpers/test-db.ts';
import { parseMail } from '../mini-mime.ts';

/**
 * Shared set-up for the outbox tests: a fresh database, channels pointing at loopback
 * receivers (a real SMTP server, HTTP webhooks), alerts, and dispatchers with small delays.
 */
export async function outboxContext() {
  return createTestContext({ clock: systemClock });
}
export type OutboxContext = Awaited<ReturnType<typeof outboxContext>>;

export const FAST: DispatcherSettings = {
  concurrency: 8, perChannel: 4, pollMs: 50, timeoutMs: 3000, leaseMarginMs: 500, stopGraceMs: 1000,
  baseMs: 50, capMs: 400, maxAttempts: 5,
};

export function makeDispatcher(db: Kysely<DB>, repo: NotificationOutboxRepository, o: { settings?: Partial<DispatcherSettings>; workerId?: string; random?: () => number } = {}) {
  return new OutboxDispatcher({
    db, repo, channelFor, metrics: outboxMetrics(new Registry()), log: silentLogger,
    settings: { ...FAST, ...o.settings }, workerId: o.workerId, random: o.random,
  });
}

export async function insertAlert(ex: Executor, summary = 'Cổng TTĐT không truy cập được'): Promise<string> {
  const id = randomUUID();
  await ex.insertInto('alerts').values({
    id, dedup_key: `test:${id}`, monitor_id: null, system_id: null, agency_id: null, kind: 'down', severity: 'critical',
    status: 'open', opened_at: new Date(), resolved_at: null, summary, details: '{}',
  }).execute();
  return id;
}

export async function insertChannel(ctx: OutboxContext, kind: string, config: Record<string, unknown>, name = kind): Promise<string> {
  const id = randomUUID();
  await ctx.repos.notificationOutbox.insertChannel(ctx.database.db, { id, name, kind, config });
  return id;
}

export const webhookConfig = (url: string) => ({ url, secret: 'a-long-enough-webhook-secret' });
export const emailConfig = (port: number) => ({ host: '127.0.0.1', port, secure: false, starttls: 'never', from: 'Vigil <canhbao@vigil.gov.vn>' });

export function delivery(channelId: string, recipient = 'truc.ban@soyte.gov.vn', subject = '[Vigil] Cổng TTĐT không truy cập được'): Delivery {
  return { channelId, recipient, template: 'alert.opened', payload: { subject, text: 'Cổng thông tin điện tử không phản hồi.', severity: 'critical' } };
}

/** Alert + its deliveries in one transaction, as the alert intake will do. */
export async function alertWithDeliveries(ctx: OutboxContext, deliveries: Delivery[]): Promise<{ alertId: string; ids: string[] }> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const alertId = await insertAlert(trx);
    const ids = await ctx.notificationOutbox.enqueueNotifications(trx, { alertId, deliveries });
    return { alertId, ids };
  });
}

export interface SmtpReceiver {
  port: number;
  /** Accepted messages (answered 250). */
  accepted: { messageId: string; at: number; raw: string }[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback. `hold` may keep a message's DATA unanswered (the sender is killed meanwhile). */
export async function startSmtp(o: { hold?: (messageId: string) => boolean; onData?: (messageId: string) => void } = {}): Promise<SmtpReceiver> {
  const accepted: SmtpReceiver['accepted'] = [];
  const server = new SMTPServer({
    logger: false,
    closeTimeout: 200,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = parseMail(raw).headers.get('message-id') ?? '';
        o.onData?.(messageId);
        if (o.hold?.(messageId)) return; // never answered: not accepted
        accepted.push({ messageId, at: Date.now(), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export { sleep, waitFor } from '../../monitoring/engine/helpers.ts';
