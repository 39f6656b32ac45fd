import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { whoIsOnDuty } from '../duty/on-duty.ts';
import { expandSchedule } from '../duty/schedule.ts';
import type { Clock } from '../io/clock.ts';
import { deliveriesFor, type GroupMessageFacts } from '../alerting/alert-message.ts';
import { runEscalation, type EscalationPolicy, type EscalationRun, type EscalationStep } from '../alerting/escalation-policy.ts';
import { contactTargets, dedupeTargets, personTargets, type DefaultChannels, type Target } from '../alerting/recipient-plan.ts';
import { ackUrl, signAckToken } from '../notifications/ack-link.ts';
import type { Severity } from '../notifications/channel.ts';
import type { Locale, MessageTemplate, TemplateKey } from '../notifications/templates/template-fields.ts';
import type { AlertGroupEventInsert, AlertGroupRepository, AlertGroupRow } from '../repositories/alert-group.repository.ts';
import type { AlertPeriodRepository } from '../repositories/alert-period.repository.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { DutyRosterRepository } from '../repositories/duty-roster.repository.ts';
import type { EscalationPolicyRepository } from '../repositories/escalation-policy.repository.ts';
import { toPeriod, toRoster } from './duty-roster-dto.ts';
import type { NotificationOutboxService } from './notification-outbox.service.ts';
import type { SigningKeys } from './signing-keys.service.ts';

/**
 * Runs escalation policies. A new group's first steps run inside the transaction that opened it
 * (so the alert and its first messages commit together); later steps run from `runDue`, which
 * claims due groups with SKIP LOCKED in its own transaction, so any number of processes can run
 * it and a crash between claim and commit simply leaves the group due. Acknowledging or
 * resolving clears next_escalation_at, which is what stops it.
 */
export interface EscalationRepos {
  groups: AlertGroupRepository;
  policies: EscalationPolicyRepository;
  recipients: AlertRecipientRepository;
  periods: AlertPeriodRepository;
  rosters: DutyRosterRepository;
}

export interface EscalationSettings {
  publicUrl: string;
  ackLinkTtlHours: number;
  organization?: string;
}

export type TemplateLookup = (ex: Executor, key: TemplateKey, locale: Locale) => Promise<MessageTemplate | undefined>;

