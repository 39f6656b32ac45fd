import { useEffect, useRef, useState } from 'react';
import { apiUrl } from '../../api/api-client.ts';
import type { MonitorStreamEvent } from '../../api/monitor-types.ts';

export type StreamStatus = 'connecting' | 'open' | 'closed';

const STREAM_PATH = '/monitors/stream';
/** How long events are gathered before the page re-renders: a busy fleet sends many per second. */
const FLUSH_MS = 400;

function parse(data: string): MonitorStreamEvent | null {
  try {
    const v = JSON.parse(data) as Partial<MonitorStreamEvent> | null;
    return v && typeof v.id === 'string' && typeof v.state === 'string' ? (v as MonitorStreamEvent) : null;
  } catch {
    return null;
  }
}

/**
 * Server-sent monitor updates (GET /api/v1/monitors/stream, event "monitor"). EventSource sends
 * the session cookie (same origin) and reconnects by itself after a dropped connection; when
 * the server refuses outright (the browser then gives up), we retry with a growing pause.
 * Events reach `onBatch` in batches, at most every FLUSH_MS, latest first per monitor kept.
 */
export function useMonitorStream(onBatch: (events: MonitorStreamEvent[]) => void, enabled = true): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const onBatchRef = useRef(onBatch);
  onBatchRef.current = onBatch;

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setStatus('closed');
      return;
    }
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let retries = 0;
    let pending: MonitorStreamEvent[] = [];
    let stopped = false;

    const flush = () => {
      flushTimer = undefined;
      const batch = pending;
      pending = [];
      if (batch.length) onBatchRef.current(batch);
    };
    const onMonitor = (e: MessageEvent<string>) => {
      const ev = parse(e.data);
      if (!ev) return;
      pending.push(ev);
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const connect = () => {
      if (stopped) return;
      setStatus('connecting');
      source = new EventSource(apiUrl(STREAM_PATH));
      source.addEventListener('open', () => {
        retries = 0;
        setStatus('open');
      });
      source.addEventListener('monitor', onMonitor as EventListener);
      source.addEventListener('error', () => {
        if (!source) return;
        if (source.readyState === EventSource.CLOSED) {
          // Refused (401, 404, 5xx) or not an event stream: the browser will not retry by itself.
          source.close();
          source = null;
          setStatus('closed');
          const wait = Math.min(60_000, 3000 * 2 ** retries++);
          retryTimer = setTimeout(connect, wait);
        } else setStatus('connecting');
      });
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
      source?.close();
    };
  }, [enabled]);

  return status;
}
