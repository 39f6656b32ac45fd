import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { isCoordinator } from '../domain/incident-access.ts';
import type { Clock } from '../io/clock.ts';
import type { AdvisoryRepository } from '../repositories/advisory.repository.ts';
import type { SystemVulnerabilityRepository, SystemVulnRow } from '../repositories/system-vulnerability.repository.ts';
import type { Advisory } from '../vulns/advisory.ts';
import { buildAdvisoryIndex, matchAll, type SystemMatch } from '../vulns/matching/match-index.ts';
import type { SystemService } from './system.service.ts';

export interface RematchSummary {
  systems: number;
  advisories: number;
  matches: number;
  affected: number;
  possiblyAffected: number;
  /** Systems whose stored result changed (written) or that no longer match anything (removed). */
  changedSystems: number;
  removedSystems: number;
  durationMs: number;
}

export interface MatchItem {
  vendor: string;
  product: string;
  version: string | null;
  status: 'affected' | 'possibly_affected';
  method: string;
  reason: string;
}

/** One (system, CVE) with every inventory item that matched and why. */
export interface ExplainedMatch {
  systemId: string;
  cve: string;
  status: 'affected' | 'possibly_affected';
  items: MatchItem[];
}

/** (system, CVE) rows from item-level matches: affected when any item is certainly affected. */
export function groupMatches(matches: readonly SystemMatch[]): ExplainedMatch[] {
  const by = new Map<string, ExplainedMatch>();
  for (const m of matches) {
    const key = `${m.systemId}|${m.cve}`;
    const item: MatchItem = {
      vendor: m.match.item.vendor, product: m.match.item.product, version: m.match.item.version,
      status: m.match.status, method: m.match.method, reason: m.match.reason,
    };
    const row = by.get(key);
    if (!row) by.set(key, { systemId: m.systemId, cve: m.cve, status: m.match.status, items: [item] });
    else {
      if (row.items.length < 20) row.items.push(item);
      if (m.match.status === 'affected') row.status = 'affected';
    }
  }
  return [...by.values()];
}

/**
 * Matching the catalogue against the registry's software inventory. A full re-match reads every
 * advisory and inventory, matches in memory (server/src/vulns/matching, one evaluation per
 * distinct inventory row), and stores per system the CVEs it certainly / possibly matches,
 * writing only the systems whose result changed. Why a system matched is worked out again when
 * someone looks (`explain`: one CVE or one system at a time is cheap), so reasons never go stale.
 * Runs after each import, from the `advisory-rematch` job when the catalogue or an inventory
 * changed, and on demand.
 */
export class AdvisoryMatchService {
  private running: Promise<RematchSummary> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { advisories: AdvisoryRepository; vulns: SystemVulnerabilityRepository; systems: SystemService },
    private readonly clock: Clock,
  ) {}

  /** One at a time in this process; the advisory lock keeps two processes from interleaving. */
  rematchAll(): Promise<RematchSummary> {
    if (!this.running) this.running = this.doRematch().finally(() => (this.running = null));
    return this.running;
  }

  changeMarks() {
    return this.repos.vulns.changeMarks(this.db);
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
      const systems = await this.repos.vulns.inventories(trx);
      const current = await this.repos.vulns.digests(trx);
      const changed: (SystemVulnRow & { digest: string })[] = [];
      const counts = new Map<string, number>();
      let affected = 0;
      let possibly = 0;
      matchAll(systems, buildAdvisoryIndex(advisories), {
        onSystem: (id, ms) => {
          const status = new Map<string, boolean>();
          for (const m of ms) status.set(m.cve, status.get(m.cve) === true || m.match.status === 'affected');
          const a: string[] = [];
          const p: string[] = [];
          for (const [cve, certain] of status) {
            (certain ? a : p).push(cve);
            counts.set(cve, (counts.get(cve) ?? 0) + 1);
          }
          affected += a.length;
          possibly += p.length;
          const had = current.get(id);
          if (a.length + p.length === 0) return; // left in `current` when stored: deleted below
          current.delete(id);
          a.sort();
          p.sort();
          const digest = createHash('sha1').update(a.join(',')).update('|').update(p.join(',')).digest('hex');
          if (had !== digest) changed.push({ system_id: id, affected: a, possibly: p, digest });
        },
      });
      const removed = [...current.keys()];
      const now = this.clock.now();
      await this.repos.vulns.upsertMany(trx, changed, now);
      await this.repos.vulns.deleteMany(trx, removed);
      await this.repos.vulns.setCounts(trx, counts);
      return {
        systems: systems.length, advisories: advisories.length, matches: affected + possibly, affected, possiblyAffected: possibly,
        changedSystems: changed.length, removedSystems: removed.length, durationMs: Math.round(performance.now() - t0),
      };
    });
  }

  /** Why these systems match these advisories, item by item (matched afresh). */
  async explain(ex: Executor, advisories: Advisory[], systemIds: string[]): Promise<ExplainedMatch[]> {
    if (advisories.length === 0 || systemIds.length === 0) return [];
    const systems = await this.repos.vulns.inventories(ex, systemIds);
    return groupMatches(matchAll(systems, buildAdvisoryIndex(advisories)));
  }

  /** The vulnerabilities matched on one system the actor can see, each with why. */
  async forSystem(actor: Actor, systemId: string) {
    await this.repos.systems.getVisible(this.db, actor, systemId);
    const row = await this.repos.vulns.forSystem(this.db, systemId);
    if (!row) return [];
    const data = await this.repos.advisories.findData(this.db, [...row.affected, ...row.possibly]);
    const advisories = [...data.values()].map((d) => d.data);
    const explained = new Map((await this.explain(this.db, advisories, [systemId])).map((m) => [m.cve, m]));
    const out: { cve: string; title: string | null; severity: string | null; cvssScore: number | null; exploited: boolean; publishedAt: string | null; status: string; items: MatchItem[] }[] = [];
    for (const a of advisories) {
      const m = explained.get(a.cve);
      if (!m) continue;
      out.push({ cve: a.cve, title: a.title ?? null, severity: a.severity ?? null, cvssScore: a.cvssScore ?? null, exploited: a.exploited === true, publishedAt: a.publishedAt ?? null, status: m.status, items: m.items });
    }
    const rank = (x: (typeof out)[number]) => (x.exploited ? 100 : 0) + (x.cvssScore ?? 0);
    return out.sort((x, y) => rank(y) - rank(x) || y.cve.localeCompare(x.cve));
  }
}
