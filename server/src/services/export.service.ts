import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import { agencyCells } from '../importing/agency-table.ts';
import { isImportKind, type ImportKind } from '../importing/column-spec.ts';
import { contactCells } from '../importing/contact-table.ts';
import { tableFor } from '../importing/import-columns.ts';
import { systemCells } from '../importing/system-table.ts';
import { guideSheet, writeCsv, writeXlsx, type Sheet } from '../importing/tabular-writer.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { ContactRepository } from '../repositories/contact.repository.ts';
import type { SoftwareRow, SystemRepository } from '../repositories/system.repository.ts';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// Keeps each "where system_id in (…)" to a reasonable number of parameters.
const SOFTWARE_BATCH = 1000;

/**
 * Exports the registry with exactly the import columns and Vietnamese headers, so that an
 * export edited in Excel imports back (and an unedited one imports back as "unchanged").
 * Only what the actor may see is exported.
 */
export class ExportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: { agencies: AgencyRepository; systems: SystemRepository; contacts: ContactRepository },
    private readonly clock: Clock,
  ) {}

  async export(actor: Actor, kind: ImportKind, format: ExportFormat): Promise<ExportFile> {
    assertKnown(kind, format);
    const table = tableFor(kind);
    const rows = await this.rows(this.db, actor, kind);
    const header = table.columns.map((c) => c.header);
    const sheet: Sheet = { name: table.sheetName, header, rows: rows.map((r) => table.columns.map((c) => r[c.key] ?? '')) };
    const date = this.clock.now().toISOString().slice(0, 10);
    return this.file(`vigil-${kind}-${date}`, format, sheet, kind);
  }

  /** An empty file with the header row; the XLSX also explains every column. */
  async template(kind: ImportKind, format: ExportFormat): Promise<ExportFile> {
    assertKnown(kind, format);
    const table = tableFor(kind);
    return this.file(`vigil-${kind}-template`, format, { name: table.sheetName, header: table.columns.map((c) => c.header), rows: [] }, kind);
  }

  private async file(base: string, format: ExportFormat, sheet: Sheet, kind: ImportKind): Promise<ExportFile> {
    const body = format === 'csv' ? writeCsv(sheet) : await writeXlsx([sheet, guideSheet(tableFor(kind).columns)]);
    return { filename: `${base}.${format}`, contentType: CONTENT_TYPES[format], body };
  }

  private async rows(ex: Executor, actor: Actor, kind: ImportKind): Promise<Record<string, string>[]> {
    const scope = readScope(actor);
    if (kind === 'contacts') return (await this.repos.contacts.listAll(ex, scope)).map(contactCells);

    const agencies = await this.repos.agencies.listAll(ex, scope);
    const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
    if (kind === 'agencies') {
      // The parent of the actor's top agency is outside their view: left empty, as in the API.
      return agencies.map((a) => agencyCells(a, (a.parent_id && codeOf.get(a.parent_id)) ?? ''));
    }

    const systems = await this.repos.systems.listAll(ex, scope);
    // Systems seen as operator may belong to an owner outside the scope (and vice versa); the
    // actor already sees those agencies' names on the system, so their codes are no secret.
    for (const s of systems) {
      for (const id of [s.owner_agency_id, s.operator_agency_id]) {
        if (id && !codeOf.has(id)) codeOf.set(id, (await this.repos.agencies.findById(ex, id))?.code ?? '');
      }
    }
    const software = new Map<string, SoftwareRow[]>();
    for (let i = 0; i < systems.length; i += SOFTWARE_BATCH) {
      const batch = await this.repos.systems.softwareFor(ex, systems.slice(i, i + SOFTWARE_BATCH).map((s) => s.id));
      for (const w of batch) software.set(w.system_id, [...(software.get(w.system_id) ?? []), w]);
    }
    return systems.map((s) =>
      systemCells(s, software.get(s.id) ?? [], codeOf.get(s.owner_agency_id) ?? '', s.operator_agency_id ? (codeOf.get(s.operator_agency_id) ?? '') : ''),
    );
  }
}

/** The route validates these too; this keeps a bad value from reaching a lookup table. */
function assertKnown(kind: string, format: string): void {
  if (!isImportKind(kind)) throw new ValidationError('Unknown export kind', [{ field: '/kind', message: 'use agencies, systems or contacts' }]);
  if (format !== 'csv' && format !== 'xlsx') throw new ValidationError('Unknown export format', [{ field: '/format', message: 'use csv or xlsx' }]);
}
