import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { isValidTimeZone } from '../monitoring/zoned-time.ts';
import type { Severity } from '../notifications/channel.ts';
import { addressIssue, takesAddress } from '../notifications/channel-address.ts';
import { channelFor } from '../notifications/channel-registry.ts';
import { quietHoursIssues, type QuietHours } from '../notifications/quiet-hours.ts';
import { sendTest, testMessage, type TestSendOutcome } from '../notifications/test-message.ts';
import type { NotificationChannelRepository } from '../repositories/notification-channel.repository.ts';
import type { NotificationPreferenceRepository, RuleInsert, UserChannelRule } from '../repositories/notification-preference.repository.ts';
import type { AuditService } from './audit.service.ts';

export interface PreferencesInput {
  timeZone: string;
  quietHours: QuietHours | null;
  phone?: string | null;
  rules: { channelId: string; address: string; minSeverity?: Severity | null; enabled: boolean }[];
}

export interface PreferencesView {
  timeZone: string;
  quietHours: QuietHours | null;
  phone: string | null;
  rules: Omit<UserChannelRule, 'id' | 'userId' | 'position'>[];
}

/** Spaces, dots, dashes and brackets people type in phone numbers are dropped before checking. */
export function normalisePhone(s: string): string {
  return s.replace(/[\s.\-()/]/g, '');
}
const PHONE = /^\+?[0-9]{6,15}$/;

/**
 * Every user's own notification preferences: their channels in order (with the address on
 * each and a minimum severity), quiet hours in their time zone, and a phone number. The rules
 * are stored in user_notification_rules and read by the escalation engine through
 * `listRulesForUsers` (repositories/notification-preference.repository.ts).
 */
