import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { policyIssues, type EscalationStep } from '../alerting/escalation-policy.ts';
import { GROUP_BY, routeMatchIssues, type GroupBy, type RouteMatch } from '../alerting/routing.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { AlertRecipientRepository } from '../repositories/alert-recipient.repository.ts';
import type { DutyRosterRepository } from '../repositories/duty-roster.repository.ts';
import type { EscalationPolicyRepository, EscalationPolicyRow, RoutingRuleRow } from '../repositories/escalation-policy.repository.ts';
import type { UserRepository } from '../repositories/user.repository.ts';
import type { AuditService } from './audit.service.ts';

/**
 * Escalation policies and routing rules: province-wide configuration, written by administrators
 * and coordinators, readable by every signed-in user except viewers bound to nothing. Every
 * reference a step makes (roster, user, channel) is checked on save, so a policy never points
 * at nothing the day it is needed.
 */
export interface PolicyInput {
  name: string;
  description?: string | null;
  steps: EscalationStep[];
  repeat: number;
}

export interface RuleInput {
  name: string;
  enabled?: boolean;
  match: RouteMatch;
  policyId: string | null;
  groupBy: GroupBy;
  groupWindowSeconds?: number;
  position?: number;
}

export interface PolicyDto { id: string; name: string; description: string | null; steps: EscalationStep[]; repeat: number; createdAt: string; updatedAt: string }
export interface RuleDto { id: string; name: string; position: number; enabled: boolean; match: RouteMatch; policyId: string | null; groupBy: GroupBy; groupWindowSeconds: number }

const toPolicy = (p: EscalationPolicyRow): PolicyDto => ({
  id: p.id, name: p.name, description: p.description, steps: p.steps as EscalationStep[], repeat: p.repeat_count, createdAt: p.created_at.toISOString(), updatedAt: p.updated_at.toISOString(),
});
const toRuleDto = (r: RoutingRuleRow): RuleDto => ({
  id: r.id, name: r.name, position: r.position, enabled: r.enabled, match: r.match as RouteMatch, policyId: r.policy_id, groupBy: r.group_by as GroupBy, groupWindowSeconds: r.group_window_seconds,
});

function assertCanConfigure(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'coordinator') throw new ForbiddenError('Only administrators and coordinators may change escalation');
}

function nameIssues(name: unknown): FieldIssue[] {
  return typeof name === 'string' && name.trim().length >= 1 && name.trim().length <= 200 ? [] : [{ field: '/name', message: 'must be 1 to 200 characters' }];
}

