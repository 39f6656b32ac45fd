import { useT } from '../../i18n/use-t.ts';
import type { MessageKey } from '../../i18n/vi.ts';
import type { SendOutcome } from './notification-types.ts';

const CODES = ['timeout', 'network', 'rate-limited', 'server-error', 'rejected', 'auth', 'bounced', 'bad-address', 'bad-config', 'policy', 'aborted', 'internal'];

/** A failure code in words ("mạng", "địa chỉ không tồn tại"…); unknown codes as they are. */
export function useCodeLabel() {
  const t = useT();
  return (code: string | null | undefined) => (code && CODES.includes(code) ? t(`notif.code.${code}` as MessageKey) : (code ?? ''));
}

/** The classified result of a test send. */
export function SendOutcomeView({ outcome, label }: { outcome: SendOutcome; label?: string }) {
  const t = useT();
  const codeLabel = useCodeLabel();
  return (
    <div className={`alert ${outcome.ok ? 'alert--success' : 'alert--error'}`} role="status" data-testid="send-outcome" data-ok={String(outcome.ok)}>
      <strong>
        {label ? `${label}: ` : ''}
        {outcome.ok ? t('notif.test.ok', { ms: outcome.durationMs }) : t('notif.test.failed', { code: codeLabel(outcome.code) })}
      </strong>
      {!outcome.ok && (
        <p className="alert__detail break">
          {outcome.error}
          {outcome.retryable !== undefined && <> · {outcome.retryable ? t('notif.test.retryable') : t('notif.test.permanent')}</>}
        </p>
      )}
    </div>
  );
}
