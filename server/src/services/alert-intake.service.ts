import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/executor.ts';
import type { Clock } from '../io/clock.ts';
import { groupKeyFor, maxSeverity, routeAlert, type AlertSource, type GroupBy, type RoutableAlert, type RouteMatch, type RoutingRule } from '../alerting/routing.ts';
import type { Severity } from '../notifications/channel.ts';
import type { AlertGroupRepository, AlertGroupRow } from '../repositories/alert-group.repository.ts';
import type { AlertRepository, AlertRow } from '../repositories/alert.repository.ts';
import type { EscalationPolicyRepository } from '../repositories/escalation-policy.repository.ts';
import type { AlertEscalationService } from './alert-escalation.service.ts';

/**
 * The one way alerts come in: monitoring and detection (through the result writer's
 * transaction) and external sources (through the HTTP intake) all end here. Inside the caller's
 * transaction it de-duplicates by key, routes each new alert, files it into a group (joining an
 * active one with the same grouping key while its window is open) and starts a new group's
 * escalation, so the alert, its group and its first messages commit together or not at all.
 *
 * It has the shape of the repository methods the result writer used before (`openMany`,
 * `resolveKeys`), so the monitor engine needs no other change.
 */

/** When no rule matches: alerts of one hosting provider still form one group, and nobody is paged. */
export const FALLBACK_RULE: RoutingRule = { id: 'default', enabled: true, match: {}, policyId: null, groupBy: 'hosting', groupWindowSeconds: 600 };

export class AlertIntakeService {
  constructor(
    private readonly repos: { alerts: AlertRepository; groups: AlertGroupRepository; policies: EscalationPolicyRepository },
    private readonly escalation: AlertEscalationService,
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Opens alerts (repeats of an open key are counted); returns how many were new. */
  async openMany(trx: Executor, rows: AlertRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.repos.alerts.insertNew(trx, rows);
    const fresh = new Set(inserted.map((r) => r.id));
    const now = this.clock.now();
    await this.repos.alerts.touchOpen(trx, [...new Set(rows.filter((r) => !fresh.has(r.id)).map((r) => r.dedup_key))], now);
    const opened = rows.filter((r) => fresh.has(r.id));
    if (opened.length === 0) return 0;

    const rules = (await this.repos.policies.listRules(trx)).map(toRule);
    const agencyIds = new Set<string>(rules.flatMap((r) => r.match.agencyIds ?? []));
    for (const a of opened) if (a.agency_id) agencyIds.add(a.agency_id);
    const facts = await this.repos.alerts.routingFacts(trx, [...new Set(opened.map((a) => a.system_id).filter((x): x is string => !!x))], [...agencyIds]);

    // Bucket the new alerts by group key; an alert with no key is a group of its own.
    const buckets = new Map<string, { rule: RoutingRule; alerts: AlertRow[] }>();
    for (const a of opened) {
      const routable: RoutableAlert = {
        kind: a.kind, severity: a.severity as Severity, source: (a.source ?? 'monitoring') as AlertSource,
        agencyId: a.agency_id, agencyPath: a.agency_id ? facts.paths.get(a.agency_id) ?? null : null,
        systemId: a.system_id, hostingProvider: a.system_id ? facts.hosting.get(a.system_id) ?? null : null,
      };
      const rule = routeAlert(rules, routable, facts.paths) ?? FALLBACK_RULE;
      const key = groupKeyFor(rule, routable) ?? `alert:${a.id}`;
      const b = buckets.get(key) ?? { rule, alerts: [] };
      b.alerts.push(a);
      buckets.set(key, b);
    }
    const active = new Map((await this.repos.groups.findActiveByKeys(trx, [...buckets.keys()])).map((g) => [g.group_key, g]));
    for (const [key, b] of buckets) {
      const g = active.get(key);
      if (g && now.getTime() - g.opened_at.getTime() <= b.rule.groupWindowSeconds * 1000) {
        await this.join(trx, g, b.alerts, now);
        continue;
      }
      if (g) await this.repos.groups.seal(trx, g.id);
      await this.create(trx, key, b.rule, b.alerts, now);
    }
    return opened.length;
  }

  private async join(trx: Executor, g: AlertGroupRow, alerts: AlertRow[], now: Date): Promise<void> {
    const severity = alerts.reduce<string>((s, a) => maxSeverity(s, a.severity), alerts[0]!.severity);
    await this.repos.alerts.setGroup(trx, g.id, alerts.map((a) => a.id));
    await this.repos.groups.addMembers(trx, g.id, {
      count: alerts.length, at: now, severity,
      agencyId: common(alerts.map((a) => a.agency_id)), systemId: common(alerts.map((a) => a.system_id)), monitorId: common(alerts.map((a) => a.monitor_id)),
    });
    await this.repos.groups.addEvents(trx, [{ group_id: g.id, at: now, type: 'alerts_added', text: alerts[0]!.summary, data: { count: alerts.length, alertIds: alerts.slice(0, 20).map((a) => a.id) } }]);
  }

  private async create(trx: Executor, key: string, rule: RoutingRule, alerts: AlertRow[], now: Date): Promise<void> {
    const first = alerts[0]!;
    const g: AlertGroupRow = {
      id: this.newId(),
      group_key: key,
      status: 'triggered',
      severity: alerts.reduce<string>((s, a) => maxSeverity(s, a.severity), first.severity),
      kind: first.kind,
      source: first.source ?? 'monitoring',
      title: first.summary.slice(0, 500),
      agency_id: common(alerts.map((a) => a.agency_id)),
      system_id: common(alerts.map((a) => a.system_id)),
      monitor_id: common(alerts.map((a) => a.monitor_id)),
      routing_rule_id: rule.id === FALLBACK_RULE.id ? null : rule.id,
      policy_id: rule.policyId,
      alert_count: alerts.length,
      open_count: alerts.length,
      opened_at: now,
      last_alert_at: now,
      acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, assignee_id: null, snoozed_until: null,
      escalation_step: 0,
      escalation_round: 0,
      next_escalation_at: now,
    };
    await this.repos.groups.insert(trx, g);
    await this.repos.alerts.setGroup(trx, g.id, alerts.map((a) => a.id));
    await this.repos.groups.addEvents(trx, [{ group_id: g.id, at: now, type: 'triggered', text: g.title, data: { count: alerts.length, rule: g.routing_rule_id, groupKey: key } }]);
    await this.escalation.start(trx, g, now);
  }

  /** Resolves open alerts by key; groups left without open alerts resolve (database trigger) and their recipients are told. */
  async resolveKeys(trx: Executor, items: { key: string; at: Date }[]): Promise<number> {
    const groupIds = await this.repos.alerts.resolveKeys(trx, items);
    let told = 0;
    for (const id of groupIds) {
      const g = await this.repos.groups.findById(trx, id);
      // resolved_by null: resolved just now by its last alert recovering (a person's resolve names them).
      if (g && g.status === 'resolved' && g.resolved_by === null) told += await this.escalation.announceResolved(trx, g);
    }
    return told;
  }
}

function common<T>(values: T[]): T | null {
  const first = values[0] ?? null;
  return values.every((v) => v === first) ? first : null;
}

function toRule(r: { id: string; enabled: boolean; match: Record<string, unknown>; policy_id: string | null; group_by: string; group_window_seconds: number }): RoutingRule {
  return { id: r.id, enabled: r.enabled, match: r.match as RouteMatch, policyId: r.policy_id, groupBy: r.group_by as GroupBy, groupWindowSeconds: r.group_window_seconds };
}
