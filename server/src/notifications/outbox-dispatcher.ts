import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AddressPolicy } from '../monitoring/probe.ts';
import type { Logger } from '../monitoring/types.ts';
import type { ClaimedDelivery, NotificationOutboxRepository } from '../repositories/notification-outbox.repository.ts';
import { configIssues, failed, type Channel, type OutboundMessage, type SendResult } from './channel.ts';
import type { OutboxMetrics } from './outbox-metrics.ts';
import { decide, type Decision, type RetrySettings } from './retry-policy.ts';

/**
 * Sends what the outbox holds. Every `pollMs` (and as soon as a slot frees after a full claim)
 * it claims due deliveries for its free slots — at most `perChannel` in flight per channel, so
 * one slow channel cannot take every slot — sends each through its channel with a deadline,
 * and settles the row (sent / retry later / dead) together with the attempt log in one
 * transaction.
 *
 * Delivery is at-least-once: a crash (or a lost database connection) between a successful
 * send and its settle leaves the row 'sending'; when the lease expires another dispatcher
 * sends it again with the SAME msg.id (the row id), from which the e-mail Message-ID and the
 * webhook X-Vigil-Delivery header are derived, so receivers can dedupe. Within one claim a row
 * is sent at most once, and a settle applies only to the claim that made it.
 */
export type OutboxStore = Pick<NotificationOutboxRepository, 'claim' | 'markSent' | 'markFailed' | 'markDead' | 'recordAttempt' | 'depth'>;

export interface DispatcherSettings extends RetrySettings {
  concurrency: number;
  perChannel: number;
  pollMs: number;
  /** Budget of one send; the channel is aborted 1 s after it if it has not answered. */
  timeoutMs: number;
  /** Lease = timeout + 2 s (the hard stop) + this: a dead dispatcher's rows come back after it. */
  leaseMarginMs: number;
  /** How long a stop waits for running sends before aborting them. */
  stopGraceMs: number;
}

export interface DispatcherDeps {
  db: Kysely<DB>;
  repo: OutboxStore;
  channelFor(kind: string): Channel<unknown> | null;
  metrics: OutboxMetrics;
  log: Logger;
  settings: DispatcherSettings;
  workerId?: string;
  addressPolicy?: AddressPolicy;
  /** Time for durations and the channels' signatures (tests may fix it). */
  now?: () => Date;
  random?: () => number;
}

const HARD_GRACE_MS = 1000;

