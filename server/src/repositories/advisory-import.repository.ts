import type { Executor } from '../db/executor.ts';

export interface AdvisoryImportRow {
  id: string;
  actor_id: string | null;
  actor_label: string;
  source_kind: 'file' | 'url' | 'bundle';
  source_name: string;
  feed_kinds: string[];
  mode: 'rest' | 'all_or_nothing';
  status: 'imported' | 'partial' | 'rejected' | 'failed';
  bytes: number;
  sha256: string | null;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped_count: number;
  skipped: { file: string; index: number | string; reason: string }[];
  files: { name: string; kind: string | null; records: number; skipped: number }[];
  meta: Record<string, unknown>;
  rematch: Record<string, unknown> | null;
  started_at: Date;
  finished_at: Date;
}

/** The import log of the advisory catalogue: every run, kept. */
export class AdvisoryImportRepository {
  async insert(ex: Executor, r: AdvisoryImportRow): Promise<void> {
    await ex.insertInto('advisory_imports').values({
      ...r,
      skipped: JSON.stringify(r.skipped),
      files: JSON.stringify(r.files),
      meta: JSON.stringify(r.meta),
      rematch: r.rematch ? JSON.stringify(r.rematch) : null,
    }).execute();
  }

  async setRematch(ex: Executor, id: string, rematch: Record<string, unknown>): Promise<void> {
    await ex.updateTable('advisory_imports').set({ rematch: JSON.stringify(rematch) }).where('id', '=', id).execute();
  }

  async list(ex: Executor, limit: number): Promise<AdvisoryImportRow[]> {
    const rows = await ex.selectFrom('advisory_imports').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...(r as unknown as AdvisoryImportRow), bytes: Number(r.bytes) }));
  }

  async find(ex: Executor, id: string): Promise<AdvisoryImportRow | undefined> {
    const r = await ex.selectFrom('advisory_imports').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? ({ ...(r as unknown as AdvisoryImportRow), bytes: Number(r.bytes) }) : undefined;
  }
}
