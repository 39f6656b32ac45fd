import Type, { type Static } from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import { Policy, PolicyCreate, PolicyUpdate, Rule, RuleCreate, RuleUpdate } from '../../contracts/escalation.schema.ts';
import type { PolicyInput, RuleInput } from '../../services/escalation-policy.service.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Who is told about what: escalation policies and the routing rules that choose them. */
export const escalationRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['escalation'];
  const svc = ctx.alerting.escalationPolicies;

  app.get('/escalation-policies', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Policy) }) } } }, async (req) => {
    requireActor(req);
    return { items: await svc.listPolicies() };
  });
  app.post('/escalation-policies', { schema: { tags, body: PolicyCreate, response: { 201: Policy } } }, async (req, reply) =>
    reply.status(201).send(await svc.createPolicy(requireActor(req), req.body as PolicyInput)));
  app.get('/escalation-policies/:id', { schema: { tags, params: IdParams, response: { 200: Policy } } }, async (req) => {
    requireActor(req);
    return svc.getPolicy(req.params.id);
  });
  app.patch('/escalation-policies/:id', { schema: { tags, params: IdParams, body: PolicyUpdate, response: { 200: Policy } } }, async (req) =>
    svc.updatePolicy(requireActor(req), req.params.id, req.body as Partial<PolicyInput>));
  app.delete('/escalation-policies/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await svc.deletePolicy(requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get('/routing-rules', { schema: { tags, summary: 'In order: the first enabled rule that matches wins', response: { 200: Type.Object({ items: Type.Array(Rule) }) } } }, async (req) => {
    requireActor(req);
    return { items: (await svc.listRules()) as unknown as Static<typeof Rule>[] };
  });
  app.post('/routing-rules', { schema: { tags, body: RuleCreate, response: { 201: Rule } } }, async (req, reply) =>
    reply.status(201).send((await svc.createRule(requireActor(req), req.body as RuleInput)) as unknown as Static<typeof Rule>));
  app.patch('/routing-rules/:id', { schema: { tags, params: IdParams, body: RuleUpdate, response: { 200: Rule } } }, async (req) =>
    (await svc.updateRule(requireActor(req), req.params.id, req.body as Partial<RuleInput>)) as unknown as Static<typeof Rule>);
  app.delete('/routing-rules/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await svc.deleteRule(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
