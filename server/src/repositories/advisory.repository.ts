import { sql, type ExpressionBuilder, type Insertable, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';
import type { Advisory } from '../vulns/advisory.ts';
import type { CatalogueFields } from '../vulns/catalogue-fields.ts';
import type { AdvisoryFilter } from '../vulns/warnings/warning-filter.ts';
import { likeContains } from './scope-filter.ts';

export interface AdvisoryRow extends CatalogueFields {
  match_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface AdvisoryWrite extends Omit<AdvisoryRow, 'created_at' | 'updated_at' | 'match_count'> {
  data: Advisory;
}

const LIST_COLUMNS = [
  'a.cve', 'a.title', 'a.vendor', 'a.product', 'a.cvss_score', 'a.severity', 'a.exploited', 'a.known_ransomware',
  'a.published_at', 'a.modified_at', 'a.month', 'a.kbs', 'a.product_names', 'a.sources', 'a.data_hash', 'a.match_count', 'a.created_at', 'a.updated_at',
] as const;

type AQ = SelectQueryBuilder<DB & { a: DB['advisories'] }, 'a', object>;

/** A system is visible when its owner or its operator is in the subtree (as in the system repository). */
export function systemInScope(scope: Scope, systemIdRef: string) {
  return (eb: ExpressionBuilder<any, any>) => {
    if (scope.all) return eb.val(true);
    const p = `${scope.pathPrefix}%`;
    return eb.exists(
      eb.selectFrom('information_systems as vs')
        .innerJoin('agencies as vo', 'vo.id', 'vs.owner_agency_id')
        .leftJoin('agencies as vp', 'vp.id', 'vs.operator_agency_id')
        .select(sql`1`.as('one'))
        .where('vs.id', '=', eb.ref(systemIdRef))
        .where((e2: ExpressionBuilder<any, any>) => e2.or([e2('vo.path', 'like', p), e2('vp.path', 'like', p)])),
    );
  };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The advisory catalogue (migration 0009): one row per CVE, the whole record in `data`. */
export class AdvisoryRepository {
  private filtered(ex: Executor, f: AdvisoryFilter, scope: Scope): AQ {
    let q = ex.selectFrom('advisories as a') as unknown as AQ;
    if (f.q) {
      const like = likeContains(f.q);
      q = q.where((eb) => eb.or([eb('a.cve', 'ilike', like), eb('a.title', 'ilike', like), eb('a.product', 'ilike', like), eb('a.product_names', 'ilike', like), eb('a.vendor', 'ilike', like)]));
    }
    if (f.vendors?.length) q = q.where((eb) => eb(eb.fn('lower', ['a.vendor']), 'in', f.vendors!.map((v) => v.toLowerCase())));
    if (f.severities?.length) q = q.where('a.severity', 'in', f.severities);
    if (f.exploited !== undefined) q = q.where('a.exploited', '=', f.exploited);
    if (f.monthFrom) q = q.where('a.month', '>=', f.monthFrom);
    if (f.monthTo) q = q.where('a.month', '<=', f.monthTo);
    if (f.cves?.length) q = q.where('a.cve', 'in', f.cves);
    if (f.minCvss !== undefined) q = q.where('a.cvss_score', '>=', f.minCvss);
    if (f.sources?.length) q = q.where(sql<boolean>`a.sources && ${sql.val(f.sources)}::text[]`);
    if (f.matched) {
      if (scope.all) q = q.where('a.match_count', '>', 0);
      else {
        q = q.where((eb) => eb.exists(eb.selectFrom('system_vulnerabilities as v').select(sql`1`.as('one'))
          .where((e2) => e2.or([e2(sql`v.affected`, '@>', sql`array[a.cve]`), e2(sql`v.possibly`, '@>', sql`array[a.cve]`)]))
          .where(systemInScope(scope, 'v.system_id'))));
      }
    }
    return q;
  }

  /** One page of the catalogue, newest first. `match_count` is registry-wide (scoped counts: SystemVulnerabilityRepository). */
  async search(ex: Executor, f: AdvisoryFilter, scope: Scope, page: { limit: number; offset: number }): Promise<{ items: AdvisoryRow[]; total: number }> {
    const q = this.filtered(ex, f, scope);
    const { n } = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .select([...LIST_COLUMNS])
      .orderBy(sql`a.published_at desc nulls last`)
      .orderBy('a.cve', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return { items: rows.map((r) => ({ ...(r as unknown as AdvisoryRow), cvss_score: num(r.cvss_score) })), total: Number(n) };
  }

  /** Every CVE id the filter selects (for a warning), at most `limit`. */
  async cvesFor(ex: Executor, f: AdvisoryFilter, scope: Scope, limit: number): Promise<string[]> {
    const rows = await this.filtered(ex, f, scope).select('a.cve').orderBy('a.cve').limit(limit).execute();
    return rows.map((r) => r.cve);
  }

  async find(ex: Executor, cve: string): Promise<(AdvisoryRow & { data: Advisory }) | undefined> {
    const r = await ex.selectFrom('advisories as a').select([...LIST_COLUMNS, 'a.data']).where('a.cve', '=', cve).executeTakeFirst();
    return r ? ({ ...(r as unknown as AdvisoryRow), cvss_score: num(r.cvss_score), data: r.data as unknown as Advisory }) : undefined;
  }

  /** The stored records of these CVEs (for merging a re-import into them). */
  async findData(ex: Executor, cves: string[]): Promise<Map<string, { data: Advisory; hash: string }>> {
    const out = new Map<string, { data: Advisory; hash: string }>();
    for (let i = 0; i < cves.length; i += 1000) {
      const rows = await ex.selectFrom('advisories').select(['cve', 'data', 'data_hash']).where('cve', 'in', cves.slice(i, i + 1000)).execute();
      for (const r of rows) out.set(r.cve, { data: r.data as unknown as Advisory, hash: r.data_hash });
    }
    return out;
  }

  async summaries(ex: Executor, cves: string[], scope: Scope): Promise<AdvisoryRow[]> {
    if (cves.length === 0) return [];
    return (await this.search(ex, { cves }, scope, { limit: cves.length, offset: 0 })).items;
  }

  async insertMany(ex: Executor, rows: AdvisoryWrite[], now: Date): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await ex.insertInto('advisories').values(rows.slice(i, i + 200).map((r) => this.encode(r, now))).execute();
    }
  }

  async update(ex: Executor, r: AdvisoryWrite, now: Date): Promise<void> {
    const { cve: _c, created_at: _cr, ...set } = this.encode(r, now);
    await ex.updateTable('advisories').set(set).where('cve', '=', r.cve).execute();
  }

  private encode(r: AdvisoryWrite, now: Date): Insertable<DB['advisories']> {
    return {
      cve: r.cve, title: r.title, vendor: r.vendor, product: r.product, cvss_score: r.cvss_score, severity: r.severity,
      exploited: r.exploited, known_ransomware: r.known_ransomware, published_at: r.published_at, modified_at: r.modified_at,
      month: r.month, kbs: r.kbs, product_names: r.product_names, sources: r.sources, data: JSON.stringify(r.data), data_hash: r.data_hash,
      created_at: now, updated_at: now,
    };
  }

  /** Vendors with their advisory count, for the filter list. */
  async vendors(ex: Executor): Promise<{ vendor: string; count: number }[]> {
    const rows = await ex.selectFrom('advisories').select(['vendor', (eb) => eb.fn.countAll<number>().as('n')]).where('vendor', 'is not', null).groupBy('vendor').orderBy('n', 'desc').orderBy('vendor').limit(2000).execute();
    return rows.map((r) => ({ vendor: r.vendor!, count: Number(r.n) }));
  }

  /** Every record, in pages (the re-match reads the whole catalogue). */
  async *allData(ex: Executor, pageSize = 5000): AsyncGenerator<Advisory[]> {
    let after = '';
    for (;;) {
      const rows = await ex.selectFrom('advisories').select(['cve', 'data']).where('cve', '>', after).orderBy('cve').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map((r) => r.data as unknown as Advisory);
      after = rows[rows.length - 1]!.cve;
    }
  }

  async count(ex: Executor): Promise<number> {
    const { n } = await ex.selectFrom('advisories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }
}
