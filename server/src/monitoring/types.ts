import type { MonitorState } from '../db/schema.ts';
import type { AddressPolicy, MonitorKind, Probe, ProbeStatus } from './probe.ts';

/** The probes the engine may use, by kind. Injected, so tests can run the engine on fake probes. */
export type ProbeMap = Partial<Record<MonitorKind, Probe<any>>>;

export const MONITOR_KINDS: readonly MonitorKind[] = ['http', 'tls', 'dns', 'tcp', 'content'];

export function isMonitorKind(k: string): k is MonitorKind {
  return (MONITOR_KINDS as readonly string[]).includes(k);
}

/**
 * Builds the address policy for one check. `internal` comes from the monitored system (only an
 * administrator can set it); `allowLoopback` is the test/benchmark allowance.
 */
export type AddressPolicyFactory = (opts: { internal: boolean; allowLoopback: boolean }) => AddressPolicy;

export type { MonitorState, ProbeStatus };

/** How a check's status is stored in monitor_samples.status (smallint). */
export const STATUS_CODE: Record<ProbeStatus, number> = { up: 0, degraded: 1, down: 2 };

/** Minimal structured logger: pino's (app.log) fits, and so does jsonLogger() for `vigil worker`. */
export interface Logger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 } as const;

/** One JSON object per line on stdout, in pino's shape, for processes without Fastify. */
export function jsonLogger(level: keyof typeof LEVELS = 'info', out: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const min = LEVELS[level];
  const write = (lvl: keyof typeof LEVELS) => (obj: object, msg: string) => {
    if (LEVELS[lvl] < min) return;
    const o = obj instanceof Error ? { err: { message: obj.message, stack: obj.stack } } : obj;
    out(JSON.stringify({ level: LEVELS[lvl], time: Date.now(), pid: process.pid, ...o, msg }) + '\n');
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Errors as loggable objects (an Error's own fields are not enumerable). */
export function errorFields(e: unknown): { err: { message: string; code?: string } } {
  const err = e as { message?: string; code?: string };
  return { err: { message: err?.message ?? String(e), ...(err?.code && { code: err.code }) } };
}
