import { useRef, useState } from 'react';
import { apiUrl, toApiError, upload } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import type { Attachment, IncidentEvidence } from '../../api/incident-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';

/** 1 234 567 → "1,2 MB": sizes people read, in the page's language. */
export function formatBytes(n: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v)} ${units[u]}`;
}

/** The configured limit, when the server's 413 says it ("… 262144 bytes"); otherwise the default. */
function limitOf(err: ApiError): number | null {
  const m = /(\d{4,})\s*bytes/i.exec(`${err.problem.detail ?? ''}`);
  return m ? Number(m[1]) : null;
}

/**
 * The incident's attachments: upload one file at a time (multipart "file"; the server stores it by
 * SHA-256 and scans text files for observables), listed with size and the shortened hash. Every
 * link is a download the server sends as an attachment with a neutral type: an uploaded page or
 * SVG is never shown in the browser, so nothing here renders one (no iframe, no img).
 */
export function IncidentAttachments({ id, attachments, editable, onChanged }: { id: string; attachments: Attachment[]; editable: boolean; onChanged(next?: IncidentEvidence): void }) {
  const { t, locale } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [tooLarge, setTooLarge] = useState<number | 'unknown' | null>(null);
  const [found, setFound] = useState<{ name: string; n: number } | null>(null);
  const action = useAsyncAction();
  const send = (file: File) => {
    setTooLarge(null);
    setFound(null);
    void action.run(async () => {
      const form = new FormData();
      form.append('file', file, file.name);
      const r = await upload(`/incidents/${id}/attachments`, form);
      if (r.status === 413) {
        setTooLarge(limitOf(await toApiError(r.response, r.body)) ?? 'unknown');
        return;
      }
      if (r.status >= 400) throw await toApiError(r.response, r.body);
      const body = r.body as { name: string; observablesFound: number };
      setFound({ name: body.name, n: body.observablesFound });
      onChanged();
    });
    if (input.current) input.current.value = '';
  };
  return (
    <div className="card" data-testid="incident-attachments">
      {editable && (
        <div className="inc-ev-toolbar">
          <label className={`btn btn--small${action.busy ? ' is-disabled' : ''}`}>
            {action.busy ? t('inc.ev2.uploading') : t('inc.ev2.upload')}
            <input ref={input} type="file" className="visually-hidden" disabled={action.busy} onChange={(e) => e.target.files?.[0] && send(e.target.files[0])} data-testid="attachment-input" />
          </label>
          <span className="field__hint">{t('inc.ev2.uploadHint')}</span>
        </div>
      )}
      {tooLarge !== null && (
        <div className="alert alert--error" role="alert" data-testid="attachment-too-large">
          {tooLarge === 'unknown' ? t('inc.ev2.tooLargeUnknown') : t('inc.ev2.tooLarge', { max: formatBytes(tooLarge, locale) })}
        </div>
      )}
      {found && (
        <p className="inc-saved" role="status" data-testid="attachment-uploaded">
          {t('inc.ev2.uploaded', { name: found.name, n: found.n })}
        </p>
      )}
      <ErrorBanner error={action.error} />
      {attachments.length === 0 ? (
        <p className="muted" data-testid="attachments-empty">{t('inc.ev2.noAttachments')}</p>
      ) : (
        <ul className="plain-list inc-files">
          {attachments.map((a) => (
            <li key={a.id} className="inc-file" data-testid="attachment" data-name={a.name}>
              <a href={apiUrl(`/incidents/${id}/attachments/${a.id}`)} download={a.name} className="inc-file__name" data-testid="attachment-download">
                {a.name}
              </a>
              <span className="cell-sub">
                {formatBytes(a.size, locale)} · <span title={a.sha256} className="inc-hash">SHA-256 {a.sha256.slice(0, 12)}…</span>
                {' · '}
                {a.uploadedBy ?? '—'}, {formatDateTime(a.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
