import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError, ValidationError } from '../domain/errors.ts';
import { isCoordinator } from '../domain/incident-access.ts';
import type { Clock } from '../io/clock.ts';
import type { FeedFetcher } from '../io/feed-fetcher.ts';
import type { AdvisoryImportRepository, AdvisoryImportRow } from '../repositories/advisory-import.repository.ts';
import type { AdvisoryRepository, AdvisoryWrite } from '../repositories/advisory.repository.ts';
import type { AppSettingRepository } from '../repositories/app-setting.repository.ts';
import type { Advisory } from '../vulns/advisory.ts';
import { catalogueFields } from '../vulns/catalogue-fields.ts';
import { importFeed } from '../vulns/importers/detect-format.ts';
import { mergeAdvisories, mergeAll } from '../vulns/importers/merge-advisories.ts';
import { readBundle } from '../vulns/importers/offline-bundle.ts';
import type { AuditService } from './audit.service.ts';

export type ImportMode = 'rest' | 'all_or_nothing';
export const IMPORT_MODE_KEY = 'vulns.importMode';
const MAX_SKIPPED_KEPT = 300;

export interface ImportedRematch {
  rematchAll(): Promise<object>;
}

interface ParsedFile {
  name: string;
  kind: string | null;
  records: Advisory[];
  skipped: { index: number | string; reason: string }[];
  meta: Record<string, unknown>;
}

/**
 * Imports vulnerability feeds into the catalogue: one file, a URL, or an offline bundle (a ZIP
 * of feed files made on a machine with internet). Every record is merged per CVE with what is
 * stored (KEV adds "exploited" to NVD's CVSS, MSRC adds KBs), so re-importing a file updates and
 * never duplicates. In "rest" mode what parses is written and the rest is reported; in
 * "all_or_nothing" mode one skipped record rejects the whole import. Either way it is one
 * transaction: an import is never half-written, and a record is never half a record (the
 * importers return whole records or skip them). Each run is logged in advisory_imports.
 */
