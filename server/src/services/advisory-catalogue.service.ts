import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { AdvisoryMatchRepository } from '../repositories/advisory-match.repository.ts';
import type { AdvisoryRepository } from '../repositories/advisory.repository.ts';
import { checkFilter, normaliseFilter, type AdvisoryFilter } from '../vulns/warnings/warning-filter.ts';
import { toAdvisoryDetail, toAdvisorySummary } from './advisory-dto.ts';

/**
 * Reading the advisory catalogue. Advisories are public knowledge and everyone signed in reads
 * them; which systems they match is scoped like the systems themselves.
 */
export class AdvisoryCatalogueService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { advisories: AdvisoryRepository; matches: AdvisoryMatchRepository },
  ) {}

  async search(actor: Actor, filter: AdvisoryFilter, page: { limit: number; offset: number }) {
    const problems = checkFilter(filter, '');
    if (problems.length) throw new ValidationError('The filter is not valid', problems);
    const { items, total } = await this.repos.advisories.search(this.db, normaliseFilter(filter), readScope(actor), page);
    return { items: items.map(toAdvisorySummary), total };
  }

  async get(actor: Actor, cve: string) {
    const row = await this.repos.advisories.find(this.db, cve.trim().toUpperCase());
    if (!row) throw new NotFoundError('Advisory');
    const matches = await this.repos.matches.forCve(this.db, row.cve, readScope(actor));
    return {
      ...toAdvisoryDetail({ ...row, matched_systems: matches.length }),
      matches: matches.map((m) => ({ systemId: m.system_id, systemName: m.system_name, agencyId: m.agency_id, agencyName: m.agency_name, status: m.status, items: m.items })),
    };
  }

  async vendors(_actor: Actor) {
    return this.repos.advisories.vendors(this.db);
  }
}
