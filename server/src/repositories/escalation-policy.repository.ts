import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { EscalationPolicyTable, RoutingRuleTable } from '../db/schema.ts';

export type EscalationPolicyRow = Omit<Selectable<EscalationPolicyTable>, 'steps'> & { steps: unknown[] };
export type RoutingRuleRow = Omit<Selectable<RoutingRuleTable>, 'match'> & { match: Record<string, unknown> };

/** Escalation policies and the routing rules that point at them. */
export class EscalationPolicyRepository {
  listPolicies(ex: Executor): Promise<EscalationPolicyRow[]> {
    return ex.selectFrom('escalation_policies').selectAll().orderBy('name').execute() as Promise<EscalationPolicyRow[]>;
  }

  findPolicy(ex: Executor, id: string): Promise<EscalationPolicyRow | undefined> {
    return ex.selectFrom('escalation_policies').selectAll().where('id', '=', id).executeTakeFirst() as Promise<EscalationPolicyRow | undefined>;
  }

  findPolicyByName(ex: Executor, name: string) {
    return ex.selectFrom('escalation_policies').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  }

  async insertPolicy(ex: Executor, row: Insertable<EscalationPolicyTable>): Promise<void> {
    await ex.insertInto('escalation_policies').values(row).execute();
  }

  async updatePolicy(ex: Executor, id: string, patch: Updateable<EscalationPolicyTable>): Promise<void> {
    await ex.updateTable('escalation_policies').set(patch).where('id', '=', id).execute();
  }

  async deletePolicy(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('escalation_policies').where('id', '=', id).execute();
  }

  async policyInUse(ex: Executor, id: string): Promise<number> {
    const { n } = await ex.selectFrom('routing_rules').select((eb) => eb.fn.countAll<number>().as('n')).where('policy_id', '=', id).executeTakeFirstOrThrow();
    return Number(n);
  }

  listRules(ex: Executor): Promise<RoutingRuleRow[]> {
    return ex.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('created_at').execute() as Promise<RoutingRuleRow[]>;
  }

  findRule(ex: Executor, id: string): Promise<RoutingRuleRow | undefined> {
    return ex.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst() as Promise<RoutingRuleRow | undefined>;
  }

  async insertRule(ex: Executor, row: Insertable<RoutingRuleTable>): Promise<void> {
    await ex.insertInto('routing_rules').values(row).execute();
  }

  async updateRule(ex: Executor, id: string, patch: Updateable<RoutingRuleTable>): Promise<void> {
    await ex.updateTable('routing_rules').set(patch).where('id', '=', id).execute();
  }

  async deleteRule(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('routing_rules').where('id', '=', id).execute();
  }

  async maxRulePosition(ex: Executor): Promise<number> {
    const r = await ex.selectFrom('routing_rules').select((eb) => eb.fn.max('position').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }
}
