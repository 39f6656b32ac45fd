import type { AdvisoryRow } from '../repositories/advisory.repository.ts';
import type { AdvisoryImportRow } from '../repositories/advisory-import.repository.ts';
import type { Advisory } from '../vulns/advisory.ts';

/** The catalogue's transport shapes (contracts/vuln.schema.ts describes them). */
export function toAdvisorySummary(r: AdvisoryRow & { matched_systems?: number }) {
  return {
    cve: r.cve,
    title: r.title,
    vendor: r.vendor,
    product: r.product,
    cvssScore: r.cvss_score,
    severity: r.severity,
    exploited: r.exploited,
    knownRansomware: r.known_ransomware,
    publishedAt: r.published_at?.toISOString() ?? null,
    month: r.month,
    kbs: r.kbs,
    sources: r.sources,
    matchedSystems: r.matched_systems ?? 0,
  };
}
export type AdvisorySummary = ReturnType<typeof toAdvisorySummary>;

export function toAdvisoryDetail(r: AdvisoryRow & { data: Advisory; matched_systems?: number }) {
  const a = r.data;
  let criteria = 0;
  for (const conf of a.configurations ?? []) for (const n of conf ?? []) criteria += n?.cpeMatch?.length ?? 0;
  return {
    ...toAdvisorySummary(r),
    description: a.description ?? null,
    cvssVector: a.cvssVector ?? null,
    kevDateAdded: a.kevDateAdded ?? null,
    kevDueDate: a.kevDueDate ?? null,
    modifiedAt: r.modified_at?.toISOString() ?? null,
    references: (a.references ?? []).slice(0, 200),
    cwes: a.cwes ?? [],
    products: (a.products ?? []).slice(0, 500).map((p) => ({ productId: p.productId, name: p.name, fixedBuild: p.fixedBuild ?? null, kbs: (p.kbs ?? []).map((k) => `KB${String(k).replace(/^KB/i, '')}`), status: p.status ?? 'affected' })),
    cpeCriteria: criteria,
  };
}

export function toImportRun(r: AdvisoryImportRow) {
  return {
    id: r.id,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at.toISOString(),
    sourceKind: r.source_kind,
    sourceName: r.source_name,
    feedKinds: r.feed_kinds,
    mode: r.mode,
    status: r.status,
    bytes: r.bytes,
    records: r.records,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    skippedCount: r.skipped_count,
    skipped: r.skipped.map((s) => ({ file: s.file, index: String(s.index), reason: s.reason })),
    files: r.files,
    rematch: r.rematch,
    actorName: r.actor_label,
  };
}