export class AlertEscalationService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: EscalationRepos,
    private readonly outbox: NotificationOutboxService,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly settings: EscalationSettings,
    private readonly templates: TemplateLookup = async () => undefined,
  ) {}

  /** Runs the due escalations (at most `limit`); returns how many groups advanced. */
  async runDue(limit = 50): Promise<number> {
    const key = await this.keys.key('ack');
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const due = await this.repos.groups.claimDue(trx, now, limit);
      for (const g of due) {
        if (g.snoozed_until && g.snoozed_until <= now) {
          // The snooze is over and nobody acknowledged: start again from the first step.
          await this.repos.groups.update(trx, g.id, { snoozed_until: null, escalation_step: 0, escalation_round: 0 });
          await this.repos.groups.addEvents(trx, [{ group_id: g.id, at: now, type: 'snooze_ended' }]);
          await this.advance(trx, { ...g, snoozed_until: null, escalation_step: 0, escalation_round: 0 }, now, key);
        } else {
          await this.advance(trx, g, now, key);
        }
      }
      return due.length;
    });
  }

  /** Starts a new group's escalation inside the caller's transaction. */
  async start(trx: Executor, g: AlertGroupRow, now: Date): Promise<void> {
    await this.advance(trx, g, now, await this.keys.key('ack', trx));
  }

  private async advance(trx: Executor, g: AlertGroupRow, now: Date, key: Buffer): Promise<void> {
    const policyRow = g.policy_id ? await this.repos.policies.findPolicy(trx, g.policy_id) : undefined;
    if (!policyRow) {
      await this.repos.groups.update(trx, g.id, { next_escalation_at: null });
      await this.repos.groups.addEvents(trx, [{ group_id: g.id, at: now, type: 'no_policy', text: 'No routing rule or escalation policy matched: nobody was notified.' }]);
      return;
    }
    const policy: EscalationPolicy = { steps: policyRow.steps as EscalationStep[], repeat: policyRow.repeat_count };
    const run = runEscalation(policy, { step: g.escalation_step, round: g.escalation_round }, now);
    const events = await this.notify(trx, g, run, now, key);
    await this.repos.groups.update(trx, g.id, run.next
      ? { escalation_step: run.next.step, escalation_round: run.next.round, next_escalation_at: run.next.at }
      : { escalation_step: policy.steps.length, next_escalation_at: null });
    if (run.next) events.push({ group_id: g.id, at: now, type: 'waiting', data: { until: run.next.at.toISOString(), step: run.next.step, round: run.next.round } });
    else events.push({ group_id: g.id, at: now, type: 'escalation_finished', data: { rounds: g.escalation_round + 1 } });
    await this.repos.groups.addEvents(trx, events);
  }

  private async notify(trx: Executor, g: AlertGroupRow, run: EscalationRun, now: Date, key: Buffer): Promise<AlertGroupEventInsert[]> {
    const events: AlertGroupEventInsert[] = [];
    if (run.notify.length === 0) return events;
    const defaults = await this.repos.recipients.defaultChannels(trx);
    const facts = await this.facts(trx, g);
    const previous = await this.repos.groups.notifiedRecipients(trx, g.id);
    const expiresAt = new Date(now.getTime() + this.settings.ackLinkTtlHours * 3_600_000);
    const templates = new Map<string, MessageTemplate | undefined>();
    for (const k of ['alert.triggered', 'alert.escalated'] as const) for (const l of ['vi', 'en'] as const) templates.set(`${k}/${l}`, await this.templates(trx, k, l));
    for (const n of run.notify) {
      const { targets, skipped, label } = await this.targetsFor(trx, g, n.step, now, defaults);
      const unique = dedupeTargets(targets);
      if (unique.length === 0) {
        events.push({ group_id: g.id, at: now, type: 'nobody_notified', text: `${label}: ${skipped.join('; ') || 'no recipient'}`, data: { level: n.level, stepIndex: n.index } });
        continue;
      }
      const escalated = n.level > 1 || n.round > 0;
      const deliveries = deliveriesFor(unique, {
        key: escalated ? 'alert.escalated' : 'alert.triggered',
        facts,
        viewLink: `${this.settings.publicUrl.replace(/\/+$/, '')}/alerts/${g.id}`,
        ackLink: (t: Target) => ackUrl(this.settings.publicUrl, signAckToken({ alertId: g.id, recipientId: t.recipientId, expiresAt }, key)),
        level: n.level,
        unackedMinutes: Math.round((now.getTime() - g.opened_at.getTime()) / 60_000),
        previousRecipients: [...new Set(previous.map((p) => p.recipient))].slice(0, 10).join(', ') || '—',
        organization: this.settings.organization ?? 'Vigil',
        templateFor: (k, l) => templates.get(`${k}/${l}`),
      });
      const ids = await this.outbox.enqueueNotifications(trx, { alertId: null, groupId: g.id, deliveries });
      events.push({
        group_id: g.id, at: now, type: escalated ? 'escalated' : 'notified', text: label,
        data: { level: n.level, round: n.round, stepIndex: n.index, deliveries: ids, recipients: unique.map((t) => ({ name: t.name, channel: t.channelKind, address: t.address, deferredUntil: t.notBefore?.toISOString() ?? null })), skipped },
      });
    }
    return events;
  }

  async facts(ex: Executor, g: AlertGroupRow): Promise<GroupMessageFacts> {
    const names = await this.repos.recipients.names(ex, { systemId: g.system_id, agencyId: g.agency_id });
    return {
      groupId: g.id, title: g.title, summary: g.title, severity: g.severity as Severity, systemName: names.systemName, agencyName: names.agencyName,
      openedAt: g.opened_at, alertCount: g.alert_count, resolvedAt: g.resolved_at,
    };
  }

  private async targetsFor(ex: Executor, g: AlertGroupRow, step: EscalationStep, now: Date, defaults: DefaultChannels): Promise<{ targets: Target[]; skipped: string[]; label: string }> {
    const people = async (ids: string[], label: string) => {
      const users = await this.repos.recipients.users(ex, [...new Set(ids)]);
      const plans = users.map((u) => personTargets(u, g.severity as Severity, now, defaults));
      return { targets: plans.flatMap((p) => p.targets), skipped: plans.flatMap((p) => p.skipped), label };
    };
    switch (step.type) {
      case 'notify_on_duty': {
        const roster = await this.repos.rosters.findById(ex, step.rosterId);
        if (!roster) return { targets: [], skipped: ['the roster no longer exists'], label: 'On duty' };
        const onDuty = await this.onDuty(ex, [roster.id], now);
        return onDuty.length ? people(onDuty, `On duty: ${roster.name}`) : { targets: [], skipped: [`nobody is on duty in ${roster.name} now`], label: `On duty: ${roster.name}` };
      }
      case 'notify_agency_on_duty': {
        const agencies = g.agency_id ? [g.agency_id] : await this.repos.recipients.memberAgencies(ex, g.id);
        const periods = await this.repos.periods.list(ex, { scope: { all: true }, coveringAt: now });
        const rosters = (await this.repos.rosters.listByPeriods(ex, periods.map((p) => p.id), { scope: { all: true } })).filter((r) => agencies.includes(r.agency_id));
        const onDuty = await this.onDuty(ex, rosters.map((r) => r.id), now);
        return onDuty.length ? people(onDuty, 'On duty in the agency') : { targets: [], skipped: ['no roster of the agency has anyone on duty now'], label: 'On duty in the agency' };
      }
      case 'notify_agency_contacts': {
        const agencies = g.agency_id ? [g.agency_id] : await this.repos.recipients.memberAgencies(ex, g.id);
        const contacts = await this.repos.recipients.contacts(ex, agencies, step.availability);
        const targets = contacts.flatMap((c) => contactTargets(c, defaults));
        const skipped = contacts.filter((c) => contactTargets(c, defaults).length === 0).map((c) => `${c.name}: no address for a configured channel`);
        return { targets, skipped: contacts.length ? skipped : ['the agency has no registered contact points'], label: 'Agency contact points' };
      }
      case 'notify_users':
        return people(step.userIds, 'Named people');
      case 'notify_channel': {
        const c = await this.repos.recipients.channel(ex, step.channelId);
        if (!c || !c.enabled) return { targets: [], skipped: ['the channel is missing or disabled'], label: 'Channel' };
        return { targets: [{ channelId: c.id, channelKind: c.kind as Target['channelKind'], address: '', recipientId: c.id, userId: null, name: c.name, locale: 'vi' }], skipped: [], label: `Channel: ${c.name}` };
      }
      default:
        return { targets: [], skipped: [], label: '' };
    }
  }

  /** People on duty at `now` in the given rosters. */
  private async onDuty(ex: Executor, rosterIds: string[], now: Date): Promise<string[]> {
    const out: string[] = [];
    for (const id of rosterIds) {
      const r = await this.repos.rosters.findById(ex, id);
      if (!r) continue;
      const p = await this.repos.periods.findById(ex, r.period_id);
      if (!p || p.starts_at > now || p.ends_at <= now) continue;
      out.push(...whoIsOnDuty(expandSchedule(toRoster(r), toPeriod(p)), now).map((s) => s.personId));
    }
    return [...new Set(out)];
  }

  /** Tells everyone who was paged that the group is resolved (inside the resolving transaction). */
  async announceResolved(trx: Executor, g: AlertGroupRow): Promise<number> {
    const told = await this.repos.groups.notifiedRecipients(trx, g.id);
    if (told.length === 0) return 0;
    const users = await this.repos.recipients.users(trx, told.map((t) => t.recipient_user_id).filter((x): x is string => !!x));
    const byUser = new Map(users.map((u) => [u.id, u]));
    const targets: Target[] = told.map((t) => {
      const u = t.recipient_user_id ? byUser.get(t.recipient_user_id) : undefined;
      return { channelId: t.channel_id, channelKind: t.channel_kind as Target['channelKind'], address: t.recipient, recipientId: u?.id ?? t.channel_id, userId: u?.id ?? null, name: u?.display_name ?? t.recipient, locale: u?.locale === 'en' ? 'en' : 'vi' };
    });
    const custom = new Map<string, MessageTemplate | undefined>();
    for (const l of ['vi', 'en'] as const) custom.set(l, await this.templates(trx, 'alert.resolved', l));
    const deliveries = deliveriesFor(dedupeTargets(targets), {
      key: 'alert.resolved', facts: await this.facts(trx, g), viewLink: `${this.settings.publicUrl.replace(/\/+$/, '')}/alerts/${g.id}`,
      ackLink: () => '', organization: this.settings.organization ?? 'Vigil', templateFor: (_k, l) => custom.get(l),
    });
    await this.outbox.enqueueNotifications(trx, { alertId: null, groupId: g.id, deliveries });
    return deliveries.length;
  }
}
