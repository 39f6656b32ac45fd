import { isIP } from 'node:net';

/**
 * Targets of the form "host:port", "host" (with a default port) or "[v6]:port" for the TLS and
 * TCP probes. Host names follow the registry's rules (letters, digits, hyphens, dots).
 */

export interface HostPort {
  host: string;
  port: number;
}

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

export function isHostname(host: string): boolean {
  return HOSTNAME.test(host) || isIP(host) !== 0;
}

export function parseHostPort(target: string, defaultPort: number | null): HostPort | string {
  const t = target.trim();
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(t);
  if (v6) {
    host = v6[1]!;
    portText = v6[2];
  } else if (isIP(t) === 6) {
    host = t; // a bare IPv6 address: no port possible without brackets
  } else {
    const i = t.lastIndexOf(':');
    host = i >= 0 ? t.slice(0, i) : t;
    portText = i >= 0 ? t.slice(i + 1) : undefined;
  }
  if (!host || (!isHostname(host) && isIP(host) === 0)) return `"${host}" is not a host name or IP address`;
  if (portText === undefined) {
    if (defaultPort === null) return 'a port is required (host:port)';
    return { host: host.toLowerCase(), port: defaultPort };
  }
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) return `"${portText}" is not a port (1–65535)`;
  return { host: host.toLowerCase(), port };
}

export function formatHostPort(hp: HostPort): string {
  return isIP(hp.host) === 6 ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}