export class EscalationPolicyService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { policies: EscalationPolicyRepository; rosters: DutyRosterRepository; users: UserRepository; recipients: AlertRecipientRepository },
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async listPolicies(): Promise<PolicyDto[]> {
    return (await this.repos.policies.listPolicies(this.db)).map(toPolicy);
  }

  async getPolicy(id: string): Promise<PolicyDto> {
    const p = await this.repos.policies.findPolicy(this.db, id);
    if (!p) throw new NotFoundError('Escalation policy');
    return toPolicy(p);
  }

  private async checkPolicy(ex: Executor, input: PolicyInput, selfId: string | null): Promise<void> {
    const issues = [...nameIssues(input.name), ...policyIssues({ steps: input.steps, repeat: input.repeat })];
    if (issues.length === 0) {
      for (const [i, s] of input.steps.entries()) {
        if (s.type === 'notify_on_duty' && !(await this.repos.rosters.findById(ex, s.rosterId))) issues.push({ field: `/steps/${i}/rosterId`, message: 'no such roster' });
        if (s.type === 'notify_channel' && !(await this.repos.recipients.channel(ex, s.channelId))) issues.push({ field: `/steps/${i}/channelId`, message: 'no such channel' });
        if (s.type === 'notify_users') {
          const found = new Set((await this.repos.recipients.users(ex, s.userIds)).map((u) => u.id));
          s.userIds.forEach((u, j) => { if (!found.has(u)) issues.push({ field: `/steps/${i}/userIds/${j}`, message: 'no such user' }); });
        }
      }
      const same = await this.repos.policies.findPolicyByName(ex, input.name.trim());
      if (same && same.id !== selfId) issues.push({ field: '/name', message: 'another policy has this name' });
    }
    if (issues.length) throw new ValidationError('The escalation policy is not valid', issues);
  }

  async createPolicy(actor: Actor, input: PolicyInput): Promise<PolicyDto> {
    assertCanConfigure(actor);
    return this.db.transaction().execute(async (trx) => {
      await this.checkPolicy(trx, input, null);
      const now = this.clock.now();
      const id = randomUUID();
      await this.repos.policies.insertPolicy(trx, { id, name: input.name.trim(), description: input.description ?? null, steps: JSON.stringify(input.steps), repeat_count: input.repeat, created_at: now, updated_at: now });
      await this.audit.record(trx, actor, { action: 'escalation_policy.create', entityType: 'escalation_policy', entityId: id, summary: input.name, after: input });
      return toPolicy((await this.repos.policies.findPolicy(trx, id))!);
    });
  }

  async updatePolicy(actor: Actor, id: string, patch: Partial<PolicyInput>): Promise<PolicyDto> {
    assertCanConfigure(actor);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repos.policies.findPolicy(trx, id);
      if (!before) throw new NotFoundError('Escalation policy');
      const next: PolicyInput = { name: patch.name ?? before.name, description: patch.description !== undefined ? patch.description : before.description, steps: patch.steps ?? (before.steps as EscalationStep[]), repeat: patch.repeat ?? before.repeat_count };
      await this.checkPolicy(trx, next, id);
      await this.repos.policies.updatePolicy(trx, id, { name: next.name.trim(), description: next.description ?? null, steps: JSON.stringify(next.steps), repeat_count: next.repeat, updated_at: this.clock.now() });
      await this.audit.record(trx, actor, { action: 'escalation_policy.update', entityType: 'escalation_policy', entityId: id, summary: next.name, before: toPolicy(before), after: next });
      return toPolicy((await this.repos.policies.findPolicy(trx, id))!);
    });
  }

  async deletePolicy(actor: Actor, id: string): Promise<void> {
    assertCanConfigure(actor);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repos.policies.findPolicy(trx, id);
      if (!before) throw new NotFoundError('Escalation policy');
      const uses = await this.repos.policies.policyInUse(trx, id);
      if (uses) throw new ConflictError(`${uses} routing rule(s) use this policy; point them elsewhere first`);
      await this.repos.policies.deletePolicy(trx, id);
      await this.audit.record(trx, actor, { action: 'escalation_policy.delete', entityType: 'escalation_policy', entityId: id, summary: before.name, before: toPolicy(before) });
    });
  }

  async listRules(): Promise<RuleDto[]> {
    return (await this.repos.policies.listRules(this.db)).map(toRuleDto);
  }

  private async checkRule(ex: Executor, r: RuleInput): Promise<void> {
    const issues = [...nameIssues(r.name), ...routeMatchIssues(r.match)];
    if (!GROUP_BY.includes(r.groupBy)) issues.push({ field: '/groupBy', message: `must be one of ${GROUP_BY.join(', ')}` });
    const w = r.groupWindowSeconds;
    if (w !== undefined && (!Number.isInteger(w) || w < 0 || w > 86_400)) issues.push({ field: '/groupWindowSeconds', message: 'must be 0 to 86400 seconds' });
    if (r.policyId && !(await this.repos.policies.findPolicy(ex, r.policyId))) issues.push({ field: '/policyId', message: 'no such escalation policy' });
    if (issues.length) throw new ValidationError('The routing rule is not valid', issues);
  }

  async createRule(actor: Actor, input: RuleInput): Promise<RuleDto> {
    assertCanConfigure(actor);
    return this.db.transaction().execute(async (trx) => {
      await this.checkRule(trx, input);
      const now = this.clock.now();
      const id = randomUUID();
      const position = input.position ?? (await this.repos.policies.maxRulePosition(trx)) + 10;
      await this.repos.policies.insertRule(trx, {
        id, name: input.name.trim(), position, enabled: input.enabled ?? true, match: JSON.stringify(input.match), policy_id: input.policyId,
        group_by: input.groupBy, group_window_seconds: input.groupWindowSeconds ?? 600, created_at: now, updated_at: now,
      });
      await this.audit.record(trx, actor, { action: 'routing_rule.create', entityType: 'routing_rule', entityId: id, summary: input.name, after: input });
      return toRuleDto((await this.repos.policies.findRule(trx, id))!);
    });
  }

  async updateRule(actor: Actor, id: string, patch: Partial<RuleInput>): Promise<RuleDto> {
    assertCanConfigure(actor);
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repos.policies.findRule(trx, id);
      if (!before) throw new NotFoundError('Routing rule');
      const cur = toRuleDto(before);
      const next: RuleInput = { ...cur, ...patch };
      await this.checkRule(trx, next);
      await this.repos.policies.updateRule(trx, id, {
        name: next.name.trim(), position: next.position ?? cur.position, enabled: next.enabled ?? true, match: JSON.stringify(next.match), policy_id: next.policyId,
        group_by: next.groupBy, group_window_seconds: next.groupWindowSeconds ?? 600, updated_at: this.clock.now(),
      });
      await this.audit.record(trx, actor, { action: 'routing_rule.update', entityType: 'routing_rule', entityId: id, summary: next.name, before: cur, after: next });
      return toRuleDto((await this.repos.policies.findRule(trx, id))!);
    });
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    assertCanConfigure(actor);
    await this.db.transaction().execute(async (trx) => {
      const before = await this.repos.policies.findRule(trx, id);
      if (!before) throw new NotFoundError('Routing rule');
      await this.repos.policies.deleteRule(trx, id);
      await this.audit.record(trx, actor, { action: 'routing_rule.delete', entityType: 'routing_rule', entityId: id, summary: before.name, before: toRuleDto(before) });
    });
  }
}
