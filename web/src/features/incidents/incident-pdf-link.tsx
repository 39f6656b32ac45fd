import { useState, type MouseEvent } from 'react';
import { apiUrl, toApiError } from '../../api/api-client.ts';
import { ApiError } from '../../api/api-error.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { useT } from '../../i18n/use-t.ts';

/** The file name of a Content-Disposition header, or a fallback. */
function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain ? plain[1]! : fallback;
}

/**
 * A PDF download that is converted on the server (LibreOffice). Fetched first, so a 503
 * `pdf_unavailable` becomes "install LibreOffice or take the DOCX" rather than a downloaded error
 * document; the file is then handed to the browser as a download, never shown inline.
 */
export function PdfLink({ path, label, testId }: { path: string; label: string; testId: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const onClick = async (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(apiUrl(path), { credentials: 'same-origin' });
      if (!res.ok) throw await toApiError(res);
      const blob = await res.blob();
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filenameOf(res, path.split('/').pop() ?? 'document.pdf');
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const unavailable = error instanceof ApiError && (error.code === 'pdf_unavailable' || error.status === 503);
  return (
    <>
      <a className="btn btn--small" href={apiUrl(path)} download onClick={(e) => void onClick(e)} aria-busy={busy} data-testid={testId}>
        {busy ? t('common.working') : label}
      </a>
      {unavailable ? (
        <span className="alert alert--error inc-pdf-error" role="alert" data-testid={`${testId}-unavailable`}>
          {t('inc.docs.pdfUnavailable')}
        </span>
      ) : (
        error !== null && <ErrorBanner error={error} />
      )}
    </>
  );
}
