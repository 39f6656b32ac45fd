import { Fragment, useState } from 'react';
import type { AuditEntry } from '../../api/types.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useT } from '../../i18n/use-t.ts';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <p className="muted">—</p>;
  return <pre>{JSON.stringify(value, null, 2)}</pre>;
}

/** One entry; expanding shows the stored before/after as text (never as markup). */
export function AuditRow({ entry: e }: { entry: AuditEntry }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const detailId = `audit-detail-${e.seq}`;
  return (
    <Fragment>
      <tr data-testid="audit-row" className={open ? 'is-open' : undefined}>
        <td data-label={t('audit.seq')}>
          <button type="button" className="btn btn--small btn--ghost" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen((v) => !v)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {e.seq}
          </button>
        </td>
        <td data-label={t('audit.time')} className="nowrap">
          {formatDateTime(e.at, true)}
        </td>
        <td data-label={t('audit.actor')}>{e.actorLabel}</td>
        <td data-label={t('audit.action')}>
          <code>{e.action}</code>
        </td>
        <td data-label={t('audit.entity')}>
          {e.entityType}
          {e.entityId && (
            <span className="muted small" title={e.entityId}>
              {' '}
              {e.entityId.slice(0, 8)}
            </span>
          )}
        </td>
        <td data-label={t('audit.summary')} className="break">
          {e.summary ?? ''}
        </td>
      </tr>
      {open && (
        <tr id={detailId} className="detail-row">
          <td colSpan={6}>
            <div className="audit-detail">
              <div>
                <h4>{t('audit.before')}</h4>
                <Json value={e.before} />
              </div>
              <div>
                <h4>{t('audit.after')}</h4>
                <Json value={e.after} />
              </div>
            </div>
            <p className="small muted break">
              IP: {e.ip ?? '—'} · hash: <code>{e.hash}</code>
            </p>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
