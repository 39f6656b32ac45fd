import type { ReactNode } from 'react';
import type { Page } from '../api/types.ts';
import { ErrorBanner } from './error-banner.tsx';
import { Pagination } from './pagination.tsx';
import { Empty, Loading } from './status.tsx';
import { TableHead, type Column } from './table-head.tsx';

interface Props<T> {
  data: Pick<Page<T>, 'items' | 'total' | 'pageSize'> | undefined;
  loading: boolean;
  error: unknown;
  /** What an empty list says; the generic "nothing here" when omitted. */
  empty?: string;
  testId: string;
  columns: readonly Column[];
  actions?: boolean;
  /** One item as a <tr> (or several), keyed by the caller. */
  row(item: T): ReactNode;
  /** Fades the rows still shown while the next page or filter loads. */
  dimWhileLoading?: boolean;
  /** Omitted for short unpaged lists (the API returns them whole): no pager then. */
  page?: number;
  pageSize?: number;
  onPage?(page: number): void;
}

/**
 * The paged table every registry list shows: the spinner only on the first load (later loads
 * keep the previous rows, see useAsync), a message when nothing matches, and the pager below.
 */
export function ListCard<T>({ data, loading, error, empty, testId, columns, actions, row, dimWhileLoading, page, pageSize, onPage }: Props<T>) {
  return (
    <>
      <ErrorBanner error={error} />
      <div className="card card--flush">
        {loading && !data ? (
          <Loading />
        ) : !data || data.items.length === 0 ? (
          <Empty text={empty} />
        ) : (
          <table className={`table table--cards${dimWhileLoading && loading ? ' is-loading' : ''}`} data-testid={testId}>
            <TableHead columns={columns} actions={actions} />
            <tbody>{data.items.map(row)}</tbody>
          </table>
        )}
      </div>
      {data && data.total > 0 && onPage && <Pagination page={page ?? 1} pageSize={pageSize ?? data.pageSize} total={data.total} onPage={onPage} />}
    </>
  );
}
