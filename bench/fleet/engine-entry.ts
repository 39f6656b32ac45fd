/**
 * The engine process of `npm run bench:monitor`: exactly the `vigil` CLI (server/src/cli/main.ts,
 * what bin/vigil.mjs runs), plus a read-only tap on the engine's MonitorBus that forwards every
 * `check` event (emitted after the result is committed, carrying its due time and lag) to the
 * benchmark over the IPC channel, batched twice a second. The engine code is not changed; the
 * tap costs one array push per check.
 *
 *   node --import tsx bench/fleet/engine-entry.ts serve --port 0 --host 127.0.0.1    (started by the benchmark)
 *   node --import tsx bench/fleet/engine-entry.ts worker --metrics-port P
 *
 * Each forwarded row: [monitorId, dueAt ms, lag ms, status, kind, written-at ms].
 * When the benchmark goes away (IPC disconnect) the engine is asked to stop (SIGTERM, graceful).
 */
import { MonitorBus } from '../../server/src/monitoring/monitor-bus.ts';
import type { CheckEvent } from '../../server/src/monitoring/monitor-bus.ts';

export type TapRow = [monitorId: string, dueAt: number, lagMs: number, status: string, kind: string, writtenAt: number];

if (process.send) {
  const send = process.send.bind(process);
  let rows: TapRow[] = [];
  const emit = MonitorBus.prototype.emit;
  // Wrapped on the prototype: the CLI builds its own bus instance later, in createContext().
  MonitorBus.prototype.emit = function (this: MonitorBus, event: string, ...args: unknown[]) {
    if (event === 'check') {
      const e = args[0] as CheckEvent;
      rows.push([e.monitorId, e.dueAt.getTime(), e.lagMs, e.status, e.kind, Date.now()]);
    }
    return (emit as (this: MonitorBus, event: string, ...a: unknown[]) => void).call(this, event, ...args);
  } as typeof MonitorBus.prototype.emit;
  const flush = () => {
    if (rows.length === 0 || !process.connected) return;
    send({ type: 'checks', rows });
    rows = [];
  };
  setInterval(flush, 500).unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

await import('../../server/src/cli/main.ts');
