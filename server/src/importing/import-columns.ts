import { agencyTable } from './agency-table.ts';
import type { ImportKind } from './column-spec.ts';
import { contactTable } from './contact-table.ts';
import type { KindTable } from './kind-table.ts';
import { systemTable } from './system-table.ts';

/** The three tables by kind. Import, export and templates all read their columns from here. */
export const IMPORT_TABLES = {
  agencies: agencyTable,
  systems: systemTable,
  contacts: contactTable,
} as const satisfies Record<ImportKind, KindTable<string, unknown>>;

/** A column as the web UI and API documentation describe it. */
export interface ImportColumnInfo {
  key: string;
  /** The Vietnamese header exports write; also accepted on import. */
  header: string;
  /** Other accepted headers, English first; matching ignores case, diacritics, spaces and "_". */
  aliases: readonly string[];
  required: boolean;
  help: string;
  allowed: string | null;
  example: string | null;
}

export const IMPORT_COLUMNS: Readonly<Record<ImportKind, readonly ImportColumnInfo[]>> = Object.freeze(
  Object.fromEntries(
    Object.entries(IMPORT_TABLES).map(([kind, table]) => [
      kind,
      table.columns.map((c) => ({
        key: c.key, header: c.header, aliases: c.aliases, required: c.required, help: c.help,
        allowed: c.allowed ?? null, example: c.example ?? null,
      })),
    ]),
  ) as Record<ImportKind, ImportColumnInfo[]>,
);

/** Loosely typed access for code that handles every kind the same way. */
export function tableFor(kind: ImportKind): KindTable<string, unknown> {
  return IMPORT_TABLES[kind] as unknown as KindTable<string, unknown>;
}
