import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { inScope, readScope } from '../../domain/access-policy.ts';
import type { Actor } from '../../domain/actor.ts';

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for the monitors pages: one `monitor` event per check this process's
 * engine finished, filtered to what the actor may see. The engine's bus is in-process, so
 * with separate `vigil worker` processes the UI falls back to its periodic refresh.
 */
export async function monitorStream(ctx: AppContext, actor: Actor, req: FastifyRequest, reply: FastifyReply, open: Set<ServerResponse>): Promise<void> {
  const scope = readScope(actor);
  // Agency id → path, for the scope check; agencies rarely move, a stream lives minutes.
  const paths = new Map<string, string | null>();
  const visible = async (agencyId: string) => {
    if (scope.all) return true;
    if (!paths.has(agencyId)) paths.set(agencyId, (await ctx.repos.agencies.findById(ctx.database.db, agencyId))?.path ?? null);
    const p = paths.get(agencyId);
    return p !== null && p !== undefined && inScope(scope, p);
  };

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
    'X-Content-Type-Options': 'nosniff',
  });
  open.add(res);
  res.write('retry: 5000\n\n');
  const send = (data: unknown) => {
    if (!res.writableEnded) res.write(`event: monitor\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const offCheck = ctx.monitorBus.on('check', (e) => {
    void visible(e.agencyId).then((ok) => {
      if (ok) send({ id: e.monitorId, state: e.state, stateReason: e.reason, lastCheckedAt: e.checkedAt.toISOString(), lastLatencyMs: e.latencyMs, tlsDaysLeft: null, transition: false });
    });
  });
  const offState = ctx.monitorBus.on('state', (e) => {
    void visible(e.agencyId).then((ok) => {
      if (ok) send({ id: e.monitorId, state: e.to, stateReason: e.reason, lastCheckedAt: e.at.toISOString(), lastLatencyMs: null, tlsDaysLeft: null, transition: true });
    });
  });
  const heartbeat = setInterval(() => !res.writableEnded && res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  await new Promise<void>((resolve) => {
    const done = () => {
      clearInterval(heartbeat);
      open.delete(res);
      offCheck();
      offState();
      resolve();
    };
    req.raw.once('close', done);
    res.once('close', done);
  });
}
