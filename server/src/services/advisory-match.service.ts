import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { isCoordinator } from '../domain/incident-access.ts';
import type { Clock } from '../io/clock.ts';
import type { AdvisoryMatchRepository, MatchItem, MatchRow } from '../repositories/advisory-match.repository.ts';
import type { AdvisoryRepository } from '../repositories/advisory.repository.ts';
import type { SystemService } from './system.service.ts';
import type { Advisory } from '../vulns/advisory.ts';
import { buildAdvisoryIndex, matchAll, type SystemMatch } from '../vulns/matching/match-index.ts';

export interface RematchSummary {
  systems: number;
  advisories: number;
  matches: number;
  affected: number;
  possiblyAffected: number;
  added: number;
  changed: number;
  removed: number;
  durationMs: number;
}

/** (system, CVE) rows from item-level matches: affected when any item is certainly affected. */
export function groupMatches(matches: readonly SystemMatch[]): MatchRow[] {
  const by = new Map<string, MatchRow>();
  for (const m of matches) {
    const key = `${m.systemId}|${m.cve}`;
    const item: MatchItem = {
      vendor: m.match.item.vendor, product: m.match.item.product, version: m.match.item.version,
      status: m.match.status, method: m.match.method, reason: m.match.reason,
    };
    const row = by.get(key);
    if (!row) by.set(key, { system_id: m.systemId, cve: m.cve, status: m.match.status, items: [item] });
    else {
      if (row.items.length < 20) row.items.push(item);
      if (m.match.status === 'affected') row.status = 'affected';
    }
  }
  return [...by.values()];
}

/**
 * Matching the catalogue against the registry's software inventory. A full re-match reads every
 * advisory and every inventory, matches in memory through the index (server/src/vulns/matching),
 * and writes only the difference, so matches keep their first-seen time and a re-match that
 * finds nothing new writes nothing. Runs after each import, from the `advisory-rematch` job when
 * the catalogue or an inventory changed, and on demand.
 */
export class AdvisoryMatchService {
  private running: Promise<RematchSummary> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { advisories: AdvisoryRepository; matches: AdvisoryMatchRepository; systems: SystemService },
    private readonly clock: Clock,
  ) {}

  /** One at a time in this process; the advisory lock keeps two processes from interleaving. */
  rematchAll(): Promise<RematchSummary> {
    if (!this.running) this.running = this.doRematch().finally(() => (this.running = null));
    return this.running;
  }

  changeMarks() {
    return this.repos.matches.changeMarks(this.db);
  }

  async rematchFor(actor: Actor): Promise<RematchSummary> {
    if (!isCoordinator(actor)) throw new ForbiddenError('Only the coordinating unit runs a re-match');
    return this.rematchAll();
  }

  private async doRematch(): Promise<RematchSummary> {
    const t0 = performance.now();
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('vigil:advisory-rematch'))`.execute(trx);
      const advisories: Advisory[] = [];
      for await (const page of this.repos.advisories.allData(trx)) advisories.push(...page);
      const systems = await this.repos.matches.inventories(trx);
      const rows = groupMatches(matchAll(systems, buildAdvisoryIndex(advisories)));
      const current = await this.repos.matches.current(trx);
      const inserts: MatchRow[] = [];
      const updates: MatchRow[] = [];
      for (const r of rows) {
        const key = `${r.system_id}|${r.cve}`;
        const cur = current.get(key);
        current.delete(key);
        if (!cur) inserts.push(r);
        else if (cur.status !== r.status || canonicalJson(cur.items) !== canonicalJson(r.items)) updates.push(r);
      }
      const removed = [...current.keys()].map((k) => ({ system_id: k.slice(0, k.indexOf('|')), cve: k.slice(k.indexOf('|') + 1) }));
      const now = this.clock.now();
      await this.repos.matches.insertMany(trx, inserts, now);
      await this.repos.matches.updateMany(trx, updates, now);
      await this.repos.matches.deleteMany(trx, removed);
      const affected = rows.filter((r) => r.status === 'affected').length;
      return {
        systems: systems.length, advisories: advisories.length, matches: rows.length, affected, possiblyAffected: rows.length - affected,
        added: inserts.length, changed: updates.length, removed: removed.length, durationMs: Math.round(performance.now() - t0),
      };
    });
  }

  /** The vulnerabilities matched on one system the actor can see. */
  async forSystem(actor: Actor, systemId: string) {
    await this.repos.systems.getVisible(this.db, actor, systemId);
    return (await this.repos.matches.forSystem(this.db, systemId)).map((r) => ({
      cve: r.cve, title: r.title, severity: r.severity, cvssScore: r.cvss_score, exploited: r.exploited,
      publishedAt: r.published_at?.toISOString() ?? null, status: r.status, items: r.items,
    }));
  }
}
