import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import type { StreamStatus } from './use-monitor-stream.ts';

const LABEL: Record<StreamStatus, [MessageKey, MessageKey]> = {
  open: ['live.open', 'live.openTitle'],
  connecting: ['live.connecting', 'live.connectingTitle'],
  closed: ['live.closed', 'live.closedTitle'],
};

/** A small dot and word saying whether the page is receiving live updates. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const t = useT();
  const [label, title] = LABEL[status];
  return (
    <span className={`live live--${status}`} title={t(title)} data-testid="live-indicator" data-status={status}>
      <span className="live__dot" aria-hidden="true" />
      {t(label)}
    </span>
  );
}
