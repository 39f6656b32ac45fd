import { api } from '../../api/api-client.ts';
import type { EscalationPolicy, RoutingRule } from '../../api/alert-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { AsyncState } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';
import { groupByLabel, matchText } from './escalation-labels.ts';

interface Props {
  rules: AsyncState<{ items: RoutingRule[] }>;
  policies: readonly EscalationPolicy[];
  editable: boolean;
  onEdit(rule: RoutingRule): void;
  onDelete(rule: RoutingRule): void;
}

/** The routing rules in the order they are tried; the first enabled one that matches an alert decides. */
export function RulesTable({ rules, policies, editable, onEdit, onDelete }: Props) {
  const t = useT();
  const { byId } = useAgencyTree();
  const moving = useAsyncAction();
  const items = rules.data ? [...rules.data.items].sort((a, b) => a.position - b.position) : undefined;
  const agencyName = (id: string) => byId.get(id)?.name ?? id;

  // Positions are renumbered 10, 20, 30… in the new order; only the rules whose number changes are sent.
  const move = (i: number, by: -1 | 1) =>
    void moving.run(async () => {
      if (!items) return;
      const next = [...items];
      [next[i], next[i + by]] = [next[i + by]!, next[i]!];
      for (const [j, r] of next.entries()) {
        const position = (j + 1) * 10;
        if (r.position !== position) await api.patch(`/routing-rules/${r.id}`, { position });
      }
      rules.reload();
    });
  const toggle = (r: RoutingRule) =>
    void moving.run(async () => {
      await api.patch(`/routing-rules/${r.id}`, { enabled: !r.enabled });
      rules.reload();
    });

  return (
    <>
      <ErrorBanner error={moving.error} />
      <ListCard
        data={items && { items, total: items.length, pageSize: items.length }}
        loading={rules.loading}
        error={rules.error}
        empty={t('esc.rule.none')}
        testId="rules-table"
        columns={['#', t('esc.rule.name'), t('esc.rule.match'), t('esc.rule.policy'), t('esc.rule.groupBy')]}
        actions={editable}
        row={(r) => {
          const i = items!.indexOf(r);
          const policy = policies.find((p) => p.id === r.policyId);
          return (
            <tr key={r.id} data-testid="rule-row" data-name={r.name} className={r.enabled ? undefined : 'esc-rule--off'}>
              <td data-label="#" className="nowrap">
                {i + 1}
              </td>
              <td className="cell-title">
                <strong>{r.name}</strong>
                {!r.enabled && <span className="badge badge--muted esc-off">{t('esc.rule.disabled')}</span>}
              </td>
              <td data-label={t('esc.rule.match')}>
                <ul className="plain-list esc-match">
                  {matchText(t, r.match, agencyName).map((line, j) => (
                    <li key={j}>{line}</li>
                  ))}
                </ul>
              </td>
              <td data-label={t('esc.rule.policy')}>{r.policyId ? (policy?.name ?? '…') : <span className="text-danger">{t('esc.rule.noPolicy')}</span>}</td>
              <td data-label={t('esc.rule.groupBy')}>
                {groupByLabel(t, r.groupBy)}
                {r.groupBy !== 'none' && <span className="cell-sub">{t('esc.rule.windowShort', { n: Math.round(r.groupWindowSeconds / 60) })}</span>}
              </td>
              {editable && (
                <td className="cell-actions">
                  <span className="esc-row-buttons">
                    <button type="button" className="btn btn--small" onClick={() => move(i, -1)} disabled={i === 0 || moving.busy} aria-label={`${t('esc.moveUp')}: ${r.name}`} data-testid="rule-up">↑</button>
                    <button type="button" className="btn btn--small" onClick={() => move(i, 1)} disabled={i === items!.length - 1 || moving.busy} aria-label={`${t('esc.moveDown')}: ${r.name}`} data-testid="rule-down">↓</button>
                    <button type="button" className="btn btn--small" onClick={() => toggle(r)} disabled={moving.busy} data-testid="rule-toggle">
                      {r.enabled ? t('esc.rule.disable') : t('esc.rule.enable')}
                    </button>
                    <button type="button" className="btn btn--small" onClick={() => onEdit(r)} data-testid="rule-edit">
                      {t('common.edit')}
                    </button>
                    <button type="button" className="btn btn--small btn--danger" onClick={() => onDelete(r)} data-testid="rule-delete">
                      {t('common.delete')}
                    </button>
                  </span>
                </td>
              )}
            </tr>
          );
        }}
      />
    </>
  );
}
