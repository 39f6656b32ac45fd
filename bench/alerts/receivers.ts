import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';

/** Loopback receivers for the alert bench: a real SMTP server and a webhook that answers slowly. */

export interface MailLog {
  port: number;
  /** Message-ID → first arrival (ms since epoch) and recipients. */
  received: Map<string, { at: number; to: string[] }>;
  duplicates: number;
  close(): Promise<void>;
}

export async function startSmtpLog(): Promise<MailLog> {
  const received = new Map<string, { at: number; to: string[] }>();
  const log: MailLog = { port: 0, received, duplicates: 0, close: async () => {} };
  const server = new SMTPServer({
    logger: false, authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], maxClients: 200, closeTimeout: 200,
    onData(stream, session, cb) {
      let head = '';
      stream.on('data', (c: Buffer) => { if (head.length < 8192) head += c.toString('utf8'); });
      stream.on('end', () => {
        const id = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? `none-${Math.random()}`;
        if (received.has(id)) log.duplicates += 1;
        else received.set(id, { at: Date.now(), to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  log.port = (server.server.address() as { port: number }).port;
  log.close = () => new Promise<void>((r) => server.close(() => r()));
  return log;
}

export interface HookLog {
  url: string;
  /** Keyed by X-Vigil-Delivery where the channel sends it, else by arrival. */
  received: Map<string, number>;
  duplicates: number;
  close(): Promise<void>;
}

/** A webhook receiver that takes `delayMs` to answer each request (a slow chat service). */
export async function startSlowHook(delayMs: number): Promise<HookLog> {
  const received = new Map<string, number>();
  const log: HookLog = { url: '', received, duplicates: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const id = String(req.headers['x-vigil-delivery'] ?? `arrival-${received.size}-${Math.random()}`);
    req.resume();
    req.on('end', () => setTimeout(() => {
      if (received.has(id)) log.duplicates += 1;
      else received.set(id, Date.now());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }, delayMs));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  log.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  log.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return log;
}
