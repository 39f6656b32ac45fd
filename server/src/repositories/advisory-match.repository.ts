import type { Executor } from '../db/executor.ts';
import type { Scope } from '../domain/access-policy.ts';
import type { InventoryItem } from '../vulns/matching/inventory.ts';
import { systemInScope } from './advisory.repository.ts';

export interface MatchItem {
  vendor: string;
  product: string;
  version: string | null;
  status: 'affected' | 'possibly_affected';
  method: string;
  reason: string;
}

export interface MatchRow {
  system_id: string;
  cve: string;
  status: 'affected' | 'possibly_affected';
  items: MatchItem[];
}

export interface MatchedSystemRow extends MatchRow {
  system_name: string;
  agency_id: string;
  agency_name: string;
  agency_path: string;
}

/** advisory_matches: what the last re-match found, per (system, CVE). */
export class AdvisoryMatchRepository {
  /** Every system's inventory, for a full re-match (systems without software are left out). */
  async inventories(ex: Executor): Promise<{ id: string; inventory: InventoryItem[] }[]> {
    const rows = await ex.selectFrom('system_software').select(['system_id', 'vendor', 'product', 'version', 'cpe']).orderBy('system_id').orderBy('position').execute();
    const out: { id: string; inventory: InventoryItem[] }[] = [];
    let cur: { id: string; inventory: InventoryItem[] } | null = null;
    for (const r of rows) {
      if (!cur || cur.id !== r.system_id) {
        cur = { id: r.system_id, inventory: [] };
        out.push(cur);
      }
      cur.inventory.push({ vendor: r.vendor, product: r.product, version: r.version, cpe: r.cpe });
    }
    return out;
  }

  /** The stored matches as key → canonical items text, to diff a re-match against. */
  async current(ex: Executor): Promise<Map<string, { status: string; items: unknown }>> {
    const out = new Map<string, { status: string; items: unknown }>();
    let after = { s: '00000000-0000-0000-0000-000000000000', c: '' };
    for (;;) {
      const rows = await ex.selectFrom('advisory_matches').select(['system_id', 'cve', 'status', 'items'])
        .where((eb) => eb.or([eb('system_id', '>', after.s), eb.and([eb('system_id', '=', after.s), eb('cve', '>', after.c)])]))
        .orderBy('system_id').orderBy('cve').limit(10_000).execute();
      if (rows.length === 0) return out;
      for (const r of rows) out.set(`${r.system_id}|${r.cve}`, { status: r.status, items: r.items });
      const last = rows[rows.length - 1]!;
      after = { s: last.system_id, c: last.cve };
    }
  }

  async insertMany(ex: Executor, rows: MatchRow[], now: Date): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await ex.insertInto('advisory_matches')
        .values(rows.slice(i, i + 500).map((r) => ({ system_id: r.system_id, cve: r.cve, status: r.status, items: JSON.stringify(r.items), first_seen_at: now, updated_at: now })))
        .execute();
    }
  }

  async updateMany(ex: Executor, rows: MatchRow[], now: Date): Promise<void> {
    for (const r of rows) {
      await ex.updateTable('advisory_matches').set({ status: r.status, items: JSON.stringify(r.items), updated_at: now }).where('system_id', '=', r.system_id).where('cve', '=', r.cve).execute();
    }
  }

  async deleteMany(ex: Executor, keys: { system_id: string; cve: string }[]): Promise<void> {
    const bySystem = new Map<string, string[]>();
    for (const k of keys) bySystem.set(k.system_id, [...(bySystem.get(k.system_id) ?? []), k.cve]);
    for (const [system, cves] of bySystem) {
      for (let i = 0; i < cves.length; i += 1000) await ex.deleteFrom('advisory_matches').where('system_id', '=', system).where('cve', 'in', cves.slice(i, i + 1000)).execute();
    }
  }

  private joined(ex: Executor, scope: Scope) {
    return ex.selectFrom('advisory_matches as m')
      .innerJoin('information_systems as s', 's.id', 'm.system_id')
      .innerJoin('agencies as g', 'g.id', 's.owner_agency_id')
      .select(['m.system_id', 'm.cve', 'm.status', 'm.items', 's.name as system_name', 'g.id as agency_id', 'g.name as agency_name', 'g.path as agency_path'])
      .where(systemInScope(scope, 'm.system_id'));
  }

  /** The visible systems an advisory matches. */
  async forCve(ex: Executor, cve: string, scope: Scope): Promise<MatchedSystemRow[]> {
    return (await this.joined(ex, scope).where('m.cve', '=', cve).orderBy('g.name').orderBy('s.name').execute()) as MatchedSystemRow[];
  }

  /** Matches of these CVEs on visible systems (a warning's preview and its targets). */
  async forCves(ex: Executor, cves: string[], scope: Scope, includePossibly: boolean): Promise<MatchedSystemRow[]> {
    const out: MatchedSystemRow[] = [];
    for (let i = 0; i < cves.length; i += 1000) {
      let q = this.joined(ex, scope).where('m.cve', 'in', cves.slice(i, i + 1000));
      if (!includePossibly) q = q.where('m.status', '=', 'affected');
      out.push(...((await q.execute()) as MatchedSystemRow[]));
    }
    return out;
  }

  /** One system's matches with the advisories' summary fields. */
  async forSystem(ex: Executor, systemId: string) {
    const rows = await ex.selectFrom('advisory_matches as m').innerJoin('advisories as a', 'a.cve', 'm.cve')
      .select(['m.cve', 'm.status', 'm.items', 'a.title', 'a.severity', 'a.cvss_score', 'a.exploited', 'a.published_at'])
      .where('m.system_id', '=', systemId)
      .orderBy('a.exploited', 'desc').orderBy('a.cvss_score', 'desc').orderBy('m.cve', 'desc')
      .limit(2000)
      .execute();
    return rows.map((r) => ({ ...r, cvss_score: r.cvss_score === null ? null : Number(r.cvss_score), items: r.items as unknown as MatchItem[] }));
  }

  /** What a re-match depends on, as comparable marks: when none moved, a re-match would find the same. */
  async changeMarks(ex: Executor): Promise<Record<string, string | number>> {
    const a = await ex.selectFrom('advisories').select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll<number>().as('n')]).executeTakeFirstOrThrow();
    const s = await ex.selectFrom('information_systems').select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll<number>().as('n')]).executeTakeFirstOrThrow();
    const w = await ex.selectFrom('system_software').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
    return { advisoriesAt: iso(a.at), advisories: Number(a.n), systemsAt: iso(s.at), systems: Number(s.n), software: Number(w.n) };
  }
}
