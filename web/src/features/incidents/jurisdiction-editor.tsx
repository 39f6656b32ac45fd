import { useState } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import { DEADLINE_FROMS, type DeadlineFrom, type DeadlineRule, type Jurisdiction } from '../../api/incident-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';

interface DraftRule {
  key: string;
  label: string;
  from: DeadlineFrom;
  days: string;
  hours: string;
  remindBeforeHours: string;
}
const toDraft = (r: DeadlineRule): DraftRule => ({ key: r.key, label: r.label, from: r.from, days: r.days?.toString() ?? '', hours: r.hours?.toString() ?? '', remindBeforeHours: r.remindBeforeHours?.toString() ?? '' });
const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const toRule = (r: DraftRule): DeadlineRule => {
  const days = num(r.days);
  const hours = num(r.hours);
  const remind = num(r.remindBeforeHours);
  return { key: r.key.trim(), label: r.label.trim(), from: r.from, ...(days !== undefined && { days }), ...(hours !== undefined && { hours }), ...(remind !== undefined && { remindBeforeHours: remind }) };
};
const NOTICE: DraftRule = { key: 'notice', label: 'Thông báo sự cố', from: 'detected_at', days: '3', hours: '', remindBeforeHours: '' };

/**
 * Legal deadlines as data, per jurisdiction: the national default (5 days for the notice, 5 days
 * for Mẫu 04 after the response ends) and a province's own rules (e.g. Đồng Nai: notice within
 * 3 days). The rules apply to incidents reported afterwards. Administrators edit; the national
 * default is edited, never deleted.
 */
export function JurisdictionEditor({ items, editable, onChanged }: { items: Jurisdiction[]; editable: boolean; onChanged(): void }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const sorted = [...items].sort((a, b) => (a.agencyId === null ? -1 : b.agencyId === null ? 1 : a.name.localeCompare(b.name)));
  return (
    <div data-testid="jurisdiction-editor">
      <p className="field__hint">{t('inc.set.jurHint')}</p>
      {sorted.map((j) => (
        <JurisdictionForm key={j.id} j={j} editable={editable} onChanged={onChanged} />
      ))}
      {editable &&
        (adding ? (
          <JurisdictionForm j={null} editable onChanged={() => { setAdding(false); onChanged(); }} onCancel={() => setAdding(false)} />
        ) : (
          <button type="button" className="btn" onClick={() => setAdding(true)} data-testid="jurisdiction-add">
            {t('inc.set.jurAdd')}
          </button>
        ))}
    </div>
  );
}

