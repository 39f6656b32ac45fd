import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { createAddressPolicy } from '../monitoring/address-policy.ts';
import { formatMs } from '../monitoring/net/deadline.ts';
import { policyRefusal } from '../monitoring/net/guarded-connect.ts';
import { resolveHost, stripBrackets } from '../monitoring/net/resolve-host.ts';
import type { AddressPolicy, MonitorKind, ProbeResult, ProbeStatus } from '../monitoring/probe.ts';
import { getProbe } from '../monitoring/probe-registry.ts';
import { formatHostPort, parseHostPort } from '../monitoring/probes/host-port.ts';

/**
 * `vigil check TARGET`: every applicable probe once, a readable report, no database. Useful
 * before anything is configured ("is this portal's certificate about to expire?") and as the
 * quickest way to see what a monitor would see. The same address policy as the engine applies:
 * internal targets need --allow-internal.
 */

export interface PlannedCheck {
  kind: MonitorKind;
  target: string;
  settings: Record<string, unknown>;
}

export interface CheckOutcome extends PlannedCheck {
  result: ProbeResult;
}

interface CheckOpts {
  json?: boolean;
  resolver?: string;
  timeout?: string;
  allowInternal?: boolean;
  caFile?: string;
  content?: boolean;
}

/** A content check fetches the page several times (variants, sitemap, sub-pages): it gets at least this long. */
const CONTENT_MIN_TIMEOUT_MS = 30_000;

