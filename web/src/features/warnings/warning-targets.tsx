import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { FilterSelect } from '../../components/filter-select.tsx';
import { CheckboxField } from '../../components/form-fields.tsx';
import { ListCard } from '../../components/list-card.tsx';
import { useT } from '../../i18n/use-t.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { MatchStatusBadge } from '../vulns/vuln-labels.tsx';
import { TargetHistory } from './target-history.tsx';
import { commonNextStatuses, TargetUpdateDialog } from './target-update-dialog.tsx';
import { targetStatusLabel, TargetStatusBadge } from './warning-labels.tsx';
import { TARGET_STATUSES, type Target, type WarningDetail } from './warning-types.ts';

const SHOWN_CVES = 4;

interface Props {
  warning: WarningDetail;
  editable: boolean;
  /** Called after an update so the board and totals follow. */
  onChanged(): void;
}

/**
 * The warning's systems, one row each: where it stands, the evidence, and "Cập nhật" with only
 * the statuses allowed from there. Rows can be ticked and updated together (the server applies
 * all or none). Agency users see only their own systems: the server filters.
 */
export function WarningTargets({ warning, editable, onChanged }: Props) {
  const t = useT();
  const [agencyId, setAgencyId] = useState('');
  const [status, setStatus] = useState('');
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Target[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const query = { agencyId, status };
  const { data, error, loading } = useAsync(
    (signal) => api.get<{ items: Target[] }>(`/warnings/${warning.id}/targets`, query, signal),
    `${warning.id}:${JSON.stringify(query)}#${version}`,
  );
  const items = data?.items ?? [];
  const chosen = items.filter((x) => selected.has(x.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allOn = items.length > 0 && items.every((x) => selected.has(x.id));
  const finished = (n: number) => {
    setEditing(null);
    setSelected(new Set());
    setDone(n);
    setVersion((v) => v + 1);
    onChanged();
  };

  return (
    <div className="warn-targets" data-testid="warning-targets">
      <div className="filters">
        {warning.agencies.length > 1 && (
          <FilterSelect label={t('warn.tg.filterAgency')} value={agencyId} onValue={setAgencyId} options={warning.agencies.map((a) => ({ value: a.agencyId, label: a.agencyName }))} testId="target-filter-agency" />
        )}
        <FilterSelect label={t('warn.tg.filterStatus')} value={status} onValue={setStatus} options={TARGET_STATUSES.map((s) => ({ value: s, label: targetStatusLabel(t, s) }))} testId="target-filter-status" />
        {/* Outside the table head: on a phone the head is hidden and rows are cards. */}
        {editable && items.length > 0 && (
          <div className="filters__group">
            <CheckboxField label={t('warn.tg.selectAll')} checked={allOn} onChecked={(on) => setSelected(on ? new Set(items.map((x) => x.id)) : new Set())} testId="target-select-all" />
          </div>
        )}
      </div>
      {done !== null && (
        <p className="alert alert--success" role="status" data-testid="target-updated">
          {t('warn.up.done', { n: done })}
        </p>
      )}
      {editable && chosen.length > 0 && (
        <div className="warn-bulk" data-testid="target-bulk-bar">
          <span>{t('warn.up.selected', { n: chosen.length })}</span>
          <button type="button" className="btn btn--primary btn--small" disabled={commonNextStatuses(chosen).length === 0} onClick={() => setEditing(chosen)} data-testid="target-bulk-update">
            {t('warn.up.bulk')}
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setSelected(new Set())}>
            {t('warn.up.clear')}
          </button>
        </div>
      )}
      <ListCard
        data={data && { items, total: items.length, pageSize: items.length || 1 }}
        loading={loading}
        error={data ? undefined : error}
        empty={t('warn.tg.none')}
        testId="targets-table"
        dimWhileLoading
        actions
        columns={[t('warn.tg.col.system'), t('warn.tg.col.match'), t('warn.tg.col.cves'), t('warn.tg.col.status'), t('warn.tg.col.evidence'), t('warn.tg.col.updated')]}
        row={(x) => (
          <Fragment key={x.id}>
            <tr data-testid="target-row" data-id={x.id} data-system={x.systemName} data-agency={x.agencyName} data-status={x.status} className={x.overdue ? 'row--failed' : undefined}>
              <td className="cell-title">
                <span className="warn-select">
                  {editable && (
                    <input type="checkbox" checked={selected.has(x.id)} onChange={(e) => toggle(x.id, e.target.checked)} aria-label={t('warn.tg.select', { name: x.systemName })} data-testid="target-select" />
                  )}
                  <span>
                    <Link to={`/systems/${x.systemId}`} className="break">
                      {x.systemName}
                    </Link>
                    <span className="cell-sub">{x.agencyName}</span>
                  </span>
                </span>
              </td>
              <td data-label={t('warn.tg.col.match')}>
                <MatchStatusBadge status={x.matchStatus} />
              </td>
              <td data-label={t('warn.tg.col.cves')}>
                <span className="tags">
                  {x.cves.slice(0, SHOWN_CVES).map((c) => (
                    <Link key={c} to={`/vulns/${encodeURIComponent(c)}`} className="tag">
                      {c}
                    </Link>
                  ))}
                  {x.cves.length > SHOWN_CVES && <span className="tag">{t('warn.tg.moreCves', { n: x.cves.length - SHOWN_CVES })}</span>}
                </span>
              </td>
              <td data-label={t('warn.tg.col.status')}>
                <span className="tags">
                  <TargetStatusBadge status={x.status} />
                  {x.overdue && <span className="badge badge--danger">{t('warn.tg.overdue')}</span>}
                </span>
              </td>
              <td data-label={t('warn.tg.col.evidence')} data-testid="target-evidence">
                <Evidence target={x} />
              </td>
              <td data-label={t('warn.tg.col.updated')}>
                <span className="small">{x.updatedByName ? t('warn.tg.by', { name: x.updatedByName, time: formatDateTime(x.updatedAt) }) : formatDateTime(x.updatedAt)}</span>
              </td>
              <td className="cell-actions">
                {editable && (
                  <button type="button" className="btn btn--small btn--primary" onClick={() => setEditing([x])} disabled={commonNextStatuses([x]).length === 0} data-testid="target-update">
                    {t('warn.tg.update')}
                  </button>
                )}
                <button type="button" className="btn btn--small" aria-expanded={open === x.id} onClick={() => setOpen(open === x.id ? null : x.id)} data-testid="target-history-toggle">
                  {open === x.id ? t('warn.tg.hideHistory') : t('warn.tg.history')}
                </button>
              </td>
            </tr>
            {open === x.id && (
              <tr className="warn-history-row">
                <td colSpan={7}>
                  {x.reasons.length > 0 && (
                    <details className="warn-why">
                      <summary>{t('warn.tg.why')}</summary>
                      <ul className="plain-list">
                        {x.reasons.map((r, i) => (
                          <li key={i} className="small break">
                            {r}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                  <TargetHistory warningId={warning.id} targetId={x.id} version={x.updatedAt} />
                </td>
              </tr>
            )}
          </Fragment>
        )}
      />
      {editing && <TargetUpdateDialog warningId={warning.id} targets={editing} onClose={() => setEditing(null)} onDone={finished} />}
    </div>
  );
}

/** What the agency gave for its status: the KB or version, the reason, the approver and end date. */
function Evidence({ target: x }: { target: Target }) {
  const t = useT();
  const lines: string[] = [];
  if (x.kbs.length) lines.push(t('warn.tg.kb', { list: x.kbs.join(', ') }));
  if (x.version) lines.push(t('warn.tg.version', { v: x.version }));
  if (x.riskApprover) lines.push(t('warn.tg.risk', { who: x.riskApprover, date: x.riskExpiresOn ? formatDate(x.riskExpiresOn) : '—' }));
  if (x.reason) lines.push(x.reason);
  if (x.note) lines.push(x.note);
  if (lines.length === 0) return <span className="muted">—</span>;
  return (
    <span className="warn-evidence">
      {lines.map((l, i) => (
        <span key={i} className="break">
          {l}
        </span>
      ))}
    </span>
  );
}
