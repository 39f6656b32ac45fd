import { api } from '../../api/api-client.ts';
import { MONITOR_STATES, type Monitor } from '../../api/monitor-types.ts';
import type { Page } from '../../api/types.ts';
import { formatNumber } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useI18n } from '../../i18n/use-t.ts';
import { STATE_ICON, stateKey } from './monitor-labels.ts';

type Tile = (typeof MONITOR_STATES)[number] | 'paused';
const TILES: readonly Tile[] = [...MONITOR_STATES, 'paused'];

interface Props {
  /** Agency / system the page is narrowed to; the other filters do not change the summary. */
  scope: { agencyId?: string; systemId?: string };
  /** Bumped when states change (stream transitions), to count again. */
  refreshKey: number;
  state: string;
  paused: string;
  onPick(filter: { state: string; paused: string }): void;
}

/**
 * Counts of active monitors per state, plus the paused ones (so the tiles add up to the total).
 * The API has no summary endpoint, so it asks for one-row pages and reads their totals.
 */
export function MonitorSummary({ scope, refreshKey, state, paused, onPick }: Props) {
  const { t, locale } = useI18n();
  const key = JSON.stringify([scope, refreshKey]);
  const { data } = useAsync(async (signal) => {
    const count = (q: Record<string, string | boolean>) => api.get<Page<Monitor>>('/monitors', { ...scope, ...q, page: 1, pageSize: 1 }, signal).then((p) => p.total);
    const totals = await Promise.all(TILES.map((tile) => (tile === 'paused' ? count({ paused: true }) : count({ state: tile, paused: false }))));
    return Object.fromEntries(TILES.map((tile, i) => [tile, totals[i]!])) as Record<Tile, number>;
  }, key);

  const isActive = (tile: Tile) => (tile === 'paused' ? paused === 'true' && !state : state === tile && paused === 'false');
  return (
    <ul className="summary" aria-label={t('summary.label')} data-testid="monitor-summary">
      {TILES.map((tile) => {
        const active = isActive(tile);
        const label = tile === 'paused' ? t('summary.paused') : t(stateKey(tile));
        const n = data?.[tile];
        return (
          <li key={tile}>
            <button
              type="button"
              className={`summary__tile summary__tile--${tile}${active ? ' is-active' : ''}`}
              aria-pressed={active}
              title={t('summary.filterTitle', { label })}
              onClick={() => onPick(active ? { state: '', paused: '' } : tile === 'paused' ? { state: '', paused: 'true' } : { state: tile, paused: 'false' })}
              data-testid={`summary-${tile}`}
            >
              <span className="summary__count">{n === undefined ? '…' : formatNumber(n, locale)}</span>
              <span className="summary__label">
                <span aria-hidden="true">{tile === 'paused' ? '❚❚' : STATE_ICON[tile]}</span> {label}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
