import { headerKey, quote } from './cell-text.ts';

export const IMPORT_KINDS = ['agencies', 'systems', 'contacts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const isImportKind = (v: string): v is ImportKind => (IMPORT_KINDS as readonly string[]).includes(v);

/**
 * One column of an import/export table. The Vietnamese header is what exports and templates
 * write; any header whose `headerKey` equals that of the header or an alias is accepted, so
 * "Ten he thong", "TÊN HỆ THỐNG" and "system_name" all mean the same column.
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  /** English name first (shown in the guide), then other accepted spellings. */
  aliases: readonly string[];
  required: boolean;
  /** Vietnamese explanation for the template's guide sheet and the web UI. */
  help: string;
  /** Accepted values or format, when the column is not free text. */
  allowed?: string;
  example?: string;
}

export interface RowIssue<K extends string = string> {
  /** The column at fault; null for problems of the row as a whole. */
  column: K | null;
  message: string;
}

export interface HeaderMatch<K extends string> {
  /** Column key → the header exactly as the file wrote it (for cell look-up and messages). */
  headerOf: Map<K, string>;
  problems: { column: string | null; message: string }[];
}

/**
 * Maps the file's headers to columns. Unknown headers are errors rather than ignored, so a
 * typo in a header does not silently drop a whole column of data.
 */
export function matchHeader<K extends string>(specs: readonly ColumnSpec<K>[], header: readonly string[]): HeaderMatch<K> {
  const byKey = new Map<string, ColumnSpec<K>>();
  for (const s of specs) for (const name of [s.header, ...s.aliases]) byKey.set(headerKey(name), s);
  const headerOf = new Map<K, string>();
  const problems: HeaderMatch<K>['problems'] = [];
  const unknown: string[] = [];
  for (const h of header) {
    const spec = byKey.get(headerKey(h));
    if (!spec) {
      unknown.push(h);
      continue;
    }
    const prev = headerOf.get(spec.key);
    if (prev !== undefined) {
      problems.push({ column: h, message: `this column repeats the column ${quote(prev)} (both mean "${spec.header}"); keep only one` });
      continue;
    }
    headerOf.set(spec.key, h);
  }
  const expected = specs.map((s) => s.header).join(', ');
  for (const h of unknown) {
    problems.push({ column: h, message: `unknown column ${quote(h)}; the columns for this import are: ${expected}` });
  }
  for (const s of specs) {
    if (s.required && !headerOf.has(s.key)) problems.push({ column: s.header, message: `the required column "${s.header}" is missing` });
  }
  return { headerOf, problems };
}

/** Read access to one row's cells by column key; `has` is false when the file lacks the column. */
export class RowCells<K extends string> {
  constructor(
    private readonly headerOf: Map<K, string>,
    private readonly cells: Record<string, string>,
  ) {}

  has(key: K): boolean {
    return this.headerOf.has(key);
  }

  get(key: K): string {
    const h = this.headerOf.get(key);
    return h === undefined ? '' : (this.cells[h] ?? '');
  }

  /** The cell, or undefined when the column is absent: absent columns leave existing data alone. */
  opt(key: K): string | undefined {
    return this.has(key) ? this.get(key) : undefined;
  }

  /** Nullable text field: an empty cell clears it, an absent column leaves it alone. */
  text(key: K): string | null | undefined {
    const v = this.opt(key);
    return v === undefined ? undefined : v === '' ? null : v;
  }
}
