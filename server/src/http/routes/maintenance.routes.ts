import Type from 'typebox';
import { IdParams } from '../../contracts/common.schema.ts';
import { MaintenanceWindow, MaintenanceWindowCreate } from '../../contracts/monitor.schema.ts';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../../domain/actor.ts';
import { windowActiveAt } from '../../monitoring/maintenance-schedule.ts';
import type { MaintenanceWindowDto } from '../../monitoring/maintenance-dto.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';

// The API speaks JavaScript weekdays (0 = Sunday), the engine ISO weekdays (7 = Sunday).
const toIso = (d: number) => (d === 0 ? 7 : d);
const fromIso = (d: number) => (d === 7 ? 0 : d);

async function scopeName(ctx: AppContext, actor: Actor, w: MaintenanceWindowDto): Promise<string> {
  try {
    if (w.scope === 'monitor' && w.monitorId) return (await ctx.monitors.get(actor, w.monitorId)).name;
    if (w.scope === 'system' && w.systemId) return (await ctx.systems.get(actor, w.systemId)).name;
    return (await ctx.agencies.get(actor, w.agencyId)).name;
  } catch {
    return '';
  }
}

async function toApi(ctx: AppContext, actor: Actor, w: MaintenanceWindowDto) {
  return {
    id: w.id,
    scope: w.scope,
    scopeId: (w.scope === 'monitor' ? w.monitorId : w.scope === 'system' ? w.systemId : w.agencyId)!,
    scopeName: await scopeName(ctx, actor, w),
    reason: w.title,
    startsAt: w.startsAt,
    endsAt: w.endsAt,
    weekdays: w.weekdays ? w.weekdays.map(fromIso) : null,
    startTime: w.startTime,
    durationMinutes: w.durationMinutes,
    activeNow: windowActiveAt(
      { ...w, agencyPath: null, startsAt: w.startsAt ? new Date(w.startsAt) : null, endsAt: w.endsAt ? new Date(w.endsAt) : null },
      ctx.clock.now(),
    ),
    createdAt: w.createdAt,
  };
}

export const maintenanceRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['monitoring'];

  app.get('/maintenance-windows', { schema: { tags, summary: 'Maintenance windows (alerts are not raised inside them)', response: { 200: Type.Object({ items: Type.Array(MaintenanceWindow) }) } } }, async (req) => {
    const actor = requireActor(req);
    const r = await ctx.maintenance.list(actor, { limit: 500, offset: 0 });
    return { items: await Promise.all(r.items.map((w) => toApi(ctx, actor, w))) };
  });

  app.post('/maintenance-windows', { schema: { tags, body: MaintenanceWindowCreate, response: { 201: MaintenanceWindow } } }, async (req, reply) => {
    const actor = requireActor(req);
    const b = req.body;
    const w = await ctx.maintenance.create(actor, {
      scope: b.scope,
      monitorId: b.scope === 'monitor' ? b.scopeId : null,
      systemId: b.scope === 'system' ? b.scopeId : null,
      agencyId: b.scope === 'agency' ? b.scopeId : null,
      title: b.reason,
      kind: b.weekdays ? 'weekly' : 'once',
      startsAt: b.startsAt ?? null,
      endsAt: b.endsAt ?? null,
      weekdays: b.weekdays ? b.weekdays.map(toIso) : null,
      startTime: b.startTime ?? null,
      durationMinutes: b.durationMinutes ?? null,
    });
    reply.status(201);
    return toApi(ctx, actor, w);
  });

  app.delete('/maintenance-windows/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.maintenance.delete(requireActor(req), req.params.id);
    return reply.status(204).send();
  });
};
