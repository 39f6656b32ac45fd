/**
 * The process the crash test kills (test/notifications/outbox/crash.test.ts): it commits an
 * alert and its e-mail delivery in one transaction, then either idles (no dispatcher) or starts
 * a dispatcher that claims the row and begins sending, and waits for its SIGKILL.
 * Env: CRASH_DB_URL (PostgreSQL) or CRASH_DATA_DIR (PGlite), CRASH_SMTP_PORT, CRASH_MODE (commit | mid-send).
 */
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { openPGlite, openPostgres } from '../../../server/src/db/database.ts';
import { migrate } from '../../../server/src/db/migrator.ts';
import { silentLogger } from '../../../server/src/monitoring/types.ts';
import { channelFor } from '../../../server/src/notifications/channel-registry.ts';
import { OutboxDispatcher } from '../../../server/src/notifications/outbox-dispatcher.ts';
import { outboxMetrics } from '../../../server/src/notifications/outbox-metrics.ts';
import { NotificationOutboxRepository } from '../../../server/src/repositories/notification-outbox.repository.ts';
import { NotificationOutboxService } from '../../../server/src/services/notification-outbox.service.ts';
import { delivery, emailConfig, FAST, insertAlert } from './helpers.ts';

const say = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

const database = process.env.CRASH_DB_URL ? openPostgres(process.env.CRASH_DB_URL, 2) : await openPGlite(process.env.CRASH_DATA_DIR!);
await migrate(database);
const db = database.db;
const repo = new NotificationOutboxRepository();
const channelId = randomUUID();
await repo.insertChannel(db, { id: channelId, name: 'relay', kind: 'email', config: emailConfig(Number(process.env.CRASH_SMTP_PORT)) });
const { alertId, id } = await db.transaction().execute(async (trx) => {
  const alertId = await insertAlert(trx);
  const [id] = await new NotificationOutboxService(db, repo).enqueueNotifications(trx, { alertId, deliveries: [delivery(channelId)] });
  return { alertId, id: id! };
});
say({ event: 'committed', alertId, id });
if (process.env.CRASH_MODE === 'mid-send') {
  const d = new OutboxDispatcher({
    db, repo, channelFor, metrics: outboxMetrics(new Registry()), log: silentLogger, workerId: 'doomed',
    settings: { ...FAST, timeoutMs: 3000, leaseMarginMs: 500 },
  });
  d.start();
  say({ event: 'dispatching' });
}
setInterval(() => {}, 60_000);
