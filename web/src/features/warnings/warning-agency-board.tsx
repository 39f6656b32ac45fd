import { ListCard } from '../../components/list-card.tsx';
import { useI18n } from '../../i18n/use-t.ts';
import { formatDateTime } from '../../lib/format.ts';
import { formatPct, PercentBar } from './warning-labels.tsx';
import type { AgencyBoardRow, BoardFigures } from './warning-types.ts';

interface Props {
  rows: readonly (AgencyBoardRow & { warnings?: number })[] | undefined;
  loading: boolean;
  error: unknown;
  empty: string;
  /** The cross-warning board also counts warnings per agency. */
  showWarnings?: boolean;
  testId: string;
}

/** Figures in the board's order; each cell carries data-testid="board-<key>" for the tests and the eye. */
const FIGURES: readonly (keyof BoardFigures)[] = ['systems', 'notAcknowledged', 'affected', 'notAffected', 'fixed', 'riskAccepted', 'overdue'];

/**
 * The per-agency board: one row per agency with its counts and a bar for the share fixed. On a
 * phone each row is a card, labels beside the figures.
 */
export function AgencyBoardTable({ rows, loading, error, empty, showWarnings, testId }: Props) {
  const { t } = useI18n();
  return (
    <div className="warn-board">
      <ListCard
        data={rows && { items: [...rows], total: rows.length, pageSize: rows.length || 1 }}
        loading={loading}
        error={rows ? undefined : error}
        empty={empty}
        testId={testId}
        columns={[
          t('warn.board.agency'),
          ...(showWarnings ? [t('warn.fig.warnings')] : []),
          ...FIGURES.map((f) => t(`warn.fig.${f}`)),
          t('warn.fig.percentFixed'),
        ]}
        row={(r) => (
          <tr key={r.agencyId} data-testid="board-row" data-agency={r.agencyName} className={r.overdue > 0 ? 'row--failed' : undefined}>
            <td className="cell-title">
              <span className="break">{r.agencyName}</span>
              {r.notifiedAt !== undefined && (
                <span className="cell-sub">
                  {r.notifiedAt ? t('warn.detail.notifiedAt', { time: formatDateTime(r.notifiedAt) }) : t('warn.detail.notNotified')}
                </span>
              )}
            </td>
            {showWarnings && <td data-label={t('warn.fig.warnings')}>{r.warnings ?? 0}</td>}
            {FIGURES.map((f) => (
              <td key={f} data-label={t(`warn.fig.${f}`)} data-testid={`board-${f}`} className={f === 'overdue' && r.overdue > 0 ? 'text-danger' : undefined}>
                {r[f]}
              </td>
            ))}
            <td data-label={t('warn.fig.percentFixed')}>
              <PercentBar value={r.percentFixed} testId="board-percentFixed" />
            </td>
          </tr>
        )}
      />
    </div>
  );
}

/** The warning's totals as tiles: the few figures a director asks for first. */
export function BoardTiles({ totals }: { totals: BoardFigures }) {
  const { t, locale } = useI18n();
  const tiles: { key: string; label: string; value: string | number; tone?: 'danger' | 'ok' }[] = [
    { key: 'systems', label: t('warn.fig.systems'), value: totals.systems },
    { key: 'notAcknowledged', label: t('warn.fig.notAcknowledged'), value: totals.notAcknowledged, tone: totals.notAcknowledged > 0 ? 'danger' : undefined },
    { key: 'affected', label: t('warn.fig.affected'), value: totals.affected },
    { key: 'fixed', label: t('warn.fig.fixed'), value: totals.fixed, tone: 'ok' },
    { key: 'notAffected', label: t('warn.fig.notAffected'), value: totals.notAffected },
    { key: 'riskAccepted', label: t('warn.fig.riskAccepted'), value: totals.riskAccepted },
    { key: 'overdue', label: t('warn.fig.overdue'), value: totals.overdue, tone: totals.overdue > 0 ? 'danger' : undefined },
    { key: 'percentFixed', label: t('warn.fig.percentFixed'), value: formatPct(totals.percentFixed, locale) },
    { key: 'percentResolved', label: t('warn.fig.percentResolved'), value: formatPct(totals.percentResolved, locale) },
  ];
  return (
    <ul className="warn-tiles" data-testid="warning-totals">
      {tiles.map((x) => (
        <li key={x.key} className={`warn-tile${x.tone ? ` warn-tile--${x.tone}` : ''}`} data-testid={`total-${x.key}`}>
          <span className="warn-tile__value">{x.value}</span>
          <span className="warn-tile__label">{x.label}</span>
        </li>
      ))}
    </ul>
  );
}
