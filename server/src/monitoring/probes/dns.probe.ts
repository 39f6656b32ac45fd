import { isIP } from 'node:net';
import type { Resolver } from 'node:dns/promises';
import Type from 'typebox';
import { Deadline, raceAbort } from '../net/deadline.ts';
import { createResolver, dnsCodeText } from '../net/resolve-host.ts';
import type { Probe, ProbeContext, ProbeResult } from '../probe.ts';
import { isHostname } from './host-port.ts';
import { ms, ResolverSetting, withDefaults } from './probe-settings.ts';

/**
 * The record sets of a name. A changed set against the accepted baseline is how a DNS hijack
 * (or an unannounced migration) shows up; an A/AAAA answer the address policy would refuse (a
 * private or loopback address for a public name) is reported as a possible hijack too, since
 * that is the classic way to turn a public name against the people who trust it.
 */

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'TXT'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface DnsSettings {
  types: RecordType[];
  resolver?: string;
  /** Status when a record set differs from the baseline or points somewhere private. */
  changeStatus: 'degraded' | 'down';
}

export const dnsSettingsSchema = Type.Object(
  {
    types: Type.Optional(Type.Array(Type.Union(RECORD_TYPES.map((t) => Type.Literal(t))), { minItems: 1, maxItems: RECORD_TYPES.length, uniqueItems: true })),
    resolver: Type.Optional(ResolverSetting),
    changeStatus: Type.Optional(Type.Union([Type.Literal('degraded'), Type.Literal('down')])),
  },
  { additionalProperties: false },
);

export const DNS_DEFAULTS: DnsSettings = { types: ['A', 'AAAA'], changeStatus: 'degraded' };

function normName(n: string): string {
  return n.toLowerCase().replace(/\.$/, '');
}

/** One query; the answer as a sorted list of strings so that sets compare with ===. */
async function query(r: Resolver, name: string, type: RecordType): Promise<string[]> {
  let out: string[];
  switch (type) {
    case 'A':
      out = await r.resolve4(name);
      break;
    case 'AAAA':
      out = (await r.resolve6(name)).map((a) => a.toLowerCase());
      break;
    case 'CNAME':
      out = (await r.resolveCname(name)).map(normName);
      break;
    case 'NS':
      out = (await r.resolveNs(name)).map(normName);
      break;
    case 'MX':
      out = (await r.resolveMx(name)).map((m) => `${m.priority} ${normName(m.exchange)}`);
      break;
    case 'TXT':
      // A TXT record is several ≤255-byte strings that mean one value.
      out = (await r.resolveTxt(name)).map((chunks) => chunks.join(''));
      break;
  }
  return [...new Set(out)].sort();
}

function codeOf(e: unknown): string {
  return e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'EUNKNOWN';
}

function shortList(values: string[], max = 200): string {
  if (!values.length) return '(none)';
  const s = values.join(', ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function dnsName(target: string): string | null {
  let t = target.trim();
  if (/^https?:\/\//i.test(t)) {
    try {
      t = new URL(t).hostname;
    } catch {
      return null;
    }
  }
  t = normName(t);
  return t && isHostname(t) && isIP(t) === 0 ? t : null;
}

async function check(target: string, s: DnsSettings, ctx: ProbeContext, deadline: Deadline): Promise<ProbeResult> {
  const name = dnsName(target);
  if (!name) return { status: 'down', reason: `not a DNS name: ${target.slice(0, 200)}`, latencyMs: null, details: {} };
  const base = { name, resolver: s.resolver ?? 'system' };
  let resolver: Resolver;
  try {
    resolver = createResolver(s.resolver, deadline.remainingMs());
  } catch (e) {
    return { status: 'down', reason: (e as Error).message, latencyMs: null, details: base };
  }
  const cancel = () => resolver.cancel();
  deadline.signal.addEventListener('abort', cancel, { once: true });
  try {
    const answers = await raceAbort(Promise.allSettled(s.types.map((t) => query(resolver, name, t))), deadline.signal);
    const latencyMs = ms(deadline.elapsedMs());
    const records: Partial<Record<RecordType, string[]>> = {};
    const failures: string[] = [];
    let nxdomain = false;
    s.types.forEach((type, i) => {
      const a = answers[i]!;
      if (a.status === 'fulfilled') records[type] = a.value;
      else {
        const code = codeOf(a.reason);
        if (code === 'ENODATA') records[type] = [];
        else if (code === 'ENOTFOUND') nxdomain = true;
        else failures.push(`${type}: ${dnsCodeText(code)}`);
      }
    });
    if (nxdomain) return { status: 'down', reason: `${name} does not exist (NXDOMAIN)`, latencyMs, details: { ...base, records } };
    // Partial answers are not stored as observed: a timeout must not become the new baseline.
    if (failures.length) return { status: 'down', reason: `DNS lookup failed (${failures.join('; ')})`, latencyMs, details: { ...base, records, failures } };
    if (s.types.every((t) => records[t]!.length === 0)) return { status: 'down', reason: `no ${s.types.join('/')} records for ${name}`, latencyMs, details: { ...base, records } };

    const changes: string[] = [];
    const baseline = ctx.baseline;
    for (const type of s.types) {
      const before = baseline?.[type];
      if (!Array.isArray(before)) continue; // a type added to the settings later has no baseline yet
      const prev = [...new Set(before.map(String))].sort();
      const now = records[type]!;
      if (prev.length !== now.length || prev.some((v, i) => v !== now[i])) changes.push(`${type} records changed: ${shortList(prev)} → ${shortList(now)}`);
    }
    const suspicious: string[] = [];
    for (const [type, family] of [['A', 4], ['AAAA', 6]] as const) {
      for (const address of records[type] ?? []) {
        const refused = ctx.addressPolicy.check(address, family);
        if (refused) suspicious.push(`${type} ${refused.replace(/ \(only allowed for .*\)$/, '')}`);
      }
    }
    const details = { ...base, records, changes, privateAnswers: suspicious };
    const observed = { ...records };
    if (changes.length || suspicious.length) {
      const hijack = suspicious.length ? [`possible hijack: ${suspicious.join(', ')}`] : [];
      return { status: s.changeStatus, reason: [...changes, ...hijack].join('; '), latencyMs, details, observed };
    }
    const summary = s.types.map((t) => `${t} ${shortList(records[t]!, 80)}`).join('; ');
    return { status: 'up', reason: summary, latencyMs, details, observed };
  } catch {
    return { status: 'down', reason: deadline.reason?.message ?? 'DNS query failed', latencyMs: null, details: base };
  } finally {
    deadline.signal.removeEventListener('abort', cancel);
    resolver.cancel();
  }
}

// Partial: stored settings hold only what the monitor set; run() fills in the defaults.
export const dnsProbe: Probe<Partial<DnsSettings>> = {
  kind: 'dns',
  settingsSchema: dnsSettingsSchema,
  defaults: DNS_DEFAULTS,
  targetHelp: 'a DNS name, e.g. portal.example.gov.vn',
  validateTarget(target) {
    return dnsName(target) ? null : 'must be a DNS name (not an IP address)';
  },
  hostOf(target) {
    return dnsName(target) ?? target;
  },
  async run(target, settings, ctx) {
    const deadline = new Deadline(ctx.timeoutMs, ctx.signal);
    try {
      return await check(target, withDefaults(DNS_DEFAULTS, settings), ctx, deadline);
    } catch (e) {
      return { status: 'down', reason: `internal error in the DNS probe: ${(e as Error).message}`, latencyMs: null, details: {} };
    } finally {
      deadline.dispose();
    }
  },
};
