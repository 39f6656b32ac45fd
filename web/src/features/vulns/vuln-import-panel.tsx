import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, toApiError, upload } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { useUser } from '../../auth/use-auth.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { SectionTitle } from '../../components/section-title.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ImportRunReport, ImportStatusBadge } from './vuln-import-report.tsx';
import type { ImportMode, ImportRun } from './vuln-types.ts';

const MODES: readonly ImportMode[] = ['rest', 'all_or_nothing'];
const isRun = (b: unknown): b is ImportRun => Boolean(b && typeof b === 'object' && 'records' in b && 'sourceName' in b);

/**
 * Feeding the catalogue: one file (KEV / NVD JSON, MSRC CVRF XML or JSON, CSAF, or a ZIP bundle of
 * them for networks with no Internet) or a URL the server fetches. "Nhập phần hợp lệ" keeps the
 * readable records and lists the rest; "Tất cả hoặc không" writes nothing when one record is bad.
 * The server answers 422 with the full report when it refused, which is shown like a success.
 */
export function VulnImportPanel({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [mode, setMode] = useState<ImportMode | ''>('');
  const [report, setReport] = useState<ImportRun | null>(null);
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const action = useAsyncAction();
  const saveMode = useAsyncAction();
  // The installation's default mode is an administrator's setting (PUT /vuln-settings).
  const isAdmin = useUser().role === 'admin';
  const history = useAsync((signal) => api.get<{ items: ImportRun[] }>('/advisory-imports', undefined, signal), `imports:${report?.id ?? ''}`);
  const settings = useAsync((signal) => api.get<{ importMode: ImportMode }>('/vuln-settings', undefined, signal), 'vuln-settings');
  // The installation's default mode until the coordinator picks another for this import.
  useEffect(() => {
    if (!mode && settings.data) setMode(settings.data.importMode);
  }, [settings.data, mode]);

  const done = (run: ImportRun) => {
    setReport(run);
    setFile(null);
    if (input.current) input.current.value = '';
    onImported();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!file && !url.trim());
    if (!file && !url.trim()) return;
    void action.run(async () => {
      setReport(null);
      const chosen = mode || undefined;
      if (file) {
        const form = new FormData();
        form.append('file', file, file.name);
        const res = await upload('/advisory-imports', form, { mode: chosen });
        if ((res.status === 200 || res.status === 201 || res.status === 422) && isRun(res.body)) return done(res.body);
        throw await toApiError(res.response, res.body);
      }
      try {
        done(await api.post<ImportRun>('/advisory-imports/url', { url: url.trim(), ...(chosen && { mode: chosen }) }));
      } catch (err) {
        // A refused import (422) carries its report, not a problem document.
        if (err instanceof ApiError && isRun(err.problem)) return done(err.problem as unknown as ImportRun);
        throw err;
      }
    });
  };

  return (
    <div className="card vuln-import" data-testid="vuln-import">
      <form className="form" onSubmit={submit}>
        <div className="field">
          <span id="vuln-file-label" className="field__label">
            {t('vuln.imp.file')}
          </span>
          {/* The native file button speaks the browser's language, not the page's; this one follows the UI. */}
          <label className="file-picker">
            <input
              ref={input}
              type="file"
              className="visually-hidden"
              accept=".json,.xml,.zip,application/json,application/xml,text/xml,application/zip"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              aria-labelledby="vuln-file-label"
              aria-describedby="vuln-file-hint"
              data-testid="vuln-import-file"
            />
            <span className="btn" aria-hidden="true">
              {t('vuln.imp.chooseFile')}
            </span>
            <span className={file ? 'file-picker__name' : 'file-picker__name muted'} data-testid="vuln-import-file-name">
              {file ? file.name : t('vuln.imp.noFile')}
            </span>
          </label>
          <p id="vuln-file-hint" className="field__hint">
            {t('vuln.imp.hint')}
          </p>
        </div>
        <div className="form__grid">
          <TextField label={t('vuln.imp.url')} type="url" value={url} onValue={setUrl} placeholder="https://" disabled={file !== null} testId="vuln-import-url" />
          <SelectField
            label={t('vuln.imp.mode')}
            value={mode}
            onValue={(v) => setMode(v as ImportMode)}
            options={MODES.map((m) => ({ value: m, label: t(`vuln.imp.mode.${m}`) + (settings.data?.importMode === m ? ` (${t('vuln.imp.settingMode')})` : '') }))}
            testId="vuln-import-mode"
          />
        </div>
        {isAdmin && settings.data && mode && mode !== settings.data.importMode && (
          <p className="small">
            <button
              type="button"
              className="btn btn--small btn--ghost"
              disabled={saveMode.busy}
              onClick={() =>
                void saveMode.run(async () => {
                  await api.put('/vuln-settings', { importMode: mode });
                  settings.reload();
                })
              }
              data-testid="vuln-import-mode-default"
            >
              {t('vuln.imp.makeDefault')}
            </button>
          </p>
        )}
        <ErrorBanner error={saveMode.error} />
        {missing && (
          <p className="field__error" role="alert">
            {t('vuln.imp.needSource')}
          </p>
        )}
        <ErrorBanner error={action.error} />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={action.busy} data-testid="vuln-import-submit">
            {action.busy ? t('vuln.imp.importing') : t('vuln.imp.submit')}
          </button>
        </div>
      </form>
      {report && <ImportRunReport run={report} />}
      <SectionTitle title={t('vuln.imp.history')} />
      <ImportHistory runs={history.data?.items} error={history.error} />
    </div>
  );
}

function ImportHistory({ runs, error }: { runs: ImportRun[] | undefined; error: unknown }) {
  const { t } = useI18n();
  if (error) return <ErrorBanner error={error} />;
  if (!runs) return null;
  if (runs.length === 0) return <p className="muted">{t('vuln.imp.noHistory')}</p>;
  return (
    <ul className="vuln-history" data-testid="vuln-import-history">
      {runs.slice(0, 20).map((r) => (
        <li key={r.id} data-testid="vuln-import-run" data-status={r.status}>
          <span className="vuln-history__head">
            <ImportStatusBadge status={r.status} />
            <strong className="break">{r.sourceName}</strong>
          </span>
          <span className="cell-sub">
            {formatDateTime(r.startedAt)}
            {r.actorName ? ` · ${t('vuln.imp.by', { name: r.actorName })}` : ''}
            {r.feedKinds.length > 0 ? ` · ${r.feedKinds.join(', ')}` : ''}
          </span>
          <span className="cell-sub">{t('vuln.imp.counts', { created: r.created, updated: r.updated, unchanged: r.unchanged, skipped: r.skippedCount })}</span>
        </li>
      ))}
    </ul>
  );
}
