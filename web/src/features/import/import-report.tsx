import type { ImportReport } from '../../api/types.ts';
import { useT } from '../../i18n/use-t.ts';

const MAX_SHOWN = 500;

/** Counts and the row-by-row problems, in the order they appear in the file. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const errors = [...report.errors].sort((a, b) => a.row - b.row);
  return (
    <div data-testid="import-report">
      <dl className="stats">
        <div>
          <dt>{t('import.totalRows')}</dt>
          <dd data-testid="import-total">{report.totalRows}</dd>
        </div>
        <div>
          <dt>{t('import.validRows')}</dt>
          <dd data-testid="import-valid">{report.validRows}</dd>
        </div>
        <div className={errors.length ? 'stats--bad' : 'stats--good'}>
          <dt>{t('import.errorCount')}</dt>
          <dd data-testid="import-error-count">{errors.length}</dd>
        </div>
      </dl>
      {errors.length > 0 && (
        <>
          <p className="alert alert--error" role="alert">
            {t('import.hasErrors')}
          </p>
          <div className="table-scroll">
            <table className="table table--cards table--compact" data-testid="import-errors">
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {errors.slice(0, MAX_SHOWN).map((e, i) => (
                  <tr key={i} data-testid="import-error-row">
                    <td data-label={t('import.row')}>{e.row}</td>
                    <td data-label={t('import.column')}>{e.column ? <code>{e.column}</code> : '—'}</td>
                    <td data-label={t('import.reason')}>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errors.length > MAX_SHOWN && <p className="muted">{t('import.moreErrors', { n: errors.length - MAX_SHOWN })}</p>}
        </>
      )}
    </div>
  );
}