function JurisdictionForm({ j, editable, onChanged, onCancel }: { j: Jurisdiction | null; editable: boolean; onChanged(): void; onCancel?(): void }) {
  const t = useT();
  const [name, setName] = useState(j?.name ?? '');
  const [agencyId, setAgencyId] = useState(j?.agencyId ?? '');
  const [rules, setRules] = useState<DraftRule[]>(() => (j ? j.rules.map(toDraft) : [NOTICE]));
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const action = useAsyncAction();
  const err = (f: string) => fieldError(action.error, f);
  const national = j !== null && j.agencyId === null;
  const set = (i: number, patch: Partial<DraftRule>) => setRules((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const save = () => {
    setSaved(false);
    const body = { name: name.trim(), agencyId: j ? j.agencyId : agencyId || null, rules: rules.map(toRule) };
    void action.run(async () => {
      if (j) await api.put<Jurisdiction>(`/jurisdictions/${j.id}`, body);
      else await api.post<Jurisdiction>('/jurisdictions', body);
      setSaved(true);
      onChanged();
    });
  };
  return (
    <div className="card inc-jur" data-testid="jurisdiction" data-national={national} data-name={j?.name ?? ''}>
      <h3 className="inc-jur__title">{j ? (national ? t('inc.set.jurNational', { name: j.name }) : `${j.name} — ${j.agencyName ?? ''}`) : t('inc.set.jurNew')}</h3>
      <div className="inc-jur__head">
        <TextField label={t('inc.set.jurName')} value={name} onValue={setName} maxLength={200} required disabled={!editable} error={err('name')} testId="jurisdiction-name" />
        {!j && <AgencySelect label={t('inc.set.jurAgency')} value={agencyId} onValue={setAgencyId} required error={err('agencyId')} testId="jurisdiction-agency" />}
      </div>
      <div className="inc-rules">
        {rules.map((r, i) => (
          <fieldset key={i} className="inc-rule" data-testid="jurisdiction-rule" data-key={r.key}>
            <legend className="visually-hidden">{r.label || r.key}</legend>
            <TextField label={t('inc.set.ruleLabel')} value={r.label} onValue={(label) => set(i, { label })} maxLength={200} disabled={!editable} error={err(`rules/${i}/label`)} testId="rule-label" className="inc-rule__label" />
            <TextField label={t('inc.set.ruleKey')} value={r.key} onValue={(key) => set(i, { key })} maxLength={40} disabled={!editable} spellCheck={false} error={err(`rules/${i}/key`)} testId="rule-key" />
            <SelectField label={t('inc.set.ruleFrom')} value={r.from} onValue={(v) => set(i, { from: v as DeadlineFrom })} disabled={!editable} options={DEADLINE_FROMS.map((f) => ({ value: f, label: t(`inc.set.from.${f}`) }))} error={err(`rules/${i}/from`)} testId="rule-from" />
            <TextField label={t('inc.set.ruleDays')} type="number" min={0} max={365} inputMode="numeric" value={r.days} onValue={(days) => set(i, { days })} disabled={!editable} error={err(`rules/${i}/days`)} testId="rule-days" />
            <TextField label={t('inc.set.ruleHours')} type="number" min={0} max={8760} inputMode="numeric" value={r.hours} onValue={(hours) => set(i, { hours })} disabled={!editable} error={err(`rules/${i}/hours`)} testId="rule-hours" />
            <TextField label={t('inc.set.ruleRemind')} type="number" min={0} max={720} inputMode="numeric" value={r.remindBeforeHours} onValue={(remindBeforeHours) => set(i, { remindBeforeHours })} disabled={!editable} placeholder="24" error={err(`rules/${i}/remindBeforeHours`)} testId="rule-remind" />
            {editable && (
              <button type="button" className="btn btn--small btn--danger inc-rule__remove" onClick={() => setRules((rs) => rs.filter((_, k) => k !== i))} data-testid="rule-remove">
                {t('inc.set.ruleRemove')}
              </button>
            )}
          </fieldset>
        ))}
      </div>
      {editable && (
        <>
          <button type="button" className="btn btn--small" onClick={() => setRules((rs) => [...rs, { key: '', label: '', from: 'detected_at', days: '', hours: '', remindBeforeHours: '' }])} data-testid="rule-add">
            {t('inc.set.ruleAdd')}
          </button>
          <ErrorBanner error={action.error} placedFields={['name', 'agencyId', 'rules']} />
          {err('rules') && !rules.some((_, i) => err(`rules/${i}`)) && <p className="field__error">{err('rules')}</p>}
          <div className="form__actions">
            {onCancel && (
              <button type="button" className="btn" onClick={onCancel}>
                {t('common.cancel')}
              </button>
            )}
            <button type="button" className="btn btn--primary" onClick={save} disabled={action.busy} data-testid="jurisdiction-save">
              {action.busy ? t('common.working') : t('common.save')}
            </button>
            {j && !national && (
              <button type="button" className="btn btn--danger" onClick={() => setDeleting(true)} data-testid="jurisdiction-delete">
                {t('common.delete')}
              </button>
            )}
            {saved && <span className="inc-saved" role="status">{t('inc.set.saved')}</span>}
          </div>
        </>
      )}
      {deleting && j && (
        <ConfirmDialog
          title={t('inc.set.jurDelete')}
          message={t('inc.set.jurDeleteText', { name: j.name })}
          confirmLabel={t('common.delete')}
          danger
          onConfirm={async () => {
            await api.del(`/jurisdictions/${j.id}`);
            setDeleting(false);
            onChanged();
          }}
          onClose={() => setDeleting(false)}
        />
      )}
    </div>
  );
}
