import { createServer, type Socket } from 'node:net';
import { listenTracked, type Tracked } from './tracked-server.ts';

/**
 * A raw TCP server that speaks just enough HTTP to misbehave on purpose. The path of the request
 * picks the misbehaviour:
 *   /endless            200 with no length and a body that never ends
 *   /slowloris-headers  the status line, then one header byte every 100 ms, forever
 *   /slowloris-body     headers announcing 1 MB, then one body byte every 100 ms
 *   /giant-headers      200 KB of response headers
 *   /reset              headers and part of the body, then a TCP reset
 *   /reset-early        a TCP reset before any answer
 *   /garbage            bytes that are not HTTP
 *   /loop/N             302 to /loop/N+1, without end
 *   /to?u=URL           302 to URL
 */

export interface HostileServer extends Tracked {
  url: string;
}

function serve(socket: Socket, path: string): void {
  const timers: NodeJS.Timeout[] = [];
  socket.on('close', () => timers.forEach(clearInterval));
  const every = (ms: number, fn: () => void) => timers.push(setInterval(fn, ms));
  const [route, query] = path.split('?') as [string, string | undefined];

  if (route === '/endless') {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk));
    };
    socket.on('drain', pump);
    pump();
  } else if (route === '/slowloris-headers') {
    socket.write('HTTP/1.1 200 OK\r\n');
    every(100, () => socket.write('x'));
  } else if (route === '/slowloris-body') {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000000\r\n\r\n');
    every(100, () => socket.write('y'));
  } else if (route === '/giant-headers') {
    let head = 'HTTP/1.1 200 OK\r\n';
    for (let i = 0; i < 2000; i++) head += `x-filler-${i}: ${'z'.repeat(90)}\r\n`;
    socket.write(`${head}content-length: 2\r\n\r\nok`);
  } else if (route === '/reset') {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n${'a'.repeat(1000)}`);
    setTimeout(() => socket.resetAndDestroy(), 20);
  } else if (route === '/reset-early') {
    socket.resetAndDestroy();
  } else if (route === '/garbage') {
    socket.end('SSH-2.0-OpenSSH_9.0\r\nthis is not http\r\n\r\n');
  } else if (route.startsWith('/loop/')) {
    const n = Number(route.slice('/loop/'.length)) || 0;
    socket.end(`HTTP/1.1 302 Found\r\nlocation: /loop/${n + 1}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
  } else if (route === '/to') {
    const target = new URLSearchParams(query ?? '').get('u') ?? '/';
    socket.end(`HTTP/1.1 302 Found\r\nlocation: ${target}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
  } else {
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  }
}

export async function startHostileServer(): Promise<HostileServer> {
  const server = createServer((socket) => {
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (head.length > 16384) return void socket.destroy();
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.resume(); // ignore anything the client sends afterwards
      const path = /^[A-Z]+ (\S+) HTTP\/1\.[01]/.exec(head)?.[1] ?? '/';
      serve(socket, path);
    };
    socket.on('data', onData);
  });
  const t = await listenTracked(server);
  return { ...t, url: `http://127.0.0.1:${t.port}` };
}
