import { createSocket, type RemoteInfo } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket, { type Answer, type RecordType } from 'dns-packet';

/**
 * An authoritative-looking DNS server on 127.0.0.1, random UDP port. Tests set the records per
 * name and type and may change them mid-test; a value may also be a function of how many times
 * that name/type was asked (to simulate DNS rebinding). Unknown names answer NXDOMAIN; known
 * names without the asked type answer NOERROR with no records (NODATA).
 */

export type Rdata = string | { priority: number; exchange: string } | string[];
export type Answerer = Rdata[] | ((queryNumber: number) => Rdata[]);
export type Behaviour = 'answer' | 'servfail' | 'silent';

export interface LoopbackDns {
  /** "127.0.0.1:PORT", the value for the probes' resolver setting. */
  address: string;
  port: number;
  set(name: string, type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'MX' | 'TXT', values: Answerer): void;
  behave(name: string, b: Behaviour): void;
  clear(name: string): void;
  /** Every question received, "name TYPE", in order. */
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(): Promise<LoopbackDns> {
  const zone = new Map<string, Map<string, Answerer>>();
  const behaviour = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const queries: string[] = [];
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
    const name = question.name.toLowerCase().replace(/\.$/, '');
    queries.push(`${name} ${question.type}`);
    const b = behaviour.get(name) ?? 'answer';
    if (b === 'silent') return;
    const records = zone.get(name);
    let rcode = 0;
    const answers: Answer[] = [];
    if (b === 'servfail') rcode = 2;
    else if (!records) rcode = 3;
    else {
      const key = `${name} ${question.type}`;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      const a = records.get(question.type);
      const values = typeof a === 'function' ? a(n) : (a ?? []);
      for (const v of values) {
        const data = question.type === 'MX' && typeof v === 'object' && !Array.isArray(v) ? { preference: v.priority, exchange: v.exchange } : v;
        answers.push({ type: question.type as 'A', name: question.name, ttl: 60, class: 'IN', data: data as string });
      }
    }
    const reply = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER | rcode,
      questions: [question],
      answers,
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });

  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = (socket.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    queries,
    set(name, type, values) {
      const n = name.toLowerCase();
      if (!zone.has(n)) zone.set(n, new Map());
      zone.get(n)!.set(type as RecordType, values);
    },
    behave(name, b) {
      behaviour.set(name.toLowerCase(), b);
    },
    clear(name) {
      zone.delete(name.toLowerCase());
      behaviour.delete(name.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
