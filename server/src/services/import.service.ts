import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { DB } from '../db/schema.ts';
import { assertCanEditAgencies, assertCanEditRegistry, readScope } from '../domain/access-policy.ts';
import type { Actor } from '../domain/actor.ts';
import { ConflictError, DomainError, ValidationError } from '../domain/errors.ts';
import type { Clock } from '../io/clock.ts';
import type { AgencyDraft } from '../importing/agency-table.ts';
import { AgencyApplier } from '../importing/apply-agencies.ts';
import { RowFailure, type ApplyContext, type ApplyOutcome, type RowApplier } from '../importing/apply-common.ts';
import { ContactApplier } from '../importing/apply-contacts.ts';
import { SystemApplier } from '../importing/apply-systems.ts';
import { isImportKind, matchHeader, type ImportKind } from '../importing/column-spec.ts';
import { IMPORT_COLUMNS, tableFor } from '../importing/import-columns.ts';
import { withDefaults, type ImportLimits } from '../importing/import-limits.ts';
import { markDuplicates, planAgencies, prepareRows, type PreparedRow } from '../importing/row-preparation.ts';
import { readTabular, type UploadedFile } from '../importing/tabular-reader.ts';
import type { AgencyRepository } from '../repositories/agency.repository.ts';
import type { ContactRepository } from '../repositories/contact.repository.ts';
import type { SystemRepository } from '../repositories/system.repository.ts';
import { AgencyService } from './agency.service.ts';
import type { AuditService } from './audit.service.ts';
import { ContactService } from './contact.service.ts';
import { SystemService } from './system.service.ts';

export interface ImportRowError {
  /** Row number as shown in Excel (the header is row 1). */
  row: number;
  /** The column header as the file wrote it; null for problems of the whole row or file. */
  column: string | null;
  message: string;
}

/**
 * `created`/`updated`/`unchanged` count what the valid rows did, or would do when `applied`
 * is false (a dry run, or a file with errors, where nothing at all is written).
 */
export interface ImportReport {
  kind: ImportKind;
  format: 'csv' | 'xlsx';
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
  created: number;
  updated: number;
  unchanged: number;
  applied: boolean;
}

export interface ImportOptions {
  dryRun: boolean;
}

interface ImportRepos {
  agencies: AgencyRepository;
  systems: SystemRepository;
  contacts: ContactRepository;
}

interface ImportServices {
  agencies: AgencyService;
  systems: SystemService;
  contacts: ContactService;
}

/** Thrown inside the transaction to undo it: dry runs, and files with any bad row. */
class Rollback extends Error {}

// A 20,000-row file of garbage would otherwise produce a report of a quarter million lines.
const MAX_REPORTED_ERRORS = 1000;

/** Postgres error codes that can reach us despite the services' checks (e.g. a concurrent insert). */
const DB_PROBLEMS: Record<string, string> = {
  '23505': 'conflicts with a record that already exists (it may have been added meanwhile); retry the import',
  '23503': 'refers to a record that no longer exists; retry the import',
  '23514': 'a value is not allowed by the database',
  '22001': 'a value is too long for the database',
};

/**
 * Imports the registry (agencies, information systems, 24/7 contact points) from CSV/XLSX.
 *
 * All or nothing: the file is checked completely, every row is then written through the
 * domain services inside one transaction (so scoping, business rules and audit entries are
 * the services' own), and the transaction is rolled back unless every row succeeded and this
 * is not a dry run. A dry run therefore reports exactly what a real run would.
 */
export class ImportService {
  /** The columns of each kind, for the web UI, the API documentation and templates. */
  static readonly columns = IMPORT_COLUMNS;

