import { SEVERITIES, type Severity } from '../notifications/channel.ts';

/**
 * Routing: which escalation policy an alert follows and which group it joins. Rules are tried in
 * order; the first enabled rule whose match fits wins. Grouping turns a storm into one page: with
 * `hosting`, every alert of the same kind family from systems at one hosting provider joins the
 * group opened by the first, for `groupWindowSeconds` after it opened.
 */

export type AlertSource = 'monitoring' | 'detection' | 'external';
export const ALERT_SOURCES: readonly AlertSource[] = ['monitoring', 'detection', 'external'];
export type GroupBy = 'none' | 'hosting' | 'agency' | 'kind';
export const GROUP_BY: readonly GroupBy[] = ['none', 'hosting', 'agency', 'kind'];

export interface RouteMatch {
  agencyIds?: string[];
  /** With agencyIds: also their sub-agencies (default true). */
  includeSubAgencies?: boolean;
  severities?: Severity[];
  /** Kind prefixes: "monitor." matches monitor.down and monitor.flapping. */
  kinds?: string[];
  sources?: AlertSource[];
}

export interface RoutingRule {
  id: string;
  enabled: boolean;
  match: RouteMatch;
  policyId: string | null;
  groupBy: GroupBy;
  groupWindowSeconds: number;
}

/** What routing needs to know about one alert. */
export interface RoutableAlert {
  kind: string;
  severity: Severity;
  source: AlertSource;
  agencyId: string | null;
  /** The agency's materialized path ('/root/child/'), for sub-agency matches. */
  agencyPath: string | null;
  systemId: string | null;
  hostingProvider: string | null;
}

export function ruleMatches(rule: RoutingRule, a: RoutableAlert, agencyPaths: ReadonlyMap<string, string>): boolean {
  if (!rule.enabled) return false;
  const m = rule.match;
  if (m.severities?.length && !m.severities.includes(a.severity)) return false;
  if (m.sources?.length && !m.sources.includes(a.source)) return false;
  if (m.kinds?.length && !m.kinds.some((k) => a.kind === k || a.kind.startsWith(k))) return false;
  if (m.agencyIds?.length) {
    if (!a.agencyId) return false;
    const sub = m.includeSubAgencies !== false;
    const hit = m.agencyIds.some((id) => {
      if (id === a.agencyId) return true;
      const path = agencyPaths.get(id);
      return sub && !!path && !!a.agencyPath && a.agencyPath.startsWith(path);
    });
    if (!hit) return false;
  }
  return true;
}

export function routeAlert(rules: readonly RoutingRule[], a: RoutableAlert, agencyPaths: ReadonlyMap<string, string>): RoutingRule | null {
  return rules.find((r) => ruleMatches(r, a, agencyPaths)) ?? null;
}

/** monitor.down and monitor.degraded are one outage family; content.* another. */
export function kindFamily(kind: string): string {
  const dot = kind.indexOf('.');
  return dot > 0 ? kind.slice(0, dot) : kind;
}

/**
 * The key alerts are grouped by. Null: the alert gets a group of its own. Different rules never
 * share a group (the rule decides the policy).
 */
export function groupKeyFor(rule: RoutingRule | null, a: RoutableAlert): string | null {
  const by = rule?.groupBy ?? 'none';
  const prefix = `r:${rule?.id ?? 'default'}`;
  switch (by) {
    case 'hosting': {
      const host = a.hostingProvider?.trim().toLowerCase().replace(/\s+/g, ' ');
      return host ? `${prefix}|hosting:${host}|${kindFamily(a.kind)}` : null;
    }
    case 'agency':
      return a.agencyId ? `${prefix}|agency:${a.agencyId}|${kindFamily(a.kind)}` : null;
    case 'kind':
      return `${prefix}|kind:${a.kind}`;
    default:
      return null;
  }
}

export function severityRank(s: string): number {
  return SEVERITIES.indexOf(s as Severity);
}

export function maxSeverity(a: string, b: string): Severity {
  return (severityRank(a) >= severityRank(b) ? a : b) as Severity;
}

export function routeMatchIssues(m: unknown, at = '/match'): { field: string; message: string }[] {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return [{ field: at, message: 'must be an object' }];
  const o = m as Record<string, unknown>;
  const issues: { field: string; message: string }[] = [];
  const list = (k: string, ok: (v: unknown) => boolean, msg: string) => {
    if (o[k] === undefined) return;
    if (!Array.isArray(o[k]) || (o[k] as unknown[]).length > 200 || !(o[k] as unknown[]).every(ok)) issues.push({ field: `${at}/${k}`, message: msg });
  };
  list('agencyIds', (v) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v), 'must be a list of agency ids');
  list('severities', (v) => SEVERITIES.includes(v as Severity), `must be a list of ${SEVERITIES.join(', ')}`);
  list('kinds', (v) => typeof v === 'string' && /^[a-z0-9._-]{1,60}$/i.test(v), 'must be a list of kind prefixes (letters, digits, . _ -)');
  list('sources', (v) => ALERT_SOURCES.includes(v as AlertSource), `must be a list of ${ALERT_SOURCES.join(', ')}`);
  if (o.includeSubAgencies !== undefined && typeof o.includeSubAgencies !== 'boolean') issues.push({ field: `${at}/includeSubAgencies`, message: 'must be true or false' });
  for (const k of Object.keys(o)) {
    if (!['agencyIds', 'severities', 'kinds', 'sources', 'includeSubAgencies'].includes(k)) issues.push({ field: `${at}/${k}`, message: 'unknown field' });
  }
  return issues;
}
