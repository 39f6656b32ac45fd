/**
 * One check's time budget: aborts when the engine's signal aborts or when `timeoutMs` has
 * passed, whichever comes first. Hand-rolled rather than AbortSignal.any() because the engine's
 * signal lives for the whole process and AbortSignal.any() keeps a reference per derived signal
 * on it; here the listener is removed in dispose(), so 10,000 checks a minute leave nothing behind.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly startedAt = performance.now();
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onParentAbort: () => void;

  readonly timeoutMs: number;

  constructor(
    timeoutMs: number,
    private readonly parent?: AbortSignal,
  ) {
    // setTimeout fires at once beyond 2^31-1 ms; a bad value must not mean "no time at all".
    this.timeoutMs = Number.isFinite(timeoutMs) ? Math.min(Math.max(1, timeoutMs), 2 ** 31 - 1) : 30_000;
    this.signal = this.controller.signal;
    // unref: a pending timer must never keep the process (e.g. `vigil check`) alive.
    this.timer = setTimeout(() => this.controller.abort(new DeadlineError('timeout', this.timeoutMs)), this.timeoutMs).unref();
    this.onParentAbort = () => this.controller.abort(new DeadlineError('cancelled', this.timeoutMs));
    if (parent?.aborted) this.onParentAbort();
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.timeoutMs - this.elapsedMs());
  }

  /** Why the budget ended, or null while it is still running. */
  get reason(): DeadlineError | null {
    return this.signal.aborted ? (this.signal.reason as DeadlineError) : null;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}

export class DeadlineError extends Error {
  constructor(
    readonly kind: 'timeout' | 'cancelled',
    readonly timeoutMs: number,
  ) {
    super(kind === 'timeout' ? `timed out after ${formatMs(timeoutMs)}` : 'check cancelled');
    this.name = 'DeadlineError';
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/** Rejects when the signal aborts; lets a plain promise (a DNS query, a socket event) be raced against the budget. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
