import type { AgencyDraft } from './agency-table.ts';
import { orderParentsFirst } from './agency-order.ts';
import { quote } from './cell-text.ts';
import { RowCells, type RowIssue } from './column-spec.ts';
import type { KindTable } from './kind-table.ts';
import { schemaIssues } from './schema-issues.ts';
import type { TabularRow } from './tabular-data.ts';

/**
 * The checks that need no database: parse every row, validate it against the contract schema,
 * find rows that describe the same thing twice, and (for agencies) order parents first. All
 * rows are checked, so the report lists every problem in one go.
 */

export interface PreparedRow<D> {
  rowNumber: number;
  draft: D;
  /** Column keys (not headers); empty when the row can be applied. */
  issues: RowIssue[];
}

export function prepareRows<D>(table: KindTable<string, D>, headerOf: Map<string, string>, rows: readonly TabularRow[]): PreparedRow<D>[] {
  return rows.map((r) => {
    const { draft, issues } = table.parse(new RowCells(headerOf, r.cells));
    const parsed: RowIssue[] = [...issues];
    // A cell that could not be parsed is missing from the candidate; do not also call it "required".
    const alreadyBad = new Set(parsed.map((i) => i.column));
    for (const issue of schemaIssues(table.schema, table.candidate(draft), table.schemaColumns)) {
      if (!alreadyBad.has(issue.column)) parsed.push(issue);
    }
    return { rowNumber: r.rowNumber, draft, issues: parsed };
  });
}

/** Flags later rows that repeat an earlier row's identity (code, owner + name, …). */
export function markDuplicates<D>(table: KindTable<string, D>, rows: readonly PreparedRow<D>[]): void {
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = table.naturalKey(row.draft);
    if (key === null) continue;
    const prev = first.get(key);
    if (prev === undefined) first.set(key, row.rowNumber);
    else row.issues.push({ column: table.duplicate.column, message: `row ${prev} already has ${table.duplicate.describe}; each may appear only once` });
  }
}

export interface AgencyPlan {
  /** Row indices in the order to apply them. */
  order: number[];
  /** Lower-cased code → row number of its first row, including rows with problems. */
  fileRows: Map<string, number>;
}

/** Parents before children; rows whose parent chain loops get an issue and are left out. */
export function planAgencies(rows: readonly PreparedRow<AgencyDraft>[]): AgencyPlan {
  const fileRows = new Map<string, number>();
  for (const r of rows) {
    const key = r.draft.code.toLowerCase();
    if (key && !fileRows.has(key)) fileRows.set(key, r.rowNumber);
  }
  const items = rows.flatMap((r, index) =>
    r.issues.length === 0
      ? [{ index, code: r.draft.code.toLowerCase(), parentCode: r.draft.parentCode?.toLowerCase() ?? null, label: r.draft.code }]
      : [],
  );
  const { order, cycles } = orderParentsFirst(items);
  for (const [index, loop] of cycles) {
    rows[index]!.issues.push({
      column: 'parentCode',
      message: loop.length === 2 ? 'an agency cannot be its own parent' : `the parent codes form a loop: ${loop.map((c) => quote(c)).join(' → ')}`,
    });
  }
  return { order, fileRows };
}
