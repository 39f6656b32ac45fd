import Type from 'typebox';
import { DateTime, Nullable, Page, PageQuery, pageArgs, Text, Uuid } from '../../contracts/common.schema.ts';
import { assertCanReadAudit, readScope } from '../../domain/access-policy.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

const AuditEntry = Type.Object({
  seq: Type.Integer(), at: DateTime, actorId: Nullable(Uuid), actorLabel: Type.String(), action: Type.String(),
  entityType: Type.String(), entityId: Nullable(Type.String()), agencyId: Nullable(Uuid), summary: Nullable(Type.String()),
  before: Type.Unknown(), after: Type.Unknown(), ip: Nullable(Type.String()), prevHash: Type.String(), hash: Type.String(),
});

const AuditQuery = Type.Object(
  {
    ...PageQuery,
    entityType: Type.Optional(Text(50)),
    entityId: Type.Optional(Text(100)),
    actorId: Type.Optional(Uuid),
    action: Type.Optional(Text(100)),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);

const VerifyResult = Type.Object({
  ok: Type.Boolean(), entries: Type.Integer(), headHash: Type.String(),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
});

export const auditRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['audit'];

  app.get('/audit', { schema: { tags, summary: 'Who changed what: newest first, scoped to your agencies', querystring: AuditQuery, response: { 200: Page(AuditEntry) } } }, async (req) => {
    const actor = requireActor(req);
    assertCanReadAudit(actor);
    const p = pageArgs(req.query);
    const q = req.query;
    const r = await ctx.audit.list(ctx.database.db, {
      scope: readScope(actor), entityType: q.entityType, entityId: q.entityId, actorId: q.actorId, action: q.action,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, q: q.q, limit: p.limit, offset: p.offset,
    });
    return {
      items: r.items.map((e) => ({
        seq: e.seq, at: e.at.toISOString(), actorId: e.actor_id, actorLabel: e.actor_label, action: e.action, entityType: e.entity_type,
        entityId: e.entity_id, agencyId: e.agency_id, summary: e.summary, before: e.before, after: e.after, ip: e.ip, prevHash: e.prev_hash, hash: e.hash,
      })),
      total: r.total, page: p.page, pageSize: p.pageSize,
    };
  });

  app.get('/audit/verify', { schema: { tags, summary: 'Walk the hash chain and report modified or missing entries (administrators)', response: { 200: VerifyResult } } }, async (req) => {
    const actor = requireActor(req);
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators can verify the audit chain');
    return ctx.audit.verify(ctx.database.db);
  });
};
