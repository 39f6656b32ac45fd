import type { ImportReport } from '../../api/types.ts';
import { TableHead } from '../../components/table-head.tsx';
import { useT } from '../../i18n/use-t.ts';
import { Stat } from './stat.tsx';

const MAX_SHOWN = 500;

/** Counts and the row-by-row problems, in the order they appear in the file. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const errors = [...report.errors].sort((a, b) => a.row - b.row);
  return (
    <div data-testid="import-report">
      <dl className="stats">
        <Stat label={t('import.totalRows')} value={report.totalRows} testId="import-total" />
        <Stat label={t('import.validRows')} value={report.validRows} testId="import-valid" />
        <Stat label={t('import.errorCount')} value={errors.length} tone={errors.length ? 'bad' : 'good'} testId="import-error-count" />
      </dl>
      {errors.length > 0 && (
        <>
          <p className="alert alert--error" role="alert">
            {t('import.hasErrors')}
          </p>
          <div className="table-scroll">
            <table className="table table--cards table--compact" data-testid="import-errors">
              <TableHead columns={[t('import.row'), t('import.column'), t('import.reason')]} />
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
