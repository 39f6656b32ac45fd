import Type from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import { AgencyVerification, RollCallBoard, RollCallCreate, RollCallSummary } from '../../contracts/roll-call.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

/** Contact-point roll calls: start one, watch the board, close it; each agency's last verification. */
export const rollCallRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['roll-calls'];
  const svc = ctx.alerting.rollCalls;

  app.get('/roll-calls', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(RollCallSummary) }) } } }, async (req) => ({ items: await svc.list(requireActor(req)) }));
  app.post('/roll-calls', { schema: { tags, summary: "Send a test message to every registered contact point of the chosen agencies' subtrees", body: RollCallCreate, response: { 201: RollCallBoard } } }, async (req, reply) =>
    reply.status(201).send(await svc.start(requireActor(req), { ...req.body, message: req.body.message ?? null })));
  app.get('/roll-calls/verification', { schema: { tags, summary: 'Per agency: contact points and when they last answered', response: { 200: Type.Object({ items: Type.Array(AgencyVerification) }) } } }, async (req) => ({
    items: (await svc.agencyStatus(requireActor(req))).map((a) => ({
      id: a.id, name: a.name, contacts: Number(a.contacts), verifiedContacts: Number(a.verified_contacts), lastVerifiedAt: a.last_verified_at ? new Date(a.last_verified_at as unknown as string).toISOString() : null,
    })),
  }));
  app.get('/roll-calls/:id', { schema: { tags, params: IdParams, response: { 200: RollCallBoard } } }, async (req) => svc.board(requireActor(req), req.params.id));
  app.post('/roll-calls/:id/close', { schema: { tags, params: IdParams, response: { 200: RollCallBoard } } }, async (req) => svc.close(requireActor(req), req.params.id));
};
