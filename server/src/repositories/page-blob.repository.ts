import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';

/**
 * Content-addressed snapshots and screenshots (`page_blobs`): the key is the SHA-256 of the
 * bytes, so storing the same page twice is a no-op. Every store touches last_referenced_at,
 * which is what retention looks at before deleting a blob no analysis points to any more.
 */
export interface BlobInput {
  sha256: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface BlobRow {
  sha256: string;
  content_type: string;
  size: number;
  bytes: Uint8Array;
}

export class PageBlobRepository {
  /** Insert-if-absent, one statement per blob (each may be megabytes: no giant multi-row statement). */
  async putMany(ex: Executor, blobs: BlobInput[], at: Date): Promise<void> {
    const seen = new Set<string>();
    for (const b of blobs) {
      if (seen.has(b.sha256)) continue;
      seen.add(b.sha256);
      await ex
        .insertInto('page_blobs')
        .values({ sha256: b.sha256, content_type: b.contentType.slice(0, 200), size: b.bytes.length, bytes: Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.length), created_at: at, last_referenced_at: at })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ last_referenced_at: at }))
        .execute();
    }
  }

  async get(ex: Executor, sha256: string): Promise<BlobRow | undefined> {
    const r = await ex.selectFrom('page_blobs').select(['sha256', 'content_type', 'size', 'bytes']).where('sha256', '=', sha256).executeTakeFirst();
    return r ? { ...r, bytes: new Uint8Array(r.bytes) } : undefined;
  }

  /** Which of these blobs are stored. */
  async existing(ex: Executor, shas: string[]): Promise<Set<string>> {
    if (shas.length === 0) return new Set();
    const rows = await ex.selectFrom('page_blobs').select('sha256').where('sha256', 'in', [...new Set(shas)]).execute();
    return new Set(rows.map((r) => r.sha256));
  }

  /**
   * Deletes blobs no analysis points at (as snapshot, screenshot or any fetch) and not
   * referenced since `before`, at most `limit` per call so one statement stays short.
   */
  async deleteUnreferenced(ex: Executor, before: Date, limit = 500): Promise<number> {
    const r = await sql`
      delete from page_blobs where sha256 in (
        select b.sha256 from page_blobs b
        where b.last_referenced_at < ${before}
          and not exists (select 1 from page_analyses a where a.snapshot_sha256 = b.sha256)
          and not exists (select 1 from page_analyses a where a.screenshot_sha256 = b.sha256)
          and not exists (select 1 from page_analyses a where a.fetches @> jsonb_build_array(jsonb_build_object('sha256', b.sha256)))
        limit ${limit})`.execute(ex);
    return Number(r.numAffectedRows ?? 0);
  }
}
