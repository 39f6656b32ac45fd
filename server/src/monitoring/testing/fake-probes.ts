import { connect } from 'node:net';
import Type from 'typebox';
import type { Probe, ProbeResult } from '../probe.ts';
import type { ProbeMap } from '../types.ts';

/**
 * TEST-ONLY probes, selected with VIGIL_TEST_PROBES=fake (e.g. for worker processes spawned by
 * the lease-takeover test). They ignore the address policy, so they must never be used against
 * anything but loopback test servers. The http one sends `x-vigil-worker: <pid>` so a test
 * server can tell which process checked it.
 */
const settingsSchema = Type.Object({}, { additionalProperties: true });

function hostPort(target: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: target, port: 0 };
}

const http: Probe = {
  kind: 'http',
  settingsSchema,
  defaults: {},
  targetHelp: 'an http(s) URL',
  validateTarget: (t) => (/^https?:\/\//.test(t) ? null : 'must be an http(s) URL'),
  hostOf: (t) => new URL(t).hostname,
  async run(target, _settings, ctx): Promise<ProbeResult> {
    const started = performance.now();
    try {
      const res = await fetch(target, { signal: ctx.signal, headers: { 'x-vigil-worker': String(process.pid) }, redirect: 'manual' });
      await res.arrayBuffer();
      const latencyMs = Math.round(performance.now() - started);
      return { status: res.status < 400 ? 'up' : 'down', reason: `HTTP ${res.status}`, latencyMs, details: { status: res.status } };
    } catch (e) {
      return { status: 'down', reason: (e as Error).message, latencyMs: null, details: {} };
    }
  },
};

const tcp: Probe = {
  kind: 'tcp',
  settingsSchema,
  defaults: {},
  targetHelp: 'host:port',
  validateTarget: (t) => (hostPort(t).port > 0 ? null : 'must be host:port'),
  hostOf: (t) => hostPort(t).host,
  run(target, _settings, ctx) {
    const { host, port } = hostPort(target);
    const started = performance.now();
    return new Promise<ProbeResult>((resolve) => {
      const s = connect({ host, port, signal: ctx.signal });
      s.once('connect', () => {
        s.destroy();
        resolve({ status: 'up', reason: 'port open', latencyMs: Math.round(performance.now() - started), details: {} });
      });
      s.once('error', (e) => resolve({ status: 'down', reason: e.message, latencyMs: null, details: {} }));
    });
  },
};

function constant(kind: 'tls' | 'dns'): Probe {
  return {
    kind,
    settingsSchema,
    defaults: {},
    targetHelp: 'a host name',
    validateTarget: (t) => (t.length > 0 ? null : 'must not be empty'),
    hostOf: (t) => hostPort(t).host,
    async run(target) {
      return { status: 'up', reason: 'ok (fake)', latencyMs: 1, details: {}, observed: { target } };
    },
  };
}

export function fakeProbes(): ProbeMap {
  return { http, tcp, tls: constant('tls'), dns: constant('dns') };
}
