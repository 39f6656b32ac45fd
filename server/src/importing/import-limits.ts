/**
 * Bounds on what an upload may make the server do. Every reader checks them before doing the
 * expensive part, so a hostile file fails fast instead of exhausting memory or CPU.
 */
export interface ImportLimits {
  /** Size of the uploaded file itself. Keep the HTTP multipart limit at or below this. */
  maxFileBytes: number;
  /** XLSX: total size of all zip entries once decompressed. */
  maxUncompressedBytes: number;
  /** XLSX: decompressed / compressed size above which an entry is treated as a zip bomb. */
  maxCompressionRatio: number;
  /** XLSX: number of entries in the zip (a workbook has a few dozen). */
  maxZipEntries: number;
  /**
   * XLSX: cells in all worksheets together. The spreadsheet library holds every cell of every
   * sheet in memory (several hundred bytes each), so this, not the file size, bounds memory:
   * a 6 MB upload can hold millions of cells.
   */
  maxXlsxCells: number;
  /** Data rows, not counting the header row. */
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxZipEntries: 1000,
  // 20,000 rows of a dozen columns is 240,000 cells; room for styled empty cells and a guide sheet.
  maxXlsxCells: 500_000,
  maxRows: 20_000,
  maxColumns: 100,
  maxCellChars: 10_000,
};

export function withDefaults(limits: Partial<ImportLimits> = {}): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...limits };
}

export const megabytes = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
