import { EventEmitter } from 'node:events';
import type { MonitorState, ProbeStatus } from './types.ts';

/**
 * In-process notifications from the engine, emitted after the results are committed: one per
 * check and one per state change. The HTTP layer can turn them into server-sent events. They
 * only carry what this process's worker did; with separate `vigil worker` processes, read
 * monitor_events (or poll monitors.last_checked_at) instead.
 */
export interface CheckEvent {
  monitorId: string;
  systemId: string;
  agencyId: string;
  kind: string;
  status: ProbeStatus;
  reason: string;
  latencyMs: number | null;
  state: MonitorState;
  checkedAt: Date;
  dueAt: Date;
  /** How late the check started, ms. */
  lagMs: number;
}

export interface StateChangeEvent {
  monitorId: string;
  systemId: string;
  agencyId: string;
  name: string;
  from: MonitorState;
  to: MonitorState;
  reason: string | null;
  at: Date;
  flapping: boolean;
  suppressed: boolean;
}

interface Events {
  check: [CheckEvent];
  state: [StateChangeEvent];
  /** A maintenance window was created, changed or deleted in this process (the engine reloads them). */
  maintenance: [{ id: string }];
}

export class MonitorBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open server-sent-events stream.
    this.emitter.setMaxListeners(0);
  }

  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    this.emitter.on(event, fn as (...a: unknown[]) => void);
    return () => this.emitter.off(event, fn as (...a: unknown[]) => void);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    // A listener's error must not break the engine.
    for (const l of this.emitter.listeners(event)) {
      try {
        (l as (...a: unknown[]) => void)(...args);
      } catch {
        /* ignored on purpose */
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.emitter.listenerCount(event);
  }
}
