import type { AddressInfo, Server, Socket } from 'node:net';

/**
 * Bookkeeping for a loopback server: the connections it accepted and whether they are still
 * open. Tests use it to prove a probe closed every socket it opened (no leak) and to close
 * everything at the end so the test process exits at once.
 */
export interface Tracked {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections still open. */
  open(): number;
  /** Resolves when no connection is open (or rejects after `ms`). */
  waitIdle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function listenTracked(server: Server, host = '127.0.0.1', connectionEvent = 'connection'): Promise<Tracked> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  server.on(connectionEvent, (s: Socket) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    accepted: () => accepted,
    open: () => sockets.size,
    async waitIdle(ms = 1000) {
      const until = Date.now() + ms;
      while (sockets.size > 0) {
        if (Date.now() > until) throw new Error(`${sockets.size} connection(s) still open after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
