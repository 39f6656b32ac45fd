import { useEffect, useState } from 'react';

/** The current time, refreshed every `ms`: relative times ("2 minutes ago") keep up without a reload. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
