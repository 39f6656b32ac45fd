import { createServer } from 'node:net';
import { listenTracked, type Tracked } from './tracked-server.ts';

/** A port that accepts TCP connections (and closes them at once). */
export async function startTcpListener(host = '127.0.0.1'): Promise<Tracked> {
  // resume(): a paused socket never reads the peer's FIN and would stay open forever.
  return listenTracked(createServer((s) => s.resume().end()), host);
}

/** A loopback port with nothing listening: bind, note the port, release it. */
export async function closedPort(): Promise<number> {
  const t = await startTcpListener();
  await t.close();
  return t.port;
}
