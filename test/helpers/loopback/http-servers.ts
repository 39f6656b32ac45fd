import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { listenTracked, type Tracked } from './tracked-server.ts';

/** Plain HTTP and HTTPS servers on 127.0.0.1 with a route table, for the well-behaved cases. */

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoopbackHttp extends Tracked {
  url: string;
}

function route(routes: Record<string, Handler>): Handler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const h = routes[path] ?? Object.entries(routes).find(([p]) => p.endsWith('*') && path.startsWith(p.slice(0, -1)))?.[1];
    if (h) return h(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
}

export async function startHttpServer(routes: Record<string, Handler>): Promise<LoopbackHttp> {
  const server = createHttp({ keepAliveTimeout: 500 }, route(routes));
  const t = await listenTracked(server);
  return { ...t, url: `http://127.0.0.1:${t.port}` };
}

export async function startHttpsServer(tls: { keyPem: string; certPem: string; minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2'; maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' }, routes: Record<string, Handler>): Promise<LoopbackHttp> {
  const legacy = tls.maxVersion === 'TLSv1' || tls.maxVersion === 'TLSv1.1';
  const server = createHttps(
    {
      key: tls.keyPem,
      cert: tls.certPem,
      keepAliveTimeout: 500,
      ...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
      ...(tls.maxVersion ? { maxVersion: tls.maxVersion } : {}),
      ...(legacy ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
    },
    route(routes),
  );
  // Count TCP connections (not only completed handshakes), so failed handshakes are tracked too.
  const t = await listenTracked(server);
  return { ...t, url: `https://127.0.0.1:${t.port}` };
}

export const ok =
  (body = 'hello from vigil test', status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const redirect =
  (location: string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location }).end();
  };

export const delayed =
  (ms: number, body = 'slow'): Handler =>
  (_req, res) => {
    const t = setTimeout(() => res.writeHead(200).end(body), ms);
    res.on('close', () => clearTimeout(t));
  };