/** URL → http (+ tls when https) + dns; host → dns + tcp 80/443; host:port → tcp. */
export function planChecks(input: string, common: { resolver?: string; caPem?: string; content?: boolean }): { host: string; checks: PlannedCheck[] } | string {
  const t = input.trim();
  const resolver = common.resolver ? { resolver: common.resolver } : {};
  const ca = common.caPem ? { caBundle: common.caPem } : {};
  if (/^https?:\/\//i.test(t)) {
    let u: URL;
    try {
      u = new URL(t);
    } catch {
      return `not a valid URL: ${t}`;
    }
    const host = stripBrackets(u.hostname);
    const checks: PlannedCheck[] = [{ kind: 'http', target: u.href, settings: { ...resolver, ...ca } }];
    if (u.protocol === 'https:') checks.push({ kind: 'tls', target: formatHostPort({ host, port: Number(u.port) || 443 }), settings: { ...resolver, ...ca } });
    if (isIP(host) === 0 && host !== 'localhost') checks.push({ kind: 'dns', target: host, settings: { ...resolver, types: ['A', 'AAAA'] } });
    // One look without a learned profile: signatures, hidden links, redirects, cloaking, injected sub-pages.
    if (common.content) checks.push({ kind: 'content', target: u.href, settings: { ...resolver } });
    return { host, checks };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return 'only http:// and https:// URLs, host names and host:port targets can be checked';
  if (t.includes('/')) return `"${t}" looks like a URL without a scheme: add http:// or https://`;
  const withPort = parseHostPort(t, null);
  if (typeof withPort !== 'string') return { host: withPort.host, checks: [{ kind: 'tcp', target: formatHostPort(withPort), settings: { ...resolver } }] };
  const bare = parseHostPort(t, 0);
  if (typeof bare === 'string') return bare;
  const checks: PlannedCheck[] = [];
  if (isIP(bare.host) === 0 && bare.host !== 'localhost') checks.push({ kind: 'dns', target: bare.host, settings: { ...resolver, types: ['A', 'AAAA'] } });
  for (const port of [80, 443]) checks.push({ kind: 'tcp', target: formatHostPort({ host: bare.host, port }), settings: { ...resolver } });
  return { host: bare.host, checks };
}

export async function runChecks(checks: PlannedCheck[], ctx: { policy: AddressPolicy; timeoutMs: number; signal: AbortSignal }): Promise<CheckOutcome[]> {
  return Promise.all(
    checks.map(async (c) => ({
      ...c,
      result: withoutArtifacts(
        await getProbe(c.kind).run(c.target, c.settings, {
          signal: ctx.signal,
          timeoutMs: c.kind === 'content' ? Math.max(ctx.timeoutMs, CONTENT_MIN_TIMEOUT_MS) : ctx.timeoutMs,
          addressPolicy: ctx.policy,
          baseline: null,
          now: () => new Date(),
        }),
      ),
    })),
  );
}

/** Page text is the attacker's: no escape sequences reach the operator's terminal. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/** Snapshots and the learned profile are for the database; a one-shot report prints the verdict. */
function withoutArtifacts(r: ProbeResult): ProbeResult {
  const { artifacts: _a, learned: _l, ...rest } = r;
  return rest;
}

const RANK: Record<ProbeStatus, number> = { up: 0, degraded: 1, down: 2 };

export function worstStatus(outcomes: CheckOutcome[]): ProbeStatus {
  return outcomes.reduce<ProbeStatus>((w, o) => (RANK[o.result.status] > RANK[w] ? o.result.status : w), 'up');
}

function msText(v: unknown): string | null {
  return typeof v === 'number' ? formatMs(v) : null;
}

/** The lines under a probe's status line: only the facts an operator looks at first. */
function detailLines(o: CheckOutcome): string[] {
  const d = o.result.details as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- probe-specific shape
  const lines: string[] = [];
  if (o.kind === 'http') {
    for (const r of (d.redirects ?? []) as Array<{ url: string; status: number; location: string | null }>) lines.push(`redirect: ${r.url} → ${r.status} → ${r.location ?? '?'}`);
    if (d.finalUrl && d.finalUrl !== d.url) lines.push(`final URL: ${d.finalUrl}`);
    const t = d.timings ?? {};
    const parts = [['dns', t.dnsMs], ['connect', t.connectMs], ['tls', t.tlsMs], ['first byte', t.firstByteMs], ['transfer', t.transferMs], ['total', t.totalMs]]
      .map(([k, v]) => (msText(v) ? `${k} ${msText(v)}` : null))
      .filter(Boolean);
    if (parts.length) lines.push(`timings: ${parts.join(' · ')}`);
    const facts = [d.address ? `address ${d.address}` : null, d.statusCode ? `status ${d.statusCode}` : null, d.statusCode && typeof d.bodyBytes === 'number' ? `${d.bodyBytes} bytes${d.bodyTruncated ? ' (truncated)' : ''}` : null, d.contentType, d.server ? `server ${d.server}` : null].filter(Boolean);
    if (facts.length) lines.push(facts.join(' · '));
  } else if (o.kind === 'tls') {
    if (d.subject) lines.push(`subject: ${d.subject}`);
    if (d.issuer) lines.push(`issuer: ${d.issuer}`);
    if (d.validTo) lines.push(`expires: ${d.validTo} (${d.daysLeft} days left)`);
    if (d.protocol) lines.push(`protocol: ${d.protocol} · ${d.cipher ?? ''}`);
    if (Array.isArray(d.subjectAltNames) && d.subjectAltNames.length) lines.push(`names: ${d.subjectAltNames.slice(0, 10).join(', ')}${d.subjectAltNames.length > 10 ? ', …' : ''}`);
    if (d.fingerprint256) lines.push(`sha-256: ${d.fingerprint256}`);
  } else if (o.kind === 'dns') {
    for (const [type, values] of Object.entries((d.records ?? {}) as Record<string, string[]>)) lines.push(`${type}: ${values.length ? values.join(', ') : '(none)'}`);
    if (d.resolver) lines.push(`resolver: ${d.resolver}`);
  } else if (o.kind === 'tcp') {
    if (d.address) lines.push(`address ${d.address}`);
  } else if (o.kind === 'content') {
    for (const r of (d.verdict?.reasons ?? []) as Array<{ code: string; message: string; url?: string; samples?: string[] }>) {
      lines.push(printable(`${r.code}: ${r.message}${r.url ? ` (${r.url})` : ''}`));
      for (const x of r.samples ?? []) lines.push(printable(`  e.g. ${x}`));
    }
    const fetched = (d.fetched ?? []) as Array<{ variant: string; status: number }>;
    if (fetched.length) lines.push(`fetched: ${fetched.map((f) => `${f.variant} ${f.status || '—'}`).join(' · ')}`);
  }
  return lines;
}

export function formatReport(input: string, outcomes: CheckOutcome[]): string {
  const out: string[] = [`vigil check ${input}`, ''];
  for (const o of outcomes) {
    const r = o.result;
    const latency = r.latencyMs !== null ? `  (${formatMs(r.latencyMs)})` : '';
    out.push(`${o.kind.toUpperCase().padEnd(5)} ${r.status.toUpperCase().padEnd(9)} ${o.target}`);
    out.push(`      ${printable(r.reason)}${latency}`);
    for (const l of detailLines(o)) out.push(`      ${l}`);
    out.push('');
  }
  out.push(`overall: ${worstStatus(outcomes).toUpperCase()}`);
  return `${out.join('\n')}\n`;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('run every applicable probe once on a URL, host or host:port and print a report (no database needed)')
    .argument('<target>', 'https://portal.example.gov.vn/ | example.gov.vn | host:port')
    .option('--json', 'print the results as JSON')
    .option('--resolver <ip[:port]>', 'DNS server to ask (default: the system resolver)')
    .option('--timeout <ms>', 'time limit per probe in milliseconds', '10000')
    .option('--allow-internal', 'allow private, loopback and link-local targets (systems on an internal network)')
    .option('--ca-file <pem>', 'extra trusted CA certificates (PEM), e.g. a government CA')
    .option('--content', 'also look at the page for defacement, injected spam links and cloaking (one look, no learned profile; at least 30 s)')
    .addHelpText('after', '\nExit status: 0 all up, 1 something degraded or down, 2 the target was refused or invalid.\n')
    .action(async (input: string, opts: CheckOpts) => {
      const fail = (message: string) => {
        process.stderr.write(`error: ${message}\n`);
        process.exitCode = 2;
      };
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) return fail('--timeout must be a whole number of milliseconds between 100 and 120000');
      let caPem: string | undefined;
      if (opts.caFile) {
        try {
          caPem = readFileSync(opts.caFile, 'utf8');
        } catch (e) {
          return fail(`cannot read --ca-file: ${(e as Error).message}`);
        }
      }
      const plan = planChecks(input, { ...(opts.resolver ? { resolver: opts.resolver } : {}), ...(caPem ? { caPem } : {}), content: Boolean(opts.content) });
      if (typeof plan === 'string') return fail(plan);

      const policy = createAddressPolicy({ allowInternal: Boolean(opts.allowInternal) });
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        // Refuse up front with one clear message rather than four probes each saying "refused".
        // The probes check again at connect time; this is for the message, not the safety.
        const addresses = await resolveHost(plan.host, { resolver: opts.resolver ?? null, signal: controller.signal, timeoutMs }).catch(() => []);
        const refused = policyRefusal(plan.host, addresses, policy);
        if (refused) return fail(`${refused.replace(/^refused: /, `refusing to check ${plan.host}: `).replace(/ \(only allowed for .*\)$/, '')}\nUse --allow-internal if this system is on an internal network.`);

        const outcomes = await runChecks(plan.checks, { policy, timeoutMs, signal: controller.signal });
        if (opts.json) process.stdout.write(`${JSON.stringify({ target: input, status: worstStatus(outcomes), results: outcomes.map((o) => ({ kind: o.kind, target: o.target, ...o.result })) }, null, 2)}\n`);
        else process.stdout.write(formatReport(input, outcomes));
        process.exitCode = worstStatus(outcomes) === 'up' ? 0 : 1;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
