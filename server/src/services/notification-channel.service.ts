import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import { assertCanAdministerNotifications } from '../domain/notification-access.ts';
import type { Clock } from '../io/clock.ts';
import { configIssues } from '../notifications/channel.ts';
import { addressIssue, takesAddress } from '../notifications/channel-address.ts';
import { channelFor } from '../notifications/channel-registry.ts';
import { dropNulls, mergeConfig, redactConfig, secretFields } from '../notifications/channel-secrets.ts';
import { sendTest, testMessage, type TestSendOutcome } from '../notifications/test-message.ts';
import type { ChannelListRow, ChannelRow, NotificationChannelRepository } from '../repositories/notification-channel.repository.ts';
import type { AuditService } from './audit.service.ts';

/** A channel as administrators see it: configuration without secrets, and which secrets are set. */
export interface ChannelView {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secretFields: string[];
  secretsSet: string[];
  addressHelp: string;
  deliveries: number;
  dead: number;
  createdAt: string;
  updatedAt: string;
}

export interface ChannelInput {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  enabled?: boolean;
}

export function toChannelView(r: ChannelRow & Partial<Pick<ChannelListRow, 'deliveries' | 'dead'>>): ChannelView {
  const { config, secretsSet } = redactConfig(r.kind, r.config ?? {});
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    enabled: r.enabled,
    config,
    secretFields: [...secretFields(r.kind)],
    secretsSet,
    addressHelp: channelFor(r.kind)?.addressHelp ?? '',
    deliveries: r.deliveries ?? 0,
    dead: r.dead ?? 0,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** What the audit log keeps of a channel: never a secret's value. */
const auditView = (v: ChannelView) => ({ name: v.name, kind: v.kind, enabled: v.enabled, config: v.config, secretsSet: v.secretsSet });

/**
 * Notification channels (SMTP relays, bots, webhooks, SMS gateways), administered by
 * administrators. Configurations are validated with the channel's own schema; secrets never
 * leave the server (responses, audit entries); a channel that has delivered is disabled, not
 * deleted, because its delivery log must outlive it.
 */
export class NotificationChannelService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: NotificationChannelRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly opts: { testTimeoutMs: number } = { testTimeoutMs: 15_000 },
  ) {}

  async list(actor: Actor): Promise<ChannelView[]> {
    assertCanAdministerNotifications(actor);
    return (await this.repo.list(this.db)).map(toChannelView);
  }

  async get(actor: Actor, id: string): Promise<ChannelView> {
    assertCanAdministerNotifications(actor);
    const row = (await this.repo.list(this.db)).find((r) => r.id === id);
    if (!row) throw new NotFoundError('Notification channel');
    return toChannelView(row);
  }

  private validate(kind: string, config: Record<string, unknown>): void {
    const channel = channelFor(kind);
    if (!channel) throw new ValidationError('Unknown channel kind', [{ field: 'kind', message: `must be one of email, telegram, webhook, slack, teams, sms` }]);
    const issues: FieldIssue[] = configIssues(channel.configSchema, config).map((i) => ({ field: i.field === '(config)' ? 'config' : `config.${i.field}`, message: i.message }));
    if (issues.length) throw new ValidationError(`The ${kind} channel configuration is not valid`, issues);
  }

  private async assertNameFree(ex: Executor, name: string, exceptId?: string): Promise<void> {
    if (await this.repo.nameTaken(ex, name, exceptId)) throw new ConflictError('A channel with this name exists', [{ field: 'name', message: 'is already used by another channel' }]);
  }

  async create(actor: Actor, input: ChannelInput): Promise<ChannelView> {
    assertCanAdministerNotifications(actor);
    const config = dropNulls(input.config);
    this.validate(input.kind, config);
    return this.db.transaction().execute(async (trx) => {
      const name = input.name.trim();
      await this.assertNameFree(trx, name);
      const now = this.clock.now();
      const row: ChannelRow = { id: randomUUID(), name, kind: input.kind, config, enabled: input.enabled ?? true, created_at: now, updated_at: now };
      await this.repo.insert(trx, row);
      const view = toChannelView(row);
      await this.audit.record(trx, actor, { action: 'notification_channel.create', entityType: 'notification_channel', entityId: row.id, summary: `${row.kind}: ${row.name}`, after: auditView(view) });
      return view;
    });
  }

  async update(actor: Actor, id: string, patch: { name?: string; config?: Record<string, unknown>; enabled?: boolean }): Promise<ChannelView> {
    assertCanAdministerNotifications(actor);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repo.findById(trx, id);
      if (!before) throw new NotFoundError('Notification channel');
      const config = patch.config === undefined ? before.config : mergeConfig(before.kind, before.config, patch.config);
      if (patch.config !== undefined) this.validate(before.kind, config);
      const name = patch.name?.trim() ?? before.name;
      if (patch.name !== undefined) await this.assertNameFree(trx, name, id);
      const updated_at = this.clock.now();
      await this.repo.update(trx, id, { name, config, enabled: patch.enabled ?? before.enabled, updated_at });
      const after = (await this.repo.findById(trx, id))!;
      const rotated = secretFields(before.kind).filter((k) => patch.config && Object.hasOwn(patch.config, k));
      const view = toChannelView(after);
      await this.audit.record(trx, actor, {
        action: 'notification_channel.update', entityType: 'notification_channel', entityId: id, summary: `${after.kind}: ${after.name}`,
        before: auditView(toChannelView(before)), after: { ...auditView(view), secretsChanged: rotated },
      });
      return view;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    assertCanAdministerNotifications(actor);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.findById(trx, id);
      if (!before) throw new NotFoundError('Notification channel');
      const n = await this.repo.countDeliveries(trx, id);
      if (n > 0) {
        throw new ConflictError(`The channel "${before.name}" has ${n} deliveries in its log and cannot be deleted; disable it instead (set enabled to false)`);
      }
      await this.repo.delete(trx, id);
      await this.audit.record(trx, actor, { action: 'notification_channel.delete', entityType: 'notification_channel', entityId: id, summary: `${before.kind}: ${before.name}`, before: auditView(toChannelView(before)) });
    });
  }

  /**
   * Sends a test message now, through the channel's own send (not the outbox), and returns the
   * classified result. A disabled channel can be tested (that is how it is checked before it
   * is switched on). Only a missing or malformed address is a 400.
   */
  async test(actor: Actor, id: string, body: { to?: string; locale?: 'vi' | 'en' }): Promise<TestSendOutcome> {
    assertCanAdministerNotifications(actor);
    const row = await this.repo.findById(this.db, id);
    if (!row) throw new NotFoundError('Notification channel');
    const to = (body.to ?? '').trim();
    if (takesAddress(row.kind)) {
      const bad = addressIssue(row.kind, to);
      if (bad) throw new ValidationError('The test address is not valid for this channel', [{ field: 'to', message: bad }]);
    }
    const result = await sendTest(row.kind, row.config, testMessage(row.name, to, actor.username, body.locale ?? 'vi'), this.opts.testTimeoutMs);
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, actor, {
        action: 'notification_channel.test', entityType: 'notification_channel', entityId: id, summary: `${row.kind}: ${row.name} → ${to || '(url)'}: ${result.ok ? 'ok' : result.code}`,
        after: result,
      }),
    );
    return result;
  }
}
