import type { MonitorKind, Probe } from './probe.ts';
import { contentProbe } from './probes/content.probe.ts';
import { dnsProbe } from './probes/dns.probe.ts';
import { httpProbe } from './probes/http.probe.ts';
import { tcpProbe } from './probes/tcp.probe.ts';
import { tlsProbe } from './probes/tls.probe.ts';

/** Every probe, by monitor kind: the one place the engine, the API and `vigil check` look them up. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own settings type
export const PROBES: Record<MonitorKind, Probe<any>> = {
  http: httpProbe,
  tls: tlsProbe,
  dns: dnsProbe,
  tcp: tcpProbe,
  content: contentProbe,
};

export function getProbe(kind: MonitorKind): Probe<any> {
  const p = PROBES[kind];
  if (!p) throw new Error(`unknown monitor kind: ${String(kind)}`);
  return p;
}
