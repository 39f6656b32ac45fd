import { ApiError, unplacedFieldErrors } from '../api/api-error.ts';
import type { MessageKey } from '../i18n/vi.ts';
import { translateServerMessage } from '../i18n/server-messages.ts';
import { useT } from '../i18n/use-t.ts';
import type { TFunction } from '../i18n/i18n-context.tsx';

function headline(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.code === 'network') return t('error.network');
  const byStatus: Record<number, MessageKey> = {
    400: 'error.validation',
    401: 'error.unauthenticated',
    403: 'error.forbidden',
    404: 'error.notFound',
    409: 'error.conflict',
    413: 'error.tooLarge',
    415: 'error.unsupportedType',
    422: 'error.validation',
    429: 'error.rateLimited',
  };
  const key = byStatus[err.status] ?? (err.status >= 500 ? 'error.server' : 'error.unexpected');
  return t(key);
}

/** The server's own words, shown under our translated headline: often the actionable part. */
export function errorDetail(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : undefined;
  if (err.code === 'network') return undefined;
  // The generic validation sentence adds nothing to our headline; specific ones are kept.
  if (err.problem.detail === 'The request is not valid') return undefined;
  return err.problem.detail ?? (err.problem.title !== 'network' ? err.problem.title : undefined);
}

interface Props {
  error: unknown;
  /** Fields the form shows next to its inputs; other field errors are listed here. */
  placedFields?: readonly string[];
}

export function ErrorBanner({ error, placedFields = [] }: Props) {
  const t = useT();
  if (!error) return null;
  const detail = errorDetail(error);
  const rest = unplacedFieldErrors(error, placedFields);
  return (
    <div className="alert alert--error" role="alert" data-testid="error-banner">
      <strong>{headline(t, error)}</strong>
      {detail && <p className="alert__detail">{detail}</p>}
      {rest.length > 0 && (
        <ul>
          {rest.map(([field, msg]) => (
            <li key={field}>
              <code>{field || '—'}</code>: {translateServerMessage(t, msg)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
