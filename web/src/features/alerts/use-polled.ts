import { useEffect, useState } from 'react';
import { useAsync, type AsyncState } from '../../lib/use-async.ts';

/**
 * useAsync that loads again every `ms` while `live` holds and the tab is visible: the alert
 * list and a roll-call board follow the server without a reload. Earlier data stays on screen
 * while the next answer comes.
 */
export function usePolled<T>(loader: (signal: AbortSignal) => Promise<T>, key: string, ms: number, live: boolean): AsyncState<T> {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!live) return;
    const id = setInterval(() => {
      if (document.visibilityState !== 'hidden') setTick((n) => n + 1);
    }, ms);
    return () => clearInterval(id);
  }, [ms, live]);
  return useAsync(loader, `${key}#${tick}`);
}
