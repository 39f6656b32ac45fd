import { useI18n } from '../../i18n/use-t.ts';
import { formatMs } from '../../lib/format.ts';
import { Stat } from '../import/stat.tsx';
import type { ImportRun, ImportStatus } from './vuln-types.ts';

const STATUS_CLASS: Record<ImportStatus, string> = { imported: 'badge--ok', partial: 'badge--warn', rejected: 'badge--danger', failed: 'badge--danger' };
const SHOWN = 100;

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${STATUS_CLASS[status]}`} data-testid="vuln-import-status" data-status={status}>
      {t(`vuln.imp.status.${status}`)}
    </span>
  );
}

/** What one import did: counts, each file of a bundle, and every skipped record with its reason. */
export function ImportRunReport({ run }: { run: ImportRun }) {
  const { t, locale } = useI18n();
  return (
    <div className="vuln-report" data-testid="vuln-import-report" data-status={run.status}>
      <h3 className="subsection-title">
        <ImportStatusBadge status={run.status} /> <span className="break">{t('vuln.imp.report', { name: run.sourceName })}</span>
      </h3>
      <dl className="stats">
        <Stat label={t('vuln.imp.records')} value={run.records} testId="vuln-import-records" />
        <Stat label={t('vuln.imp.created')} value={run.created} tone={run.created > 0 ? 'good' : undefined} testId="vuln-import-created" />
        <Stat label={t('vuln.imp.updated')} value={run.updated} testId="vuln-import-updated" />
        <Stat label={t('vuln.imp.unchanged')} value={run.unchanged} testId="vuln-import-unchanged" />
        <Stat label={t('vuln.imp.skipped')} value={run.skippedCount} tone={run.skippedCount > 0 ? 'bad' : undefined} testId="vuln-import-skipped" />
      </dl>
      {run.files.length > 1 && (
        <>
          <h4 className="vuln-report__h">{t('vuln.imp.files')}</h4>
          <ul className="plain-list vuln-report__files">
            {run.files.map((f) => (
              <li key={f.name}>{t('vuln.imp.fileLine', { name: f.name, kind: f.kind ?? '?', records: f.records, skipped: f.skipped })}</li>
            ))}
          </ul>
        </>
      )}
      {run.rematch && (
        <p className="small" data-testid="vuln-import-rematch">
          {t('vuln.imp.rematch', { systems: run.rematch.systems, matches: run.rematch.matches, duration: formatMs(run.rematch.durationMs, locale) })}
        </p>
      )}
      {run.skipped.length > 0 && (
        <>
          <h4 className="vuln-report__h">{t('vuln.imp.skippedList')}</h4>
          <ul className="vuln-skipped" data-testid="vuln-import-skipped-list">
            {run.skipped.slice(0, SHOWN).map((s, i) => (
              <li key={i}>
                <code>{[s.file, s.index].filter((x) => x !== null && x !== undefined && x !== '').join(' #')}</code> {s.reason}
              </li>
            ))}
          </ul>
          {run.skippedCount > Math.min(SHOWN, run.skipped.length) && <p className="muted small">{t('vuln.imp.skippedMore', { n: run.skippedCount - Math.min(SHOWN, run.skipped.length) })}</p>}
        </>
      )}
    </div>
  );
}