export class AdvisoryImportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { advisories: AdvisoryRepository; imports: AdvisoryImportRepository; settings: AppSettingRepository },
    private readonly fetcher: FeedFetcher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly opts: { maxBytes: number; rematch?: ImportedRematch },
  ) {}

  assertCanImport(actor: Actor): void {
    if (!isCoordinator(actor)) throw new ForbiddenError('Only the coordinating unit imports vulnerability feeds');
  }

  async defaultMode(): Promise<ImportMode> {
    const v = await this.repos.settings.get(this.db, IMPORT_MODE_KEY);
    return v?.mode === 'all_or_nothing' ? 'all_or_nothing' : 'rest';
  }

  async settings(_actor: Actor): Promise<{ importMode: ImportMode }> {
    return { importMode: await this.defaultMode() };
  }

  async saveSettings(actor: Actor, s: { importMode: ImportMode }): Promise<{ importMode: ImportMode }> {
    if (actor.role !== 'admin') throw new ForbiddenError('Only administrators change import settings');
    const before = await this.defaultMode();
    await this.db.transaction().execute(async (trx) => {
      await this.repos.settings.put(trx, IMPORT_MODE_KEY, { mode: s.importMode }, this.clock.now());
      await this.audit.record(trx, actor, { action: 'vulns.settings', entityType: 'setting', entityId: null, summary: IMPORT_MODE_KEY, before: { importMode: before }, after: s });
    });
    return s;
  }

  async importUrl(actor: Actor, url: string, mode?: ImportMode): Promise<AdvisoryImportRow> {
    this.assertCanImport(actor);
    const { name, data } = await this.fetcher.fetch(url);
    return this.run(actor, { kind: 'url', name: url.slice(0, 500), fileName: name, data }, mode);
  }

  async importFile(actor: Actor, file: { name: string; data: Buffer }, mode?: ImportMode): Promise<AdvisoryImportRow> {
    this.assertCanImport(actor);
    return this.run(actor, { kind: 'file', name: file.name.slice(0, 500), fileName: file.name, data: file.data }, mode);
  }

  private parse(fileName: string, data: Buffer): { bundle: boolean; files: ParsedFile[] } {
    const isZip = data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
    if (!isZip) {
      const r = importFeed(data, { maxBytes: this.opts.maxBytes });
      return { bundle: false, files: [{ name: fileName, kind: r.kind, records: r.records, skipped: r.skipped, meta: r.meta }] };
    }
    const entries = readBundle(data, { maxBytes: this.opts.maxBytes });
    return {
      bundle: true,
      files: entries.map((e) => {
        if ('problem' in e) return { name: e.name, kind: null, records: [], skipped: [{ index: 'file', reason: e.problem }], meta: {} };
        const r = importFeed(e.data, { maxBytes: this.opts.maxBytes });
        return { name: e.name, kind: r.kind, records: r.records, skipped: r.skipped, meta: r.meta };
      }),
    };
  }

  private async run(actor: Actor, src: { kind: 'file' | 'url'; name: string; fileName: string; data: Buffer }, modeIn?: ImportMode): Promise<AdvisoryImportRow> {
    const startedAt = this.clock.now();
    const mode = modeIn ?? (await this.defaultMode());
    if (src.data.length > this.opts.maxBytes) {
      throw new ValidationError(`The feed is larger than ${this.opts.maxBytes} bytes`, [{ field: 'file', message: 'is too large' }]);
    }
    const { bundle, files } = this.parse(src.fileName, src.data);
    const skipped = files.flatMap((f) => f.skipped.map((s) => ({ file: f.name, index: s.index, reason: s.reason })));
    const all = files.flatMap((f) => f.records);
    const readable = all.length > 0;
    const status: AdvisoryImportRow['status'] = !readable ? 'failed' : skipped.length === 0 ? 'imported' : mode === 'all_or_nothing' ? 'rejected' : 'partial';
    const row: AdvisoryImportRow = {
      id: randomUUID(), actor_id: actor.via === 'system' ? null : actor.userId, actor_label: actor.username,
      source_kind: bundle ? 'bundle' : src.kind, source_name: src.name, feed_kinds: [...new Set(files.map((f) => f.kind).filter((k): k is string => !!k))],
      mode, status, bytes: src.data.length, sha256: createHash('sha256').update(src.data).digest('hex'),
      records: all.length, created: 0, updated: 0, unchanged: 0, skipped_count: skipped.length, skipped: skipped.slice(0, MAX_SKIPPED_KEPT),
      files: files.map((f) => ({ name: f.name.slice(0, 200), kind: f.kind, records: f.records.length, skipped: f.skipped.length })),
      meta: files.length === 1 ? files[0]!.meta : { files: files.length }, rematch: null, started_at: startedAt, finished_at: startedAt,
    };
    await this.db.transaction().execute(async (trx) => {
      if (status === 'imported' || status === 'partial') {
        const counts = await this.write(trx, mergeAll(all));
        Object.assign(row, counts);
      }
      row.finished_at = this.clock.now();
      await this.repos.imports.insert(trx, row);
      await this.audit.record(trx, actor, {
        action: 'vulns.import', entityType: 'advisory_import', entityId: row.id, summary: `${row.source_name}: ${row.status}`,
        after: { status: row.status, records: row.records, created: row.created, updated: row.updated, unchanged: row.unchanged, skipped: row.skipped_count },
      });
    });
    if ((row.created > 0 || row.updated > 0) && this.opts.rematch) {
      row.rematch = { ...(await this.opts.rematch.rematchAll()) };
      await this.repos.imports.setRematch(this.db, row.id, row.rematch);
    }
    return row;
  }

  /** Merges each record into the stored one; writes only what changed. */
  private async write(trx: Kysely<DB>, records: Advisory[]): Promise<{ created: number; updated: number; unchanged: number }> {
    const now = this.clock.now();
    const stored = await this.repos.advisories.findData(trx, records.map((r) => r.cve));
    const inserts: AdvisoryWrite[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const rec of records) {
      const prev = stored.get(rec.cve);
      const merged = prev ? mergeAdvisories(prev.data, rec) : rec;
      const fields = catalogueFields(merged);
      if (!prev) inserts.push({ ...fields, data: merged });
      else if (prev.hash === fields.data_hash) unchanged++;
      else {
        await this.repos.advisories.update(trx, { ...fields, data: merged }, now);
        updated++;
      }
    }
    await this.repos.advisories.insertMany(trx, inserts, now);
    return { created: inserts.length, updated, unchanged };
  }

  async list(actor: Actor, limit = 50): Promise<AdvisoryImportRow[]> {
    this.assertCanImport(actor);
    return this.repos.imports.list(this.db, limit);
  }
}
