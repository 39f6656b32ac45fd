import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { OBSERVABLE_TYPES, TLPS, type IncidentEvidence, type Observable, type ObservableType, type RelatedIncident, type Tlp } from '../../api/incident-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { IncidentStatusBadge, TlpBadge } from './incident-labels.tsx';

type Changed = (next?: IncidentEvidence) => void;
const SOURCES = ['manual', 'text', 'attachment', 'alert', 'misp'] as const;

/**
 * Observables grouped by type, each with its TLP and, when other incidents carry the same value,
 * the badge "Xuất hiện ở N sự cố khác" that opens the list of those incidents. Added by hand
 * (several rows at once, errors per row) or extracted from pasted text (defanged forms too).
 */
export function IncidentObservables({ id, observables, editable, onChanged }: { id: string; observables: Observable[]; editable: boolean; onChanged: Changed }) {
  const t = useT();
  const [open, setOpen] = useState<'add' | 'extract' | null>(null);
  const [removing, setRemoving] = useState<Observable | null>(null);
  const [extracted, setExtracted] = useState<number | null>(null);
  const types = OBSERVABLE_TYPES.filter((ty) => observables.some((o) => o.type === ty));
  const remove = async (o: Observable) => {
    await api.del(`/incidents/${id}/observables/${o.id}`);
    setRemoving(null);
    onChanged();
  };
  return (
    <div className="card" data-testid="incident-observables">
      {editable && (
        <div className="inc-ev-toolbar">
          <button type="button" className="btn btn--small" onClick={() => setOpen('add')} data-testid="observable-add">
            {t('inc.ev2.add')}
          </button>
          <button type="button" className="btn btn--small" onClick={() => setOpen('extract')} data-testid="observable-extract">
            {t('inc.ev2.extract')}
          </button>
          {extracted !== null && (
            <span className="inc-saved" role="status" data-testid="observable-extracted">
              {t('inc.ev2.extracted', { n: extracted })}
            </span>
          )}
        </div>
      )}
      {observables.length === 0 ? (
        <p className="muted" data-testid="observables-empty">{t('inc.ev2.none')}</p>
      ) : (
        types.map((ty) => (
          <div key={ty} className="inc-obs-group" data-testid="observable-group" data-type={ty}>
            <h3 className="inc-phase__title">{t(`inc.obs.${ty}`)}</h3>
            <ul className="plain-list">
              {observables
                .filter((o) => o.type === ty)
                .map((o) => (
                  <ObservableRow key={o.id} incidentId={id} o={o} editable={editable} onRemove={() => setRemoving(o)} />
                ))}
            </ul>
          </div>
        ))
      )}
      {open === 'add' && <AddDialog id={id} onClose={() => setOpen(null)} onDone={(next) => { setOpen(null); onChanged(next); }} />}
      {open === 'extract' && (
        <ExtractDialog id={id} onClose={() => setOpen(null)} onDone={(next, added) => { setOpen(null); setExtracted(added); onChanged(next); }} />
      )}
      {removing && (
        <ConfirmDialog
          title={t('inc.ev2.removeTitle')}
          message={t('inc.ev2.removeText', { value: removing.value })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={() => remove(removing)}
          onClose={() => setRemoving(null)}
        />
      )}
    </div>
  );
}

function ObservableRow({ incidentId, o, editable, onRemove }: { incidentId: string; o: Observable; editable: boolean; onRemove(): void }) {
  const t = useT();
  const [related, setRelated] = useState<RelatedIncident[] | null>(null);
  const [expanded, setExpanded] = useState(false);
  const action = useAsyncAction();
  const toggle = () => {
    setExpanded((x) => !x);
    if (!related)
      void action.run(async () => {
        const r = await api.get<{ items: RelatedIncident[] }>(`/incidents/${incidentId}/observables/related`, { type: o.type, value: o.value });
        setRelated(r.items);
      });
  };
  return (
    <li className="inc-obs" data-testid="observable" data-type={o.type} data-value={o.value}>
      <div className="inc-obs__main">
        <code className="inc-obs__value">{o.value}</code>
        <span className="tags">
          <TlpBadge tlp={o.tlp} />
          <span className="badge badge--muted">{SOURCES.includes(o.source as (typeof SOURCES)[number]) ? t(`inc.obsSource.${o.source as (typeof SOURCES)[number]}`) : o.source}</span>
          {o.otherIncidents > 0 && (
            <button type="button" className="badge badge--warn inc-obs__corr" aria-expanded={expanded} onClick={toggle} data-testid="observable-correlation" data-count={o.otherIncidents}>
              {t('inc.ev2.elsewhere', { n: o.otherIncidents })} {expanded ? '▴' : '▾'}
            </button>
          )}
        </span>
        {editable && (
          <button type="button" className="btn btn--small btn--ghost btn--danger inc-obs__remove" onClick={onRemove} aria-label={t('inc.ev2.removeOne', { value: o.value })} data-testid="observable-remove">
            ×
          </button>
        )}
      </div>
      {o.comment && <p className="cell-sub">{o.comment}</p>}
      {expanded && (
        <div className="inc-obs__related" data-testid="observable-related">
          <ErrorBanner error={action.error} />
          {related === null ? (
            <span className="muted small">{t('common.loading')}</span>
          ) : related.length === 0 ? (
            <span className="muted small">{t('inc.ev2.relatedNone')}</span>
          ) : (
            <ul className="plain-list">
              {related.map((r) => (
                <li key={r.id} data-testid="observable-related-incident">
                  <Link to={`/incidents/${r.id}`}>
                    <span className="inc-number">{r.number}</span> {r.title}
                  </Link>{' '}
                  <IncidentStatusBadge incident={{ status: r.status, phase: null }} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </li>
  );
}

interface Row {
  type: ObservableType;
  value: string;
  tlp: Tlp | '';
  comment: string;
}
const emptyRow = (): Row => ({ type: 'ipv4', value: '', tlp: '', comment: '' });

/** Several observables at once; the server's complaint lands on its row ("/observables/1/value"). */
function AddDialog({ id, onClose, onDone }: { id: string; onClose(): void; onDone(next: IncidentEvidence): void }) {
  const t = useT();
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [missing, setMissing] = useState<number[]>([]);
  const action = useAsyncAction();
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = () => {
    const empty = rows.flatMap((r, i) => (r.value.trim() ? [] : [i]));
    setMissing(empty);
    if (empty.length) return;
    const observables = rows.map((r) => ({ type: r.type, value: r.value.trim(), ...(r.tlp && { tlp: r.tlp }), ...(r.comment.trim() && { comment: r.comment.trim() }) }));
    void action.run(async () => onDone(await api.post<IncidentEvidence>(`/incidents/${id}/observables`, { observables })));
  };
  const err = (i: number, f: string) => (f === 'value' && missing.includes(i) ? t('fieldMsg.required') : fieldError(action.error, `observables/${i}/${f}`));
  return (
    <Dialog
      title={t('inc.ev2.addTitle')}
      onClose={onClose}
      wide
      testId="observable-add-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn--primary" onClick={submit} disabled={action.busy} data-testid="observable-add-submit">
            {action.busy ? t('common.working') : t('inc.ev2.addSubmit')}
          </button>
        </>
      }
    >
      <div className="inc-obs-rows">
        {rows.map((r, i) => (
          <fieldset key={i} className="inc-obs-row" data-testid="observable-add-row">
            <legend className="visually-hidden">{t('inc.ev2.rowN', { n: i + 1 })}</legend>
            <SelectField label={t('inc.ev2.type')} value={r.type} onValue={(v) => set(i, { type: v as ObservableType })} options={OBSERVABLE_TYPES.map((x) => ({ value: x, label: t(`inc.obs.${x}`) }))} error={err(i, 'type')} testId="observable-add-type" />
            <TextField label={t('inc.ev2.value')} value={r.value} onValue={(v) => set(i, { value: v })} required maxLength={2048} error={err(i, 'value')} testId="observable-add-value" spellCheck={false} />
            <SelectField label={t('inc.cls.tlp')} value={r.tlp} onValue={(v) => set(i, { tlp: v as Tlp | '' })} options={[{ value: '', label: t('inc.ev2.tlpInherit') }, ...TLPS.map((x) => ({ value: x, label: t(`inc.tlp.${x}`) }))]} testId="observable-add-tlp" />
            <TextField label={t('inc.ev2.comment')} value={r.comment} onValue={(v) => set(i, { comment: v })} maxLength={1000} error={err(i, 'comment')} testId="observable-add-comment" />
            {rows.length > 1 && (
              <button type="button" className="btn btn--small btn--ghost btn--danger inc-obs-row__remove" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                {t('inc.ev2.removeRow')}
              </button>
            )}
          </fieldset>
        ))}
      </div>
      {rows.length < 50 && (
        <button type="button" className="btn btn--small" onClick={() => setRows((rs) => [...rs, emptyRow()])} data-testid="observable-add-row-button">
          {t('inc.ev2.addRow')}
        </button>
      )}
      <ErrorBanner error={action.error} placedFields={rows.flatMap((_, i) => [`observables/${i}/value`, `observables/${i}/type`, `observables/${i}/comment`])} />
    </Dialog>
  );
}

/** Paste a log, a mail or a report: every IP, domain, URL, hash and address in it (defanged too). */
function ExtractDialog({ id, onClose, onDone }: { id: string; onClose(): void; onDone(next: IncidentEvidence, added: number): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const action = useAsyncAction();
  const submit = () => {
    setEmpty(!text.trim());
    if (!text.trim()) return;
    void action.run(async () => {
      const r = await api.post<IncidentEvidence & { added: number }>(`/incidents/${id}/observables/extract`, { text });
      onDone(r, r.added);
    });
  };
  return (
    <Dialog
      title={t('inc.ev2.extractTitle')}
      onClose={onClose}
      wide
      testId="observable-extract-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="btn btn--primary" onClick={submit} disabled={action.busy} data-testid="observable-extract-submit">
            {action.busy ? t('common.working') : t('inc.ev2.extractSubmit')}
          </button>
        </>
      }
    >
      <TextAreaField label={t('inc.ev2.extractText')} hint={t('inc.ev2.extractHint')} value={text} onValue={setText} rows={8} spellCheck={false} error={empty ? t('fieldMsg.required') : fieldError(action.error, 'text')} testId="observable-extract-text" />
      <ErrorBanner error={action.error} placedFields={['text']} />
    </Dialog>
  );
}
