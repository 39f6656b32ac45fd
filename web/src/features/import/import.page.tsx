import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { apiUrl, toApiError, upload } from '../../api/api-client.ts';
import { IMPORT_KINDS, type ImportKind, type ImportReport } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';
import { ImportReportView } from './import-report.tsx';
import { Stat } from './stat.tsx';

type Step = 'choose' | 'review' | 'done';

const LIST_PATH: Record<ImportKind, string> = { agencies: '/agencies', systems: '/systems', contacts: '/contacts' };
const isReport = (b: unknown): b is ImportReport => Boolean(b && typeof b === 'object' && 'totalRows' in b && Array.isArray((b as ImportReport).errors));

/**
 * Import is always two calls with the same file: a dry run that reports every problem, and
 * only when that is clean the real import. The server re-validates and refuses (422) if the
 * data changed in between, so the check is never merely advisory.
 */
export function ImportPage() {
  const t = useT();
  const tree = useAgencyTree();
  const [step, setStep] = useState<Step>('choose');
  const [kind, setKind] = useState<ImportKind>('systems');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const { busy, error, run: send, clearError } = useAsyncAction();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    await send(async () => {
      const form = new FormData();
      form.append('file', file, file.name);
      const res = await upload(`/import/${kind}`, form, dryRun ? { dryRun: true } : undefined);
      if (isReport(res.body) && (res.status === 200 || res.status === 422)) {
        setReport(res.body);
        const imported = !dryRun && res.status === 200 && res.body.applied;
        setStep(imported ? 'done' : 'review');
        if (imported && kind === 'agencies') tree.reload();
      } else {
        throw await toApiError(res.response, res.body);
      }
    });
  };

  const check = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };

  const restart = () => {
    setStep('choose');
    setReport(null);
    clearError();
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const clean = report !== null && report.errors.length === 0;
  const steps: { id: Step; label: string }[] = [
    { id: 'choose', label: t('import.step1') },
    { id: 'review', label: t('import.step2') },
    { id: 'done', label: t('import.step3') },
  ];

  return (
    <section>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <ol className="steps" data-testid="import-steps">
        {steps.map((s, i) => (
          <li key={s.id} className={s.id === step ? 'is-current' : undefined} aria-current={s.id === step ? 'step' : undefined}>
            <span className="steps__num">{i + 1}</span> {s.label}
          </li>
        ))}
      </ol>
      <ErrorBanner error={error} />

      {step === 'choose' && (
        <form className="card form" onSubmit={check} data-testid="import-form">
          <fieldset className="fieldset">
            <legend>{t('import.kind')}</legend>
            <div className="choice-cards">
              {IMPORT_KINDS.map((k) => (
                <label key={k} className={`choice-card${kind === k ? ' is-selected' : ''}`}>
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`import-kind-${k}`} />
                  <span className="choice-card__title">{t(`import.kind.${k}`)}</span>
                  <span className="choice-card__links">
                    {t('import.template')}:{' '}
                    <a href={apiUrl(`/import/${k}/template`, { format: 'csv' })} download>
                      CSV
                    </a>{' '}
                    ·{' '}
                    <a href={apiUrl(`/import/${k}/template`, { format: 'xlsx' })} download>
                      XLSX
                    </a>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <span id="import-file-label" className="field__label">
              {t('import.file')}
            </span>
            {/* The native file button speaks the browser's language, not the page's; this one follows the UI. */}
            <label
              className={`file-picker${dragging ? ' is-dragging' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => {
                e.preventDefault();
                setDragging(false);
                setFile(e.dataTransfer.files[0] ?? null);
              }}
            >
              <input
                ref={fileInput}
                id="import-file"
                type="file"
                className="visually-hidden"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                aria-labelledby="import-file-label"
                aria-describedby="import-file-hint"
                data-testid="import-file"
              />
              <span className="btn" aria-hidden="true">
                {t('import.chooseFile')}
              </span>
              <span className={file ? 'file-picker__name' : 'file-picker__name muted'}>{file ? file.name : t('import.noFile')}</span>
            </label>
            <p id="import-file-hint" className="field__hint">
              {t('import.fileHint')}
            </p>
          </div>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={!file || busy} data-testid="import-check">
              {busy ? t('import.checking') : t('import.check')}
            </button>
          </div>
        </form>
      )}

      {step === 'review' && report && (
        <div className="card">
          <p>
            {t('import.fileLine', { name: file?.name ?? '', kind: t(`import.kind.${kind}`) })}
          </p>
          <ImportReportView report={report} />
          <div className="form__actions">
            <button type="button" className="btn" onClick={restart} data-testid="import-restart">
              {clean ? t('common.cancel') : t('import.chooseAnother')}
            </button>
            {clean && (
              <button type="button" className="btn btn--primary" onClick={() => void run(false)} disabled={busy || report.validRows === 0} data-testid="import-apply">
                {busy ? t('import.importing') : t('import.apply', { n: report.validRows })}
              </button>
            )}
          </div>
        </div>
      )}

      {step === 'done' && report && (
        <div className="card" data-testid="import-done">
          <p className="alert alert--success" role="status">
            {t('import.doneText')}
          </p>
          <dl className="stats">
            <Stat label={t('import.created')} value={report.created} tone="good" testId="import-created" />
            <Stat label={t('import.updated')} value={report.updated} testId="import-updated" />
          </dl>
          <div className="form__actions">
            <button type="button" className="btn" onClick={restart}>
              {t('import.another')}
            </button>
            <Link className="btn btn--primary" to={LIST_PATH[kind]} data-testid="import-view-list">
              {t('import.viewList')}
            </Link>
          </div>
        </div>
      )}
    </section>
  );
}
