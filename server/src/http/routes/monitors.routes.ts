import type { ServerResponse } from 'node:http';
import Type from 'typebox';
import { IdParams, Page, pageArgs } from '../../contracts/common.schema.ts';
import {
  FromRegistryRequest, FromRegistryResult, Monitor, MonitorCreate, MonitorDetail, MonitorEvent, MonitorListQuery, MonitorUpdate, Series, SeriesQuery,
} from '../../contracts/monitor.schema.ts';
import { requireActor } from '../plugins/auth.plugin.ts';
import type { RoutesPlugin } from './route-types.ts';
import { monitorStream } from './monitor-stream.ts';

const SORTS = { name: 'name', state: 'state', lastCheckedAt: 'last_checked_at', latency: 'last_latency_ms', tlsDaysLeft: 'tls_days_left' } as const;
const RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;

const Summary = Type.Object({ up: Type.Integer(), degraded: Type.Integer(), down: Type.Integer(), unknown: Type.Integer(), paused: Type.Integer() });

export const monitorRoutes: RoutesPlugin = async (app, { ctx }) => {
  const tags = ['monitoring'];
  // Open event streams end when the server shuts down, or close() would wait for them forever.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
  });

  app.get('/monitors', { schema: { tags, summary: 'Monitors visible to you, with uptime and a latency sparkline', querystring: MonitorListQuery, response: { 200: Page(Monitor) } } }, async (req) => {
    const p = pageArgs(req.query);
    const q = req.query;
    const r = await ctx.monitorViews.list(requireActor(req), {
      q: q.q, agencyId: q.agencyId, systemId: q.systemId, state: q.state, kind: q.kind, paused: q.paused,
      sort: SORTS[q.sort ?? 'name'], order: q.order ?? 'asc', limit: p.limit, offset: p.offset,
    });
    return { ...r, page: p.page, pageSize: p.pageSize };
  });

  app.get('/monitors/summary', { schema: { tags, summary: 'How many visible monitors are in each state', response: { 200: Summary } } }, async (req) => {
    const actor = requireActor(req);
    const counts = await ctx.monitors.countByState(actor);
    const paused = (await ctx.monitors.list(actor, { paused: true, limit: 1, offset: 0 })).total;
    return { up: counts.up ?? 0, degraded: counts.degraded ?? 0, down: counts.down ?? 0, unknown: counts.unknown ?? 0, paused };
  });

  app.post('/monitors', { schema: { tags, body: MonitorCreate, response: { 201: MonitorDetail } } }, async (req, reply) => {
    const actor = requireActor(req);
    const m = await ctx.monitors.create(actor, req.body);
    reply.status(201);
    return ctx.monitorViews.get(actor, m.id);
  });

  app.post('/monitors/from-registry', {
    schema: { tags, summary: 'Create monitors for every URL and domain in the registry (idempotent)', body: FromRegistryRequest, response: { 200: FromRegistryResult } },
  }, async (req) => {
    const r = await ctx.monitors.createFromRegistry(requireActor(req), { agencyId: req.body.agencyId });
    return { created: r.created, existing: r.skipped, systems: r.systems };
  });

  app.get('/monitors/stream', { schema: { tags, summary: 'Server-sent events: every check and state change of monitors visible to you' } }, async (req, reply) =>
    monitorStream(ctx, requireActor(req), req, reply, streams),
  );

  app.get('/monitors/:id', { schema: { tags, params: IdParams, response: { 200: MonitorDetail } } }, async (req) => ctx.monitorViews.get(requireActor(req), req.params.id));

  app.patch('/monitors/:id', { schema: { tags, params: IdParams, body: MonitorUpdate, response: { 200: MonitorDetail } } }, async (req) => {
    const actor = requireActor(req);
    await ctx.monitors.update(actor, req.params.id, req.body);
    return ctx.monitorViews.get(actor, req.params.id);
  });

  app.delete('/monitors/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    await ctx.monitors.delete(requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  for (const action of ['pause', 'resume', 'accept-baseline', 'check-now'] as const) {
    app.post(`/monitors/:id/${action}`, { schema: { tags, params: IdParams, response: { 200: MonitorDetail } } }, async (req) => {
      const actor = requireActor(req);
      if (action === 'pause') await ctx.monitors.pause(actor, req.params.id);
      else if (action === 'resume') await ctx.monitors.resume(actor, req.params.id);
      else if (action === 'check-now') await ctx.monitors.checkNow(actor, req.params.id);
      else await ctx.monitors.acceptBaseline(actor, req.params.id);
      return ctx.monitorViews.get(actor, req.params.id);
    });
  }

  app.get('/monitors/:id/series', { schema: { tags, summary: 'Latency and availability over a range, from raw samples and rollups', params: IdParams, querystring: SeriesQuery, response: { 200: Series } } }, async (req) => {
    const range = req.query.range ?? '24h';
    const to = ctx.clock.now();
    const r = await ctx.monitors.history(requireActor(req), req.params.id, { from: new Date(to.getTime() - RANGES[range]), to });
    return {
      range,
      resolution: r.resolution,
      points: r.points.map((p) => ({ t: p.t.toISOString(), checks: p.n, failures: p.down, latencyAvgMs: p.latencyMs === null ? null : Math.round(p.latencyMs), latencyMaxMs: null })),
    };
  });

  app.get('/monitors/:id/events', {
    schema: { tags, summary: 'State changes, newest first', params: IdParams, querystring: Type.Object({ before: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(MonitorEvent) }) } },
  }, async (req) => {
    const events = await ctx.monitors.events(requireActor(req), req.params.id, { limit: req.query.limit, before: req.query.before ? new Date(req.query.before) : undefined });
    return { items: events.map((e) => ({ id: e.id, at: e.at, fromState: e.from, toState: e.to, reason: e.reason, details: e.details ?? null })) };
  });
};

