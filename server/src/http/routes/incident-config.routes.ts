import Type from 'typebox';
import { IdParams, Name, Nullable, Uuid } from '../../contracts/common.schema.ts';
import type { Playbook } from '../../incidents/playbook.ts';
import type { DeadlineRule } from '../../incidents/deadlines.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Playbooks per incident type and jurisdictions' deadline rules: editable data. */
const TypeParams = Type.Object({ type: Type.String({ maxLength: 20 }) }, { additionalProperties: false });
const PlaybookBody = Type.Object(
  {
    name: Name(200),
    phases: Type.Array(Type.Object({ phase: Type.String({ maxLength: 20 }), tasks: Type.Array(Type.Object({ title: Type.String({ maxLength: 300 }), dueHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 2160 })) }, { additionalProperties: false }), { maxItems: 50 }) }, { additionalProperties: false }), { maxItems: 6 }),
  },
  { additionalProperties: false },
);
const Rule = Type.Object(
  { key: Type.String({ maxLength: 40 }), label: Type.String({ maxLength: 200 }), from: Type.String({ maxLength: 20 }), days: Type.Optional(Type.Integer()), hours: Type.Optional(Type.Integer()), remindBeforeHours: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);
const JurisdictionBody = Type.Object({ name: Name(200), agencyId: Nullable(Uuid), rules: Type.Array(Rule, { maxItems: 20 }) }, { additionalProperties: false });

export const incidentConfigRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['incidents'];
  const c = ctx.incidents.config;
  app.get('/playbooks', { schema: { tags } }, async (req) => ({ items: await c.playbooks(requireActor(req)) }));
  app.put('/playbooks/:type', { schema: { tags, params: TypeParams, body: PlaybookBody } }, async (req) => c.savePlaybook(requireActor(req), req.params.type, req.body as Playbook));
  app.delete('/playbooks/:type', { schema: { tags, params: TypeParams, summary: 'Back to the built-in playbook' } }, async (req) => c.resetPlaybook(requireActor(req), req.params.type));
  app.get('/jurisdictions', { schema: { tags } }, async (req) => ({ items: await c.jurisdictions(requireActor(req)) }));
  app.post('/jurisdictions', { schema: { tags, body: JurisdictionBody } }, async (req, reply) => reply.status(201).send(await c.saveJurisdiction(requireActor(req), { ...req.body, rules: req.body.rules as DeadlineRule[] })));
  app.put('/jurisdictions/:id', { schema: { tags, params: IdParams, body: JurisdictionBody } }, async (req) => c.saveJurisdiction(requireActor(req), { id: req.params.id, ...req.body, rules: req.body.rules as DeadlineRule[] }));
  app.delete('/jurisdictions/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await c.deleteJurisdiction(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