  private readonly limits: ImportLimits;
  private readonly services: ImportServices;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repos: ImportRepos,
    private readonly audit: AuditService,
    clock: Clock,
    opts: { limits?: Partial<ImportLimits>; services?: ImportServices } = {},
  ) {
    this.limits = withDefaults(opts.limits);
    // The services hold no state beyond these dependencies, so building them here is the same
    // as sharing the context's instances, and keeps the wiring to one line.
    this.services = opts.services ?? {
      agencies: new AgencyService(db, repos.agencies, audit, clock),
      systems: new SystemService(db, repos.systems, repos.agencies, audit, clock),
      contacts: new ContactService(db, repos.contacts, repos.agencies, audit, clock),
    };
  }

  async import(actor: Actor, kind: ImportKind, file: UploadedFile, opts: ImportOptions): Promise<ImportReport> {
    if (!isImportKind(kind)) throw new ValidationError('Unknown import kind', [{ field: '/kind', message: 'use agencies, systems or contacts' }]);
    // Refuse up front rather than repeat "your role is read-only" on every row.
    if (kind === 'agencies') assertCanEditAgencies(actor);
    else assertCanEditRegistry(actor);

    const data = await readTabular(file, this.limits);
    const table = tableFor(kind);
    const report: ImportReport = {
      kind, format: data.format, totalRows: data.rows.length, validRows: 0, errors: [], created: 0, updated: 0, unchanged: 0, applied: false,
    };
    const { headerOf, problems } = matchHeader(table.columns, data.header);
    if (problems.length) {
      report.errors = problems.map((p) => ({ row: data.headerRowNumber, ...p }));
      return report;
    }
    if (data.rows.length === 0) {
      report.errors = [{ row: data.headerRowNumber + 1, column: null, message: 'the file has a header row but no data rows' }];
      return report;
    }

    const rows = prepareRows(table, headerOf, data.rows);
    markDuplicates(table, rows);
    const { order, applier } = this.plan(kind, rows);

    try {
      await this.db.transaction().execute(async (trx) => {
        const ctx: ApplyContext = { trx, actor, scope: readScope(actor), agencies: this.repos.agencies };
        const counts = await this.applyRows(trx, applier(ctx), rows, order, (k) => table.schemaColumns.columnOf([k]));
        Object.assign(report, counts);
        if (opts.dryRun || rows.some((r) => r.issues.length > 0)) throw new Rollback();
        await this.audit.record(trx, actor, {
          action: 'import.apply',
          entityType: 'import',
          agencyId: actor.agencyId,
          summary: `Imported ${kind} from ${displayName(file.filename)}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged`,
          after: {
            kind, filename: displayName(file.filename), format: data.format, sha256: createHash('sha256').update(file.data).digest('hex'),
            totalRows: report.totalRows, ...counts,
          },
        });
        report.applied = true;
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }

    report.validRows = rows.filter((r) => r.issues.length === 0).length;
    report.errors = this.collectErrors(rows, headerOf, data.header, table.columns);
    return report;
  }

  /** In which order the rows are applied, and by what. Only agencies depend on each other. */
  private plan(kind: ImportKind, rows: PreparedRow<unknown>[]): { order: number[]; applier: (ctx: ApplyContext) => RowApplier<unknown> } {
    const inFileOrder = rows.map((_, i) => i);
    if (kind === 'agencies') {
      const { order, fileRows } = planAgencies(rows as PreparedRow<AgencyDraft>[]);
      return { order, applier: (ctx) => new AgencyApplier(ctx, this.services.agencies, fileRows) as RowApplier<unknown> };
    }
    if (kind === 'systems') {
      return { order: inFileOrder, applier: (ctx) => new SystemApplier(ctx, this.services.systems, this.repos.systems) as RowApplier<unknown> };
    }
    return { order: inFileOrder, applier: (ctx) => new ContactApplier(ctx, this.services.contacts) as RowApplier<unknown> };
  }

  /**
   * Applies the rows that passed the checks, each under a savepoint: a row that fails (even
   * with a raw database error, which would otherwise abort the whole transaction in
   * PostgreSQL) is undone alone and the next rows still run, so every failing row is found.
   */
  private async applyRows(
    trx: Executor, applier: RowApplier<unknown>, rows: PreparedRow<unknown>[], order: number[], columnOfField: (field: string) => string | null,
  ): Promise<Record<ApplyOutcome, number>> {
    const counts: Record<ApplyOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
    for (const index of order) {
      const row = rows[index]!;
      if (row.issues.length) continue;
      await sql`savepoint import_row`.execute(trx);
      try {
        counts[await applier.apply(row.draft)]++;
        await sql`release savepoint import_row`.execute(trx);
      } catch (err) {
        await sql`rollback to savepoint import_row`.execute(trx);
        await sql`release savepoint import_row`.execute(trx);
        row.issues.push(...rowIssuesOf(err, columnOfField));
      }
    }
    return counts;
  }

  private collectErrors(
    rows: PreparedRow<unknown>[], headerOf: Map<string, string>, header: string[], columns: readonly { key: string; header: string }[],
  ): ImportRowError[] {
    const headerName = (key: string | null) => (key === null ? null : (headerOf.get(key) ?? columns.find((c) => c.key === key)?.header ?? key));
    const position = (h: string | null) => (h === null ? -1 : header.indexOf(h));
    const all = rows
      .flatMap((r) => r.issues.map((i) => ({ row: r.rowNumber, column: headerName(i.column), message: i.message })))
      .sort((a, b) => a.row - b.row || position(a.column) - position(b.column));
    if (all.length <= MAX_REPORTED_ERRORS) return all;
    const rest = all.length - MAX_REPORTED_ERRORS;
    return [...all.slice(0, MAX_REPORTED_ERRORS), { row: all[MAX_REPORTED_ERRORS]!.row, column: null, message: `… and ${rest} more problems not listed; fix the ones above and import again` }];
  }
}

/** Turns what a row's application threw into report entries; anything unexpected propagates. */
function rowIssuesOf(err: unknown, columnOfField: (field: string) => string | null): { column: string | null; message: string }[] {
  if (err instanceof RowFailure) return [{ column: err.column, message: err.message }];
  if ((err instanceof ValidationError || err instanceof ConflictError) && err.fields.length) {
    return err.fields.map((f) => ({ column: columnOfField(f.field.replace(/^\//, '').split('/')[0]!), message: `${err.message} (${f.message})` }));
  }
  if (err instanceof DomainError) return [{ column: null, message: err.message }];
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return [{ column: null, message: `the database refused this row: ${DB_PROBLEMS[code] ?? `error ${code}`}` }];
  }
  throw err;
}

/** The uploaded name as it may appear in the audit log: no paths, no control characters, bounded. */
function displayName(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean || 'upload';
}
