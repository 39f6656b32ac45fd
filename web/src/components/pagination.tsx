import { useT } from '../i18n/use-t.ts';

interface Props {
  page: number;
  pageSize: number;
  total: number;
  onPage(p: number): void;
}

export function Pagination({ page, pageSize, total, onPage }: Props) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="pagination__info" data-testid="pagination-info">
        {t('pagination.range', { from, to, total })}
      </span>
      <div className="pagination__buttons">
        <button type="button" className="btn btn--small" onClick={() => onPage(page - 1)} disabled={page <= 1}>
          ‹ {t('pagination.prev')}
        </button>
        <span aria-current="page">{t('pagination.page', { page, pages })}</span>
        <button type="button" className="btn btn--small" onClick={() => onPage(page + 1)} disabled={page >= pages}>
          {t('pagination.next')} ›
        </button>
      </div>
    </nav>
  );
}
