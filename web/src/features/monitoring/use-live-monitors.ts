import { useCallback, useEffect, useRef, useState } from 'react';
import type { Monitor, MonitorStreamEvent } from '../../api/monitor-types.ts';
import { isLater } from './monitor-labels.ts';
import { useMonitorStream, type StreamStatus } from './use-monitor-stream.ts';

interface LiveEntry {
  event: MonitorStreamEvent;
  /** Checks seen on the stream, for the sparkline: latency, null for a failed one. */
  samples: { at: string; ms: number | null }[];
  stateSince: string | null;
}

const MAX_SAMPLES = 60;

export interface LiveMonitors {
  status: StreamStatus;
  /** When the stream last delivered anything (any monitor), ms since the epoch; 0 before that. */
  lastEventAt: { readonly current: number };
  /** The monitor as the server last sent it, with newer streamed checks laid over it. */
  apply<M extends Monitor>(m: M): M;
}

/**
 * Live state for the monitors on screen. Rows keep what the list request returned; stream
 * events newer than a row's last check override its state, latency and TLS days and extend
 * its sparkline. A reload brings fresher rows, and older overlays then simply stop applying.
 */
export function useLiveMonitors(visibleIds: readonly string[], onTransitions?: (events: MonitorStreamEvent[]) => void): LiveMonitors {
  const [entries, setEntries] = useState<ReadonlyMap<string, LiveEntry>>(new Map());
  const visible = useRef(new Set<string>());
  visible.current = new Set(visibleIds);
  const onTransitionsRef = useRef(onTransitions);
  onTransitionsRef.current = onTransitions;
  const lastEventAt = useRef(0);

  const status = useMonitorStream((batch) => {
    lastEventAt.current = Date.now();
    const mine = batch.filter((e) => visible.current.has(e.id));
    if (mine.length) {
      setEntries((prev) => {
        const next = new Map<string, LiveEntry>();
        // Forget monitors that left the screen.
        for (const [id, entry] of prev) if (visible.current.has(id)) next.set(id, entry);
        for (const ev of mine) {
          const old = next.get(ev.id);
          // A check and the state change it caused arrive as two events with the same time;
          // the second completes the first rather than replacing it.
          const same = old && ev.lastCheckedAt === old.event.lastCheckedAt;
          if (old && !same && !isLater(ev.lastCheckedAt, old.event.lastCheckedAt)) continue;
          const event: MonitorStreamEvent = same
            ? { ...old.event, ...ev, lastLatencyMs: ev.lastLatencyMs ?? old.event.lastLatencyMs, tlsDaysLeft: ev.tlsDaysLeft ?? old.event.tlsDaysLeft, transition: ev.transition || old.event.transition }
            : ev;
          const samples = (old?.samples ?? []).filter((s) => s.at !== ev.lastCheckedAt);
          if (event.lastCheckedAt) samples.push({ at: event.lastCheckedAt, ms: event.state === 'down' ? null : event.lastLatencyMs });
          next.set(ev.id, {
            event,
            samples: samples.slice(-MAX_SAMPLES),
            stateSince: ev.transition ? ev.lastCheckedAt : (old?.stateSince ?? null),
          });
        }
        return next;
      });
    }
    const transitions = batch.filter((e) => e.transition);
    if (transitions.length) onTransitionsRef.current?.(transitions);
  });

  const apply = useCallback(
    <M extends Monitor>(m: M): M => {
      const e = entries.get(m.id);
      if (!e || !isLater(e.event.lastCheckedAt, m.lastCheckedAt)) return m;
      const newer = e.samples.filter((s) => isLater(s.at, m.lastCheckedAt)).map((s) => s.ms);
      return {
        ...m,
        state: e.event.state,
        stateReason: e.event.stateReason,
        lastCheckedAt: e.event.lastCheckedAt,
        lastLatencyMs: e.event.lastLatencyMs,
        // The stream may not know the certificate (null): keep what the list said then.
        tlsDaysLeft: e.event.tlsDaysLeft ?? m.tlsDaysLeft,
        stateSince: e.stateSince && isLater(e.stateSince, m.stateSince) ? e.stateSince : m.stateSince,
        sparkline: [...m.sparkline, ...newer].slice(-Math.max(m.sparkline.length, 30)),
      };
    },
    [entries],
  );

  return { status, lastEventAt, apply };
}

/** How often the page fetches again when live updates are not arriving. */
const POLL_CLOSED_MS = 20_000;
const POLL_SILENT_MS = 60_000;

/**
 * The fallback for when the stream cannot help: refused or dropped (poll every 20 s), or
 * connected but silent for a minute (checks run in separate `vigil worker` processes, whose
 * results this server's stream does not see): poll every minute. While events flow, nothing.
 * Hidden tabs do not poll.
 */
export function usePollWhenSilent(live: LiveMonitors, refresh: () => void): void {
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const { status, lastEventAt } = live;
  useEffect(() => {
    const every = status === 'open' ? POLL_SILENT_MS : POLL_CLOSED_MS;
    let last = Date.now();
    const id = setInterval(() => {
      if (document.hidden) return;
      const now = Date.now();
      if (status === 'open' && now - Math.max(lastEventAt.current, last) < POLL_SILENT_MS) return;
      last = now;
      refreshRef.current();
    }, every);
    return () => clearInterval(id);
  }, [status, lastEventAt]);
}
