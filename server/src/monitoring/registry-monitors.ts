import type { MonitorKind } from './probe.ts';
import type { ProbeMap } from './types.ts';

/**
 * Which monitors the registry implies for a system: HTTP for each URL, TLS for each https
 * host, DNS for each domain. Targets are written in a form the probe itself accepts (checked
 * with its validateTarget), so this does not depend on one probe's target syntax.
 */
export interface PlannedMonitor {
  kind: MonitorKind;
  target: string;
  name: string;
}

function firstValid(probes: ProbeMap, kind: MonitorKind, candidates: string[]): string | null {
  const probe = probes[kind];
  if (!probe) return null;
  for (const c of candidates) {
    try {
      if (probe.validateTarget(c) === null) return c;
    } catch {
      /* not this form */
    }
  }
  return null;
}

export function planRegistryMonitors(system: { name: string; urls: string[]; domains: string[] }, probes: ProbeMap): PlannedMonitor[] {
  const out: PlannedMonitor[] = [];
  const seen = new Set<string>();
  const add = (kind: MonitorKind, target: string | null, label: string) => {
    if (!target || seen.has(`${kind} ${target}`)) return;
    seen.add(`${kind} ${target}`);
    out.push({ kind, target, name: `${system.name} — ${label}`.slice(0, 300) });
  };
  for (const url of system.urls) {
    add('http', firstValid(probes, 'http', [url]), `HTTP ${url}`);
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      continue;
    }
    if (u.protocol !== 'https:') continue;
    const hostPort = `${u.hostname}:${u.port || '443'}`;
    add('tls', firstValid(probes, 'tls', [hostPort, u.hostname, `https://${u.host}`]), `TLS ${hostPort}`);
  }
  for (const d of system.domains) {
    const domain = d.trim().toLowerCase().replace(/\.$/, '');
    // A wildcard registry entry (*.example.gov.vn) names no single record set to watch.
    if (domain.startsWith('*.')) continue;
    add('dns', firstValid(probes, 'dns', [domain]), `DNS ${domain}`);
  }
  return out;
}
