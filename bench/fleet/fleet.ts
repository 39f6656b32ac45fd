/**
 * The simulated fleet for `npm run bench:monitor`, run as its own process (so its CPU is not
 * counted as the engine's): a DNS server on 127.0.0.1 and, per "hosting server" address
 * 127.1.x.y, one HTTP and one HTTPS server (the same two ports on every address). Sites answer
 * on /site-N as planned in plan.ts. Loopback only.
 *
 *   node --import tsx bench/fleet/fleet.ts --sites N --hosts H --seed S     (started by the benchmark, IPC required)
 *
 * Messages from the benchmark: {type:'dns-flip'} moves the A record of the planned names to the
 * next hosting server (and back on the next flip); {type:'stats'} answers {type:'stats', ...}.
 * It exits when the benchmark goes away (IPC disconnect) or on SIGINT/SIGTERM.
 */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { createTestCa } from '../../test/helpers/loopback/test-pki.ts';
import { startFleetDns } from './dns-server.ts';
import { FLAKY_FAILURE_RATE, SLOW_MAX_MS, hostAddress, planFleet, type FleetLayout, type SiteKind } from './plan.ts';

const { values: args } = parseArgs({
  options: { sites: { type: 'string' }, hosts: { type: 'string' }, seed: { type: 'string', default: '1' } },
});
const SITES = Number(args.sites);
const HOSTS = Number(args.hosts);
const SEED = Number(args.seed);
if (!process.send) throw new Error('fleet.ts is started by bench/monitor.bench.ts (it needs the IPC channel)');
const send = process.send.bind(process);

const sites = planFleet(SITES, HOSTS, SEED);
const addresses = Array.from({ length: HOSTS }, (_, h) => hostAddress(h));
/** A typical small portal page: the probe reads the whole body, so its size is part of the load. */
const BODY = Buffer.from(`<!doctype html><html><head><title>bench</title></head><body>${'<p>Cổng thông tin điện tử — nội dung mẫu.</p>'.repeat(160)}</body></html>`);

const served: Record<SiteKind | 'home' | 'unknown', number> = { fast: 0, https: 0, slow: 0, error: 0, flaky: 0, timeout: 0, reset: 0, redirect: 0, home: 0, unknown: 0 };
const hanging = new Set<ServerResponse>();

function page(res: ServerResponse, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': status === 200 ? BODY.length : 0 });
  res.end(status === 200 ? BODY : undefined);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const m = /^\/site-(\d+)(\/home)?$/.exec((req.url ?? '/').split('?')[0]!);
  const site = m ? sites[Number(m[1])] : undefined;
  if (!site) {
    served.unknown++;
    res.writeHead(404).end();
    return;
  }
  if (m![2]) {
    served.home++;
    return page(res);
  }
  served[site.kind]++;
  switch (site.kind) {
    case 'fast':
    case 'https':
      return page(res);
    case 'slow': {
      const t = setTimeout(() => page(res), Math.floor(Math.random() * SLOW_MAX_MS));
      res.on('close', () => clearTimeout(t));
      return;
    }
    case 'error':
      return page(res, 503);
    case 'flaky':
      return page(res, Math.random() < FLAKY_FAILURE_RATE ? 500 : 200);
    case 'timeout':
      // Never answers; the monitor gives up after its timeout and closes the connection.
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    case 'reset':
      (req.socket as Socket).resetAndDestroy();
      return;
    case 'redirect':
      res.writeHead(302, { location: `/site-${site.index}/home`, 'content-length': 0 }).end();
      return;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, 1024, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Binds one server per address on one common port (picked by the first bind), retrying on a clash. */
async function bindAll(make: () => Server): Promise<{ port: number; servers: Server[] }> {
  for (let attempt = 0; ; attempt++) {
    const servers: Server[] = [];
    try {
      const first = make();
      servers.push(first);
      const port = await listen(first, 0, addresses[0]!);
      for (const a of addresses.slice(1)) {
        const s = make();
        servers.push(s);
        await listen(s, port, a);
      }
      return { port, servers };
    } catch (e) {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      if (attempt >= 20) throw e;
    }
  }
}

const sockets = new Set<Socket>();
function track(server: Server, event = 'connection'): Server {
  server.on(event, (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  server.on('clientError', (_e, s: Socket) => s.destroy());
  server.keepAliveTimeout = 1000;
  return server;
}

const ca = createTestCa('Vigil Bench CA');
const leaf = ca.issue({ dnsNames: [`*.bench.test`], ips: addresses, notAfterDays: 200 });
const dns = await startFleetDns();
for (const s of sites) dns.setA(s.name, [hostAddress(s.host)]);
const http = await bindAll(() => track(createHttp(handle)));
const https = await bindAll(() => track(createHttps({ key: leaf.keyPem, cert: leaf.certPem }, handle)));

let flipped = false;
let flips = 0;
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'dns-flip') {
    flipped = !flipped;
    flips++;
    for (const s of sites) if (s.dnsFlip) dns.setA(s.name, [hostAddress(flipped ? (s.host + 1) % HOSTS : s.host)]);
  } else if (msg.type === 'stats') {
    send({ type: 'stats', served, dnsQueries: dns.queries(), openConnections: sockets.size, hanging: hanging.size, flips, cpu: process.cpuUsage(), rssBytes: process.memoryUsage().rss });
  }
});

let exiting = false;
function exit(): void {
  if (exiting) return;
  exiting = true;
  for (const s of sockets) s.destroy();
  for (const srv of [...http.servers, ...https.servers]) srv.close();
  void dns.close();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('disconnect', exit);
process.on('SIGINT', exit);
process.on('SIGTERM', exit);

const layout: FleetLayout = { dns: dns.address, hosts: addresses, httpPort: http.port, httpsPort: https.port, caPem: ca.certPem, pid: process.pid };
send({ type: 'ready', layout });
