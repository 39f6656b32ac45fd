import { useCallback, useState } from 'react';

export interface AsyncAction {
  busy: boolean;
  /** The last failure, for an <ErrorBanner> and fieldError(); cleared when the action runs again. */
  error: unknown;
  run(action: () => Promise<void>): Promise<void>;
  clearError(): void;
}

/**
 * State for a button or form that sends something to the server: busy while it runs (so it is
 * not sent twice) and the error kept for display rather than thrown into React.
 */
export function useAsyncAction(): AsyncAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}
