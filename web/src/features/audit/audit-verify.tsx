import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import type { AuditVerifyResult } from '../../api/types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useT } from '../../i18n/use-t.ts';

/** Walks the whole hash chain on the server and reports any entry that was altered or removed. */
export function AuditVerify() {
  const t = useT();
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const { busy, error, run } = useAsyncAction();
  const verify = () => run(async () => setResult(await api.get<AuditVerifyResult>('/audit/verify')));

  return (
    <div className="audit-verify">
      <button type="button" className="btn" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      <ErrorBanner error={error} />
      {result && (
        <div className={`alert ${result.ok ? 'alert--success' : 'alert--error'}`} role="status" data-testid="audit-verify-result">
          <strong>{result.ok ? t('audit.chainOk', { n: result.entries }) : t('audit.chainBroken', { n: result.problems.length })}</strong>
          <p className="small">
            {t('audit.headHash')}: <code className="break">{result.headHash}</code>
          </p>
          {result.problems.length > 0 && (
            <ul>
              {result.problems.map((p, i) => (
                <li key={i}>
                  #{p.seq}: {p.problem}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
