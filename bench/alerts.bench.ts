/**
 * Alert storm: `--monitors` portals at one hosting provider fail within `--seconds` (a data-centre
 * outage). Their alerts arrive through the real intake in result-writer-sized batches while the
 * real dispatcher delivers to a loopback SMTP server (the on-duty officer) and to a chat webhook
 * that takes `--slow-ms` per message. Two runs:
 *   grouped   — the default routing (group by hosting provider): how many messages, how fast the first;
 *   ungrouped — every alert its own group, all failing within `--burst-seconds` so a backlog builds:
 *               the dispatcher's sustained rate with one channel slow.
 * `lost` counts messages that should exist but were never written, or were marked sent but never
 * arrived. `--json` prints one JSON object on the last line.
 *
 *   npm run bench:alerts -- [--monitors 1000] [--seconds 60] [--slow-ms 2000] [--json]
 *   DATABASE_URL=postgres://… npm run bench:alerts     # PostgreSQL instead of embedded PGlite
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { loadConfig } from '../server/src/config/config.ts';
import { createContext, type AppContext } from '../server/src/context.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrator.ts';
import { argon2Hasher } from '../server/src/io/password-hasher.ts';
import { silentLogger } from '../server/src/monitoring/types.ts';
import { channelFor } from '../server/src/notifications/channel-registry.ts';
import { messageIdFor } from '../server/src/notifications/channels/email.channel.ts';
import { dispatcherSettings } from '../server/src/notifications/dispatcher-settings.ts';
import { OutboxDispatcher } from '../server/src/notifications/outbox-dispatcher.ts';
import { outboxMetrics } from '../server/src/notifications/outbox-metrics.ts';
import type { AlertRow } from '../server/src/repositories/alert.repository.ts';
import { startSlowHook, startSmtpLog } from './alerts/receivers.ts';
import { seedProvince } from './alerts/seed.ts';

const { values: args } = parseArgs({
  options: {
    monitors: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    'slow-ms': { type: 'string', default: '2000' },
    'flush-ms': { type: 'string', default: '250' },
    'burst-seconds': { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const MONITORS = Number(args.monitors);
const SECONDS = Number(args.seconds);
const SLOW_MS = Number(args['slow-ms']);
const FLUSH_MS = Number(args['flush-ms']);
const BURST_SECONDS = Number(args['burst-seconds']);
const log = (s: string) => !args.json && process.stdout.write(s + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunResult {
  groups: number;
  notifications: number;
  firstNotificationS: number | null;
  emailsSent: number;
  slowSent: number;
  deliveriesPerS: number;
  fastPerS: number;
  slowPerS: number;
  lost: number;
  duplicates: number;
  intakeMsP50: number;
  intakeMsMax: number;
}

async function run(groupBy: 'hosting' | 'none', windowSeconds: number): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-alerts-'));
  const databaseUrl = process.env.DATABASE_URL || null;
  const database = await openDatabase({ databaseUrl, dataDir: databaseUrl ? null : dataDir });
  await migrate(database);
  if (databaseUrl) await resetPostgres(database.db);
  const smtp = await startSmtpLog();
  const hook = await startSlowHook(SLOW_MS);
  const config = loadConfig({ LOG_LEVEL: 'silent', VIGIL_PUBLIC_URL: 'http://vigil.bench' } as NodeJS.ProcessEnv);
  const ctx: AppContext = createContext({ config, database, hasher: argon2Hasher({ memoryCost: 1024, timeCost: 1 }) });
  const seed = await seedProvince(ctx, { monitors: MONITORS, smtpPort: smtp.port, hookUrl: hook.url, groupBy });
  const dispatcher = new OutboxDispatcher({ db: database.db, repo: ctx.repos.notificationOutbox, channelFor, metrics: outboxMetrics(new Registry()), log: silentLogger, settings: dispatcherSettings(config), workerId: 'bench' });
  dispatcher.start();

  // Each monitor fails at a random instant in the window; the writer flushes every FLUSH_MS.
  const failAt = seed.systems.map((s) => ({ s, at: Math.random() * windowSeconds * 1000 })).sort((a, b) => a.at - b.at);
  const t0 = Date.now();
  let firstCommit: number | null = null;
  const intakeMs: number[] = [];
  let next = 0;
  while (next < failAt.length) {
    await sleep(Math.max(0, t0 + (failAt[next]!.at) - Date.now()) || FLUSH_MS);
    const due = Date.now() - t0;
    const batch: AlertRow[] = [];
    while (next < failAt.length && failAt[next]!.at <= due) {
      const { s } = failAt[next++]!;
      batch.push({
        id: randomUUID(), dedup_key: `monitor:${s.id}:down`, monitor_id: null, system_id: s.id, agency_id: s.owner_agency_id, kind: 'monitor.down', severity: 'high',
        status: 'open', opened_at: new Date(), resolved_at: null, summary: `${s.name} không truy cập được: connection refused`, details: {},
      });
    }
    if (batch.length === 0) continue;
    const started = performance.now();
    await database.db.transaction().execute((trx) => ctx.alerting.alertIntake.openMany(trx, batch));
    intakeMs.push(performance.now() - started);
    firstCommit ??= Date.now();
    await sleep(FLUSH_MS);
  }
  const stormEnd = Date.now();

  const rows = () => database.db.selectFrom('notification_outbox').select(['id', 'channel_id', 'status', 'sent_at']).execute();
  const expectedMessages = async () => Number((await database.db.selectFrom('alert_groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) * 2;
  // Drain: every e-mail delivered (fast channel), and the slow room for as long as the storm lasted.
  const drainUntil = Date.now() + Math.max(60_000, SECONDS * 1000);
  for (;;) {
    const r = await rows();
    const emailsPending = r.filter((x) => x.channel_id === seed.emailId && x.status !== 'sent' && x.status !== 'dead').length;
    const slowPending = r.filter((x) => x.channel_id === seed.roomId && x.status !== 'sent' && x.status !== 'dead').length;
    if ((emailsPending === 0 && slowPending === 0) || Date.now() > drainUntil) break;
    await sleep(250);
  }
  await dispatcher.stop();
  const r = await rows();
  const groups = (await expectedMessages()) / 2;
  const emails = r.filter((x) => x.channel_id === seed.emailId);
  const slow = r.filter((x) => x.channel_id === seed.roomId);
  const emailsSent = emails.filter((x) => x.status === 'sent');
  const slowSent = slow.filter((x) => x.status === 'sent');
  // Lost: a message that was never written, or one marked sent that never arrived.
  const missing = Math.max(0, (await expectedMessages()) - r.length);
  // Teams-style webhooks carry no delivery id, so the slow room is checked by count.
  const sentNotReceived = emailsSent.filter((x) => !smtp.received.has(messageIdFor(x.id, 'bench.gov.vn'))).length + Math.max(0, slowSent.length - hook.received.size);
  const arrivals = [...smtp.received.values()].map((v) => v.at).sort((a, b) => a - b);
  const lastSent = Math.max(...[...emailsSent, ...slowSent].map((x) => x.sent_at!.getTime()), stormEnd);
  const span = (lastSent - t0) / 1000;
  const fastSpan = emailsSent.length ? (Math.max(...emailsSent.map((x) => x.sent_at!.getTime())) - t0) / 1000 : 1;
  const slowSpan = slowSent.length ? (Math.max(...slowSent.map((x) => x.sent_at!.getTime())) - t0) / 1000 : 1;
  intakeMs.sort((a, b) => a - b);
  const result: RunResult = {
    groups,
    notifications: r.length,
    firstNotificationS: arrivals.length && firstCommit ? (arrivals[0]! - firstCommit) / 1000 : null,
    emailsSent: emailsSent.length,
    slowSent: slowSent.length,
    deliveriesPerS: (emailsSent.length + slowSent.length) / span,
    fastPerS: emailsSent.length / fastSpan,
    slowPerS: slowSent.length / slowSpan,
    lost: missing + sentNotReceived,
    duplicates: smtp.duplicates + hook.duplicates,
    intakeMsP50: intakeMs[Math.floor(intakeMs.length / 2)] ?? 0,
    intakeMsMax: intakeMs.at(-1) ?? 0,
  };
  await smtp.close();
  await hook.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

async function resetPostgres(db: AppContext['database']['db']) {
  // A reused PostgreSQL database: start from empty alerting and registry tables.
  const { sql } = await import('kysely');
  await sql`truncate notification_attempts, notification_outbox, alert_group_events, alerts, alert_groups, routing_rules, escalation_policies, duty_handover_notes, duty_rosters, alert_periods, notification_channels, information_systems, users, agencies, audit_log, sessions cascade`.execute(db);
}

const fmt = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d));
log(`alert storm: ${MONITORS} monitors at one hosting provider fail within ${SECONDS} s; chat webhook answers in ${SLOW_MS} ms; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
const grouped = await run('hosting', SECONDS);
log(`grouped by hosting  : ${grouped.groups} group(s), ${grouped.notifications} notifications, first e-mail ${fmt(grouped.firstNotificationS)} s after the first alert committed, lost ${grouped.lost}, duplicates ${grouped.duplicates}, intake batch p50 ${fmt(grouped.intakeMsP50, 1)} ms (max ${fmt(grouped.intakeMsMax, 1)})`);
// Ungrouped, and all at once: a backlog builds, so the rates below are the dispatcher's, not the storm's.
const ungrouped = await run('none', BURST_SECONDS);
log(`ungrouped (${BURST_SECONDS} s burst): ${ungrouped.groups} groups, ${ungrouped.notifications} notifications, e-mails sent ${ungrouped.emailsSent} at ${fmt(ungrouped.fastPerS)}/s, slow room ${ungrouped.slowSent} at ${fmt(ungrouped.slowPerS)}/s, overall ${fmt(ungrouped.deliveriesPerS)}/s, first e-mail ${fmt(ungrouped.firstNotificationS)} s, lost ${ungrouped.lost}, duplicates ${ungrouped.duplicates}`);
const out = {
  monitors: MONITORS, window_s: SECONDS, slow_ms: SLOW_MS, database: process.env.DATABASE_URL ? 'postgresql' : 'pglite',
  first_notification_s: grouped.firstNotificationS, notifications: grouped.notifications, groups: grouped.groups,
  deliveries_per_s: Number(ungrouped.deliveriesPerS.toFixed(2)), fast_channel_per_s: Number(ungrouped.fastPerS.toFixed(2)), slow_channel_per_s: Number(ungrouped.slowPerS.toFixed(2)),
  ungrouped_notifications: ungrouped.notifications, ungrouped_first_notification_s: ungrouped.firstNotificationS,
  lost: grouped.lost + ungrouped.lost, duplicates: grouped.duplicates + ungrouped.duplicates,
};
if (args.json) console.log(JSON.stringify(out));
process.exit(0);
