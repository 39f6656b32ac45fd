import type { TObject } from 'typebox';
import type { ColumnSpec, ImportKind, RowCells, RowIssue } from './column-spec.ts';
import type { SchemaColumns } from './schema-issues.ts';

/**
 * Everything the importer needs to know about one kind of table, apart from the database:
 * its columns, how a row becomes a draft of the contract type, and how to tell two rows
 * describe the same thing.
 */
export interface KindTable<K extends string, D> {
  kind: ImportKind;
  /** Name of the data sheet in exports and templates. */
  sheetName: string;
  columns: readonly ColumnSpec<K>[];
  schema: TObject;
  schemaColumns: SchemaColumns<K>;
  /** Parses the cells; problems with individual cells are returned, never thrown. */
  parse(cells: RowCells<K>): { draft: D; issues: RowIssue<K>[] };
  /** The contract object to validate (agency references replaced by a placeholder id). */
  candidate(draft: D): Record<string, unknown>;
  /** Identity within one file, case-insensitive; null when the row has too little to tell. */
  naturalKey(draft: D): string | null;
  /** Where a duplicate is reported, and how the identity is described in that message. */
  duplicate: { column: K; describe: string };
}

/** Stands in for agency ids before they are resolved, so the rest of the row can be validated. */
export const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** Drops undefined values: an absent column must not show up as a key. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
