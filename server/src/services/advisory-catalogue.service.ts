import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import { readScope, type Scope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { AdvisoryRepository, AdvisoryRow } from '../repositories/advisory.repository.ts';
import type { SystemVulnerabilityRepository } from '../repositories/system-vulnerability.repository.ts';
import { checkFilter, normaliseFilter, type AdvisoryFilter } from '../vulns/warnings/warning-filter.ts';
import { toAdvisoryDetail, toAdvisorySummary } from './advisory-dto.ts';
import type { AdvisoryMatchService } from './advisory-match.service.ts';

/** At most this many matched systems are explained on an advisory's page (the count is exact). */
const MAX_EXPLAINED = 500;

/**
 * Reading the advisory catalogue. Advisories are public knowledge and everyone signed in reads
 * them; which systems they match is scoped like the systems themselves.
 */
export class AdvisoryCatalogueService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { advisories: AdvisoryRepository; vulns: SystemVulnerabilityRepository },
    private readonly matcher: AdvisoryMatchService,
  ) {}

  /** Summaries with the number of systems each matches in the viewer's scope. */
  async summaries(ex: Executor, rows: AdvisoryRow[], scope: Scope) {
    const counts = scope.all ? null : await this.repos.vulns.countsFor(ex, rows.map((r) => r.cve), scope);
    return rows.map((r) => toAdvisorySummary({ ...r, matched_systems: counts ? counts.get(r.cve) ?? 0 : r.match_count }));
  }

  async search(actor: Actor, filter: AdvisoryFilter, page: { limit: number; offset: number }) {
    const problems = checkFilter(filter, '');
    if (problems.length) throw new ValidationError('The filter is not valid', problems);
    const scope = readScope(actor);
    const { items, total } = await this.repos.advisories.search(this.db, normaliseFilter(filter), scope, page);
    return { items: await this.summaries(this.db, items, scope), total };
  }

  async get(actor: Actor, cve: string) {
    const row = await this.repos.advisories.find(this.db, cve.trim().toUpperCase());
    if (!row) throw new NotFoundError('Advisory');
    const hits = await this.repos.vulns.systemsFor(this.db, [row.cve], readScope(actor));
    const shown = hits.slice(0, MAX_EXPLAINED);
    const why = new Map((await this.matcher.explain(this.db, [row.data], shown.map((h) => h.system_id))).map((m) => [m.systemId, m]));
    return {
      ...toAdvisoryDetail({ ...row, matched_systems: hits.length }),
      matches: shown.map((h) => ({
        systemId: h.system_id, systemName: h.system_name, agencyId: h.agency_id, agencyName: h.agency_name,
        status: why.get(h.system_id)?.status ?? (h.affected.length ? 'affected' : 'possibly_affected'), items: why.get(h.system_id)?.items ?? [],
      })),
    };
  }

  async vendors(_actor: Actor) {
    return this.repos.advisories.vendors(this.db);
  }
}
