/**
 * A file the importer cannot read at all (as opposed to rows with bad values, which go into
 * the import report). `status` is the HTTP status the route should answer with, `code` a
 * stable identifier the web UI can translate, `message` a sentence the uploader understands.
 */
export type ImportFileErrorStatus =
  | 400 // unreadable: corrupt or truncated file
  | 413 // too large: bytes, rows, columns, cells or a zip that expands too much
  | 415 // unsupported type: not CSV or XLSX (old .xls, PDF, encrypted workbook, …)
  | 422; // readable but unusable content: not UTF-8, broken CSV quoting, Excel error values

export type ImportFileErrorCode =
  | 'empty_file'
  | 'file_too_large'
  | 'unsupported_type'
  | 'corrupt_file'
  | 'zip_bomb'
  | 'encrypted'
  | 'not_utf8'
  | 'bad_csv'
  | 'too_many_rows'
  | 'too_many_cells'
  | 'too_many_columns'
  | 'cell_too_long'
  | 'bad_header'
  | 'bad_cell';

export class ImportFileError extends Error {
  constructor(
    readonly status: ImportFileErrorStatus,
    readonly code: ImportFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}
