import { useRef, useState } from 'react';
import { api, apiUrl } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import type { IncidentEvidence, MispImportResult } from '../../api/incident-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';

const MAX_FILE = 5 * 1024 * 1024;

/**
 * Threat-intelligence exchange: the incident and its observables as a STIX 2.1 bundle or a MISP
 * event (downloads), and a MISP event file read in the browser and sent as JSON; what was added
 * and what was skipped (with the reason) are shown.
 */
export function IncidentExchange({ id, editable, onChanged }: { id: string; editable: boolean; onChanged(next?: IncidentEvidence): void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<MispImportResult | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  const action = useAsyncAction();
  const read = (file: File) => {
    setResult(null);
    setLocal(null);
    if (input.current) input.current.value = '';
    if (file.size > MAX_FILE) return setLocal(t('inc.ev2.mispTooLarge'));
    void action.run(async () => {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        setLocal(t('inc.ev2.mispNotJson'));
        return;
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        setLocal(t('inc.ev2.mispNotJson'));
        return;
      }
      setResult(await api.post<MispImportResult>(`/incidents/${id}/import/misp`, json));
      onChanged();
    });
  };
  const fieldErrors = action.error instanceof ApiError && action.error.status === 400 ? action.error.problem.errors ?? [] : [];
  return (
    <div className="card" data-testid="incident-exchange">
      <div className="inc-ev-toolbar">
        <a className="btn btn--small" href={apiUrl(`/incidents/${id}/export/stix`)} download data-testid="export-stix">
          {t('inc.ev2.stix')}
        </a>
        <a className="btn btn--small" href={apiUrl(`/incidents/${id}/export/misp`)} download data-testid="export-misp">
          {t('inc.ev2.misp')}
        </a>
        {editable && (
          <label className={`btn btn--small${action.busy ? ' is-disabled' : ''}`}>
            {action.busy ? t('common.working') : t('inc.ev2.mispImport')}
            <input ref={input} type="file" accept=".json,application/json" className="visually-hidden" disabled={action.busy} onChange={(e) => e.target.files?.[0] && read(e.target.files[0])} data-testid="misp-import-input" />
          </label>
        )}
      </div>
      <p className="field__hint">{t('inc.ev2.exchangeHint')}</p>
      {local && (
        <div className="alert alert--error" role="alert" data-testid="misp-import-local-error">
          {local}
        </div>
      )}
      {fieldErrors.length > 0 ? (
        <div className="alert alert--error" role="alert" data-testid="misp-import-errors">
          <strong>{t('inc.ev2.mispInvalid')}</strong>
          <ul>
            {fieldErrors.map((e, i) => (
              <li key={i}>
                <code>{e.field || '—'}</code>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorBanner error={action.error} />
      )}
      {result && (
        <div className="alert alert--info inc-import-result" role="status" data-testid="misp-import-result" data-added={result.added} data-skipped={result.skipped.length}>
          <strong>{t('inc.ev2.mispAdded', { n: result.added, title: result.title || '—' })}</strong>
          {result.skipped.length > 0 && (
            <>
              <p className="alert__detail">{t('inc.ev2.mispSkipped', { n: result.skipped.length })}</p>
              <ul className="inc-skipped" data-testid="misp-import-skipped">
                {result.skipped.slice(0, 100).map((s) => (
                  <li key={`${s.index}-${s.path}`}>
                    <code>{s.path}</code>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
