import { createSocket, type RemoteInfo } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket, { type Answer } from 'dns-packet';

/**
 * The fleet's DNS server on 127.0.0.1 (random UDP port): A records per name, changeable at any
 * time. Known names without the asked type answer NODATA (so the probes' AAAA query is cheap and
 * empty), unknown names NXDOMAIN. Unlike the test helper it keeps no query log (a benchmark asks
 * hundreds of thousands of questions). Counts queries for the report.
 */
export interface FleetDns {
  address: string;
  setA(name: string, addresses: string[]): void;
  queries(): number;
  close(): Promise<void>;
}

export async function startFleetDns(): Promise<FleetDns> {
  const zone = new Map<string, string[]>();
  let queries = 0;
  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    let q: ReturnType<typeof dnsPacket.decode>;
    try {
      q = dnsPacket.decode(msg);
    } catch {
      return;
    }
    const question = q.questions?.[0];
    if (!question) return;
    queries++;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const a = zone.get(name);
    const answers: Answer[] =
      a && question.type === 'A' ? a.map((data) => ({ type: 'A', name: question.name, ttl: 60, class: 'IN', data })) : [];
    const reply = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER | (a ? 0 : 3),
      questions: [question],
      answers,
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  // Bursts of ~300 questions a second at 10,000 sites: a larger receive buffer avoids drops.
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    /* the system may cap it; the default still works */
  }
  const port = (socket.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    setA(name, addresses) {
      zone.set(name.toLowerCase(), addresses);
    },
    queries: () => queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
