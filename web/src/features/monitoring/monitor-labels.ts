import { MONITOR_KINDS, MONITOR_STATES, type MonitorKind, type MonitorState } from '../../api/monitor-types.ts';
import type { MessageKey } from '../../i18n/vi.ts';

/** The server sends states and kinds as plain strings; anything unexpected is shown as "unknown". */
export const asState = (s: string): MonitorState => ((MONITOR_STATES as readonly string[]).includes(s) ? (s as MonitorState) : 'unknown');
export const isKind = (k: string): k is MonitorKind => (MONITOR_KINDS as readonly string[]).includes(k);

export const stateKey = (s: string) => `monitor.state.${asState(s)}` as MessageKey;
export const kindKey = (k: string): MessageKey | null => (isKind(k) ? (`monitor.kind.${k}` as MessageKey) : null);

/** A glyph per state, so the badge never relies on colour alone. */
export const STATE_ICON: Record<MonitorState, string> = { up: '▲', degraded: '◆', down: '▼', unknown: '?' };

/** TLS days left: fewer than these are a warning / critical (the probe's defaults). */
export const TLS_WARN_DAYS = 14;
export const TLS_CRITICAL_DAYS = 3;

/** ISO timestamps compare as text only when in one format; compare as instants instead. */
export function isLater(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a) return false;
  if (!b) return true;
  return new Date(a).getTime() > new Date(b).getTime();
}