export class OutboxDispatcher {
  readonly id: string;
  private readonly inFlight = new Map<string, { channelId: string; abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private depthTimer: NodeJS.Timeout | null = null;
  private running = false;
  private claiming: Promise<void> | null = null;
  private again = false;
  private saturated = false;
  private lastError: { at: Date; op: string; message: string } | null = null;
  private counts = { sent: 0, retried: 0, dead: 0, late: 0 };

  constructor(private readonly d: DispatcherDeps) {
    this.id = d.workerId ?? `notify-${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
    const refresh = () => void this.refreshDepth().finally(() => { if (this.running) this.depthTimer = setTimeout(refresh, 15_000).unref(); });
    refresh();
  }

  /** No more claims; running sends get `stopGraceMs`, then are aborted (and retried elsewhere at once). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.depthTimer) clearTimeout(this.depthTimer);
    await this.claiming?.catch(() => {});
    const all = () => Promise.all([...this.inFlight.values()].map((f) => f.done));
    const grace = new Promise<'late'>((r) => setTimeout(() => r('late'), this.d.settings.stopGraceMs).unref());
    if ((await Promise.race([all(), grace])) === 'late') {
      for (const f of this.inFlight.values()) f.abort.abort();
      await all();
    }
  }

  /** Resolves when every send started so far is settled (tests, and stop). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight.values()].map((f) => f.done));
  }

  stats() {
    return { workerId: this.id, inFlight: this.inFlight.size, ...this.counts, lastError: this.lastError };
  }

  /** One claim pass now (tests; also what the poll timer runs). */
  async tick(): Promise<number> {
    if (this.claiming) {
      this.again = true;
      await this.claiming;
      return 0;
    }
    let n = 0;
    this.claiming = (async () => {
      do {
        this.again = false;
        n += await this.claimAndStart();
      } while (this.again && this.running);
    })();
    try {
      await this.claiming;
    } finally {
      this.claiming = null;
    }
    return n;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().catch(() => {}).finally(() => { if (!this.timer) this.schedule(this.d.settings.pollMs); });
    }, ms);
  }

  private async claimAndStart(): Promise<number> {
    const s = this.d.settings;
    const free = s.concurrency - this.inFlight.size;
    if (free <= 0) {
      this.saturated = true;
      return 0;
    }
    const busy = new Map<string, number>();
    for (const f of this.inFlight.values()) busy.set(f.channelId, (busy.get(f.channelId) ?? 0) + 1);
    const channelFree: Record<string, number> = {};
    for (const [ch, n] of busy) channelFree[ch] = Math.max(0, s.perChannel - n);
    let rows: ClaimedDelivery[];
    try {
      rows = await this.d.repo.claim(this.d.db, { owner: this.id, limit: free, perChannel: s.perChannel, channelFree, leaseMs: s.timeoutMs + 2 * HARD_GRACE_MS + s.leaseMarginMs });
    } catch (e) {
      this.noteError('claim', e);
      return 0;
    }
    // Full claim, or a channel now at its cap: more may be waiting, so claim again as soon as a
    // slot frees rather than at the next poll (else a capped channel runs at perChannel/poll).
    for (const r of rows) busy.set(r.channel_id, (busy.get(r.channel_id) ?? 0) + 1);
    this.saturated = rows.length >= free || [...busy.values()].some((n) => n >= s.perChannel);
    for (const row of rows) this.startSend(row);
    return rows.length;
  }

  private startSend(row: ClaimedDelivery): void {
    const abort = new AbortController();
    const entry = { channelId: row.channel_id, abort, done: Promise.resolve() };
    this.inFlight.set(row.id, entry);
    this.d.metrics.inFlight.set(this.inFlight.size);
    entry.done = this.deliver(row, abort).finally(() => {
      this.inFlight.delete(row.id);
      this.d.metrics.inFlight.set(this.inFlight.size);
      if (this.saturated && this.running) this.schedule(0);
    });
  }

  private async deliver(row: ClaimedDelivery, abort: AbortController): Promise<void> {
    const started = performance.now();
    const channel = this.d.channelFor(row.channel_kind);
    const result = await this.send(channel, row, abort);
    const durationMs = Math.round(performance.now() - started);
    this.d.metrics.duration.observe({ kind: row.channel_kind }, durationMs / 1000);
    let decision = decide(result, row.attempts, this.d.settings, this.d.random);
    // Aborted by our own shutdown: not the receiver's fault, let another dispatcher try at once.
    if (!this.running && decision.action === 'retry' && abort.signal.aborted) decision = { ...decision, inMs: 0 };
    await this.settle(row, result, decision, durationMs);
  }

  private async send(channel: Channel<unknown> | null, row: ClaimedDelivery, abort: AbortController): Promise<SendResult> {
    if (!channel) return failed('bad-config', `unknown channel kind ${row.channel_kind}`, false);
    const issues = configIssues(channel.configSchema, row.channel_config);
    if (issues.length) return failed('bad-config', `channel configuration: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, false);
    const p = row.payload;
    if (typeof p.subject !== 'string' || typeof p.text !== 'string' || typeof p.severity !== 'string') {
      return failed('internal', 'outbox payload lacks subject, text or severity', false);
    }
    const msg = { ...p, id: row.id, to: row.recipient } as OutboundMessage;
    const { timeoutMs } = this.d.settings;
    // The channel honours timeoutMs itself; the abort and the race are for one that does not.
    const hard = setTimeout(() => abort.abort(), timeoutMs + HARD_GRACE_MS);
    let stop: NodeJS.Timeout | undefined;
    const hardStop = new Promise<SendResult>((r) => {
      stop = setTimeout(() => r(failed('timeout', `no answer within ${timeoutMs} ms`, true)), timeoutMs + 2 * HARD_GRACE_MS);
    });
    try {
      return await Promise.race([
        channel.send(msg, row.channel_config, { signal: abort.signal, timeoutMs, addressPolicy: this.d.addressPolicy, now: this.d.now }),
        hardStop,
      ]);
    } finally {
      clearTimeout(hard);
      clearTimeout(stop);
    }
  }

  /** Attempt log and new state in one transaction; retried briefly if the database is away. */
  private async settle(row: ClaimedDelivery, result: SendResult, decision: Decision, durationMs: number): Promise<void> {
    const lease = { owner: this.id, attempt: row.attempts };
    const kind = row.channel_kind;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const applied = await this.d.db.transaction().execute(async (trx) => {
          await this.d.repo.recordAttempt(trx, {
            outbox_id: row.id, attempt: row.attempts, worker: this.id, ok: result.ok, duration_ms: durationMs,
            code: result.ok ? null : result.code, error: result.ok ? null : result.error, provider_id: result.ok ? (result.providerId ?? null) : null,
          });
          if (decision.action === 'sent') return this.d.repo.markSent(trx, row.id, lease, decision.providerId);
          if (decision.action === 'retry') return this.d.repo.markFailed(trx, row.id, lease, { code: decision.code, error: decision.error, retryInMs: decision.inMs });
          return this.d.repo.markDead(trx, row.id, lease, { code: decision.code, error: decision.error });
        });
        if (!applied) {
          this.counts.late++;
          this.d.metrics.lateResults.inc();
          this.d.log.warn({ outboxId: row.id, attempt: row.attempts }, 'notification result arrived after the delivery was taken over; not recorded');
        } else if (decision.action === 'sent') {
          this.counts.sent++;
          this.d.metrics.sent.inc({ kind });
        } else if (decision.action === 'retry') {
          this.counts.retried++;
          this.d.metrics.failed.inc({ kind, code: decision.code });
        } else {
          this.counts.dead++;
          this.d.metrics.dead.inc({ kind, code: decision.code });
          this.d.log.warn({ outboxId: row.id, alertId: row.alert_id, code: decision.code, error: decision.error }, 'notification is dead');
        }
        return;
      } catch (e) {
        this.noteError('settle', e);
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
    // Left 'sending': after the lease it is claimed again and re-sent with the same id (at-least-once).
  }

  private async refreshDepth(): Promise<void> {
    try {
      const dep = await this.d.repo.depth(this.d.db);
      for (const [state, n] of Object.entries(dep)) this.d.metrics.queue.set({ state }, n);
    } catch (e) {
      this.noteError('depth', e);
    }
  }

  private noteError(op: string, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.lastError = { at: new Date(), op, message };
    this.d.log.warn({ op, err: message }, 'notification dispatcher database error');
  }
}