export class NotificationPreferenceService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { preferences: NotificationPreferenceRepository; channels: NotificationChannelRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly opts: { testTimeoutMs: number } = { testTimeoutMs: 15_000 },
  ) {}

  async get(actor: Actor): Promise<PreferencesView> {
    const user = await this.repos.preferences.getUser(this.db, actor.userId);
    if (!user) throw new NotFoundError('User');
    const rules = await this.repos.preferences.listRulesForUsers(this.db, [actor.userId]);
    return {
      timeZone: user.time_zone,
      quietHours: (user.quiet_hours as QuietHours | null) ?? null,
      phone: user.phone,
      rules: rules.map(({ id: _id, userId: _u, position: _p, ...r }) => r),
    };
  }

  /** Enabled channels a user may pick from: nothing of their configuration. */
  async listChannels(_actor: Actor) {
    const rows = await this.repos.channels.listEnabled(this.db);
    return rows.map((c) => ({ ...c, takesAddress: takesAddress(c.kind), addressHelp: channelFor(c.kind)?.addressHelp ?? '' }));
  }

  /** Replaces the user's preferences as a whole (rules in the given order), in one transaction. */
  async put(actor: Actor, input: PreferencesInput): Promise<PreferencesView> {
    const issues: FieldIssue[] = [];
    const timeZone = input.timeZone.trim();
    if (!isValidTimeZone(timeZone)) issues.push({ field: 'timeZone', message: `"${timeZone.slice(0, 64)}" is not a known IANA time zone (e.g. Asia/Ho_Chi_Minh)` });
    let quietHours: QuietHours | null = null;
    if (input.quietHours) {
      const q = input.quietHours;
      issues.push(...quietHoursIssues(q));
      if (q.days && new Set(q.days).size !== q.days.length) issues.push({ field: 'quietHours.days', message: 'lists a weekday twice' });
      // Critical alerts always get through: the bypass level can be lowered, never raised above critical (the schema's maximum).
      quietHours = { start: q.start, end: q.end, ...(q.days?.length ? { days: [...q.days].sort((a, b) => a - b) } : {}), mode: q.mode ?? 'defer', bypassFrom: q.bypassFrom ?? 'critical' };
    }
    let phone: string | null = null;
    if (input.phone && input.phone.trim()) {
      phone = normalisePhone(input.phone);
      if (!PHONE.test(phone)) issues.push({ field: 'phone', message: 'is not a phone number: digits with an optional leading +, e.g. +84903123456' });
    }

    return this.db.transaction().execute(async (trx) => {
      const channels = new Map((await this.repos.channels.findByIds(trx, [...new Set(input.rules.map((r) => r.channelId))])).map((c) => [c.id, c]));
      const rows: RuleInsert[] = [];
      const seen = new Set<string>();
      input.rules.forEach((r, i) => {
        const c = channels.get(r.channelId);
        if (!c) return void issues.push({ field: `rules.${i}.channelId`, message: 'no such channel' });
        if (!c.enabled) return void issues.push({ field: `rules.${i}.channelId`, message: `the channel "${c.name}" is disabled; choose another one` });
        const address = r.address.trim();
        const bad = addressIssue(c.kind, address);
        if (bad) return void issues.push({ field: `rules.${i}.address`, message: bad });
        const key = `${c.id}\n${address.toLowerCase()}`;
        if (seen.has(key)) return void issues.push({ field: `rules.${i}`, message: 'the same channel and address are listed twice' });
        seen.add(key);
        rows.push({ id: randomUUID(), channel_id: c.id, address, min_severity: r.minSeverity ?? null, enabled: r.enabled });
      });
      if (issues.length) throw new ValidationError('The notification preferences are not valid', issues);
      const before = await this.getIn(trx, actor.userId);
      await this.repos.preferences.setUser(trx, actor.userId, { time_zone: timeZone, quiet_hours: quietHours as Record<string, unknown> | null, phone, updated_at: this.clock.now() });
      await this.repos.preferences.replaceRules(trx, actor.userId, rows);
      const after = await this.getIn(trx, actor.userId);
      await this.audit.record(trx, actor, {
        action: 'notification_preferences.update', entityType: 'user', entityId: actor.userId, summary: `${after.rules.length} channel(s), quiet hours ${quietHours ? `${quietHours.start}–${quietHours.end}` : 'off'}`,
        before, after,
      });
      return after;
    });
  }

  private async getIn(ex: Parameters<NotificationPreferenceRepository['getUser']>[0], userId: string): Promise<PreferencesView> {
    const user = (await this.repos.preferences.getUser(ex, userId))!;
    const rules = await this.repos.preferences.listRulesForUsers(ex, [userId]);
    return { timeZone: user.time_zone, quietHours: (user.quiet_hours as QuietHours | null) ?? null, phone: user.phone, rules: rules.map(({ id: _id, userId: _u, position: _p, ...r }) => r) };
  }

  /**
   * "Send me a test": one message now on each of the user's enabled rules whose channel is
   * enabled, ignoring quiet hours (the user asked for it), with each result.
   */
  async sendTest(actor: Actor): Promise<{ results: (TestSendOutcome & { channelId: string; channelName: string; address: string })[] }> {
    const user = await this.repos.preferences.getUser(this.db, actor.userId);
    if (!user) throw new NotFoundError('User');
    const rules = (await this.repos.preferences.listRulesForUsers(this.db, [actor.userId])).filter((r) => r.enabled && r.channelEnabled);
    if (rules.length === 0) throw new ValidationError('You have no enabled channel to test', [{ field: 'rules', message: 'add a channel and save your preferences first' }]);
    const configs = new Map((await this.repos.channels.findByIds(this.db, rules.map((r) => r.channelId))).map((c) => [c.id, c.config]));
    const locale = user.locale === 'en' ? 'en' : 'vi';
    const results = await Promise.all(
      rules.map(async (r) => ({
        channelId: r.channelId,
        channelName: r.channelName,
        address: r.address,
        ...(await sendTest(r.channelKind, configs.get(r.channelId) ?? {}, testMessage(r.channelName, r.address, user.display_name, locale), this.opts.testTimeoutMs)),
      })),
    );
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, actor, {
        action: 'notification_preferences.test', entityType: 'user', entityId: actor.userId,
        summary: results.map((r) => `${r.channelName}: ${r.ok ? 'ok' : r.code}`).join(', '),
      }),
    );
    return { results };
  }
}
