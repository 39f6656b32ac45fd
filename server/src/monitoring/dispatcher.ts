/**
 * Starts claimed checks at their due time within two caps: checks in flight in this process,
 * and checks in flight per target host (so fifty sites on one hosting server are not hit at
 * once). A check that cannot start before its start deadline (its lease would run out
 * mid-check) is handed back instead of run late under a lease that may already be someone
 * else's.
 */
export interface DispatchItem {
  id: string;
  host: string;
  /** Local clock ms. */
  dueAt: number;
  /** Local clock ms; after this the item is expired rather than started. */
  startBy: number;
}

export interface DispatcherOptions<T extends DispatchItem> {
  concurrency: number;
  perHost: number;
  run(item: T): Promise<void>;
  expire(item: T): void;
  now?: () => number;
}

export class Dispatcher<T extends DispatchItem> {
  private queue: T[] = [];
  private readonly hosts = new Map<string, number>();
  private running = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly o: DispatcherOptions<T>) {
    this.now = o.now ?? Date.now;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  enqueue(items: T[]): void {
    if (items.length === 0) return;
    this.queue.push(...items);
    this.queue.sort((a, b) => a.dueAt - b.dueAt);
    this.pump();
  }

  /** Removes everything not started yet (shutdown) and returns it. */
  takeQueued(): T[] {
    const q = this.queue;
    this.queue = [];
    this.clearTimer();
    return q;
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }

  pump(): void {
    const now = this.now();
    const keep: T[] = [];
    let nextDue = Infinity;
    for (const item of this.queue) {
      if (item.dueAt > now) {
        nextDue = Math.min(nextDue, item.dueAt);
        keep.push(item);
        continue;
      }
      if (item.startBy < now) {
        this.o.expire(item);
        continue;
      }
      const onHost = this.hosts.get(item.host) ?? 0;
      if (this.running >= this.o.concurrency || onHost >= this.o.perHost) {
        keep.push(item);
        // Re-check its start deadline even if nothing else wakes us.
        nextDue = Math.min(nextDue, item.startBy + 1);
        continue;
      }
      this.start(item);
    }
    this.queue = keep;
    if (nextDue < this.timerAt || (this.timer === null && nextDue < Infinity)) {
      this.clearTimer();
      if (nextDue < Infinity) {
        this.timerAt = nextDue;
        this.timer = setTimeout(() => {
          this.timer = null;
          this.timerAt = Infinity;
          this.pump();
        }, Math.max(0, nextDue - now));
      }
    }
  }

  private start(item: T): void {
    this.running++;
    this.hosts.set(item.host, (this.hosts.get(item.host) ?? 0) + 1);
    void this.o
      .run(item)
      .catch(() => {})
      .finally(() => {
        this.running--;
        const n = (this.hosts.get(item.host) ?? 1) - 1;
        if (n <= 0) this.hosts.delete(item.host);
        else this.hosts.set(item.host, n);
        if (this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
        this.pump();
      });
  }
}
