import Type from 'typebox';
import { Deadline, formatMs } from '../net/deadline.ts';
import { guardedConnect } from '../net/guarded-connect.ts';
import { describeError } from '../net/net-errors.ts';
import type { Probe, ProbeContext, ProbeResult } from '../probe.ts';
import { formatHostPort, parseHostPort } from './host-port.ts';
import { ms, ResolverSetting, withDefaults } from './probe-settings.ts';

/**
 * Is host:port accepting TCP connections? With `expect: 'closed'` the alarm is inverted: a
 * remote-desktop or database port that becomes reachable on a public address is an incident.
 * Nothing is sent after the handshake; the socket is closed at once.
 */

export interface TcpSettings {
  expect: 'open' | 'closed';
  /** An open port that took longer than this to accept → degraded (expect: open only). */
  degradedAfterMs: number;
  resolver?: string;
}

export const tcpSettingsSchema = Type.Object(
  {
    expect: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    degradedAfterMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
    resolver: Type.Optional(ResolverSetting),
  },
  { additionalProperties: false },
);

export const TCP_DEFAULTS: TcpSettings = { expect: 'open', degradedAfterMs: 3000 };

async function check(target: string, s: TcpSettings, ctx: ProbeContext, deadline: Deadline): Promise<ProbeResult> {
  const hp = parseHostPort(target, null);
  if (typeof hp === 'string') return { status: 'down', reason: `invalid target: ${hp}`, latencyMs: null, details: {} };
  const where = formatHostPort(hp);
  const details: Record<string, unknown> = { target: where, expect: s.expect };
  try {
    const c = await guardedConnect({ host: hp.host, port: hp.port, policy: ctx.addressPolicy, signal: deadline.signal, timeoutMs: deadline.remainingMs(), resolver: s.resolver });
    c.socket.destroy();
    const latencyMs = ms(deadline.elapsedMs());
    Object.assign(details, { address: c.address, open: true, timings: { dnsMs: ms(c.timings.dnsMs), connectMs: ms(c.timings.connectMs) } });
    if (s.expect === 'closed') return { status: 'down', reason: `port ${hp.port} is open (expected closed)`, latencyMs, details };
    if (latencyMs !== null && latencyMs > s.degradedAfterMs) return { status: 'degraded', reason: `port ${hp.port} is open but slow to accept (${formatMs(latencyMs)})`, latencyMs, details };
    return { status: 'up', reason: `port ${hp.port} is open`, latencyMs, details };
  } catch (e) {
    const d = describeError(e, deadline.reason);
    details.error = { kind: d.kind, code: d.code ?? null };
    // Only a refusal or silence says something about the port; a DNS failure, a policy
    // refusal or a cancelled check says nothing, and must not read as "closed, all good".
    const closed = d.kind === 'refused' || d.kind === 'timeout' || d.kind === 'unreachable';
    details.open = closed ? false : null;
    const how = d.kind === 'refused' ? 'connection refused' : d.kind === 'timeout' ? `no answer within ${formatMs(deadline.timeoutMs)}, filtered` : d.reason;
    if (closed && s.expect === 'closed') return { status: 'up', reason: `port ${hp.port} is closed (${how})`, latencyMs: null, details };
    if (closed) return { status: 'down', reason: `port ${hp.port} is closed (${how})`, latencyMs: null, details };
    return { status: 'down', reason: d.reason, latencyMs: null, details };
  }
}

// Partial: stored settings hold only what the monitor set; run() fills in the defaults.
export const tcpProbe: Probe<Partial<TcpSettings>> = {
  kind: 'tcp',
  settingsSchema: tcpSettingsSchema,
  defaults: TCP_DEFAULTS,
  targetHelp: 'host:port, e.g. mail.example.gov.vn:25 or [2001:db8::1]:3389',
  validateTarget(target) {
    const hp = parseHostPort(target, null);
    return typeof hp === 'string' ? hp : null;
  },
  hostOf(target) {
    const hp = parseHostPort(target, null);
    return typeof hp === 'string' ? target : hp.host;
  },
  async run(target, settings, ctx) {
    const deadline = new Deadline(ctx.timeoutMs, ctx.signal);
    try {
      return await check(target, withDefaults(TCP_DEFAULTS, settings), ctx, deadline);
    } catch (e) {
      return { status: 'down', reason: `internal error in the TCP probe: ${(e as Error).message}`, latencyMs: null, details: {} };
    } finally {
      deadline.dispose();
    }
  },
};
