import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/api-client.ts';
import { fieldError } from '../../api/api-error.ts';
import {
  CAUSES,
  INCIDENT_TYPES,
  PRIORITIES,
  SERIOUS_ITEMS,
  TLPS,
  type ClassificationInput,
  type IncidentCause,
  type IncidentDetail,
  type IncidentEvent,
  type IncidentPriority,
  type IncidentType,
  type SeriousItem,
  type Tlp,
} from '../../api/incident-types.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import type { TFunction } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/vi.ts';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useAsyncAction } from '../../lib/use-async-action.ts';
import type { DutyPerson } from '../duty/duty-types.ts';

/** The server explains a "not serious" result in English; each known reason has a sentence here. */
const REASONS: [string, MessageKey][] = [
  ['no affected system', 'inc.cls.reason.level'],
  ['none of the listed harms', 'inc.cls.reason.harm'],
  ['the owner can cope', 'inc.cls.reason.capacity'],
];

function translateReason(t: TFunction, reason: string): string {
  const hit = REASONS.find(([prefix]) => reason.startsWith(prefix));
  return hit ? t(hit[1]) : reason;
}

/** The result of the serious-incident test as the last classification recorded it. */
export function SeriousResult({ events }: { events: readonly IncidentEvent[] }) {
  const t = useT();
  const last = [...events].reverse().find((e) => e.type === 'classified');
  if (!last) return null;
  const serious = last.data.serious === true;
  const reasons = Array.isArray(last.data.seriousReasons) ? last.data.seriousReasons.filter((r): r is string => typeof r === 'string') : [];
  return (
    <div className={`alert ${serious ? 'alert--error' : 'alert--info'}`} data-testid="incident-serious-result" data-serious={serious}>
      <strong>{serious ? t('inc.cls.resultSerious') : t('inc.cls.resultNotSerious')}</strong>
      {!serious && reasons.length > 0 && (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{translateReason(t, r)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The coordinating unit's classification: type (the first one brings the playbook's tasks),
 * cause group, internal priority, TLP, the serious-incident checklist, assignment, team and
 * confidentiality with the named people. Starts from the incident as loaded; polls do not
 * overwrite what is being edited.
 */
export function IncidentClassificationPanel({ detail, onDone }: { detail: IncidentDetail; onDone(d: IncidentDetail): void }) {
  const t = useT();
  const i = detail.incident;
  const [type, setType] = useState<string>(i.type ?? '');
  const [cause, setCause] = useState<string>(i.cause ?? '');
  const [causeDetail, setCauseDetail] = useState(i.causeDetail ?? '');
  const [priority, setPriority] = useState<string>(i.priority ?? '');
  const [tlp, setTlp] = useState<string>(i.tlp ?? '');
  const [checklist, setChecklist] = useState<Partial<Record<SeriousItem, boolean>>>(i.seriousChecklist ?? {});
  const [assigneeId, setAssigneeId] = useState(i.assigneeId ?? '');
  const [team, setTeam] = useState(i.team ?? '');
  const [confidential, setConfidential] = useState(i.confidential);
  const [access, setAccess] = useState<{ id: string; name: string }[]>(detail.access);
  const [saved, setSaved] = useState(false);
  const action = useAsyncAction();
  const people = useAsync((signal) => api.get<{ items: DutyPerson[] }>('/duty/people', undefined, signal), 'incident-people');
  const options = (people.data?.items ?? []).map((p) => ({ value: p.id, label: p.agencyName ? `${p.displayName} — ${p.agencyName}` : p.displayName }));
  if (i.assigneeId && !options.some((o) => o.value === i.assigneeId)) options.unshift({ value: i.assigneeId, label: i.assigneeName ?? i.assigneeId });
  const err = (f: string) => fieldError(action.error, f);
  useEffect(() => {
    if (!saved) return;
    const id = setTimeout(() => setSaved(false), 5000);
    return () => clearTimeout(id);
  }, [saved]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body: ClassificationInput = {
      ...(type && { type: type as IncidentType }),
      ...(cause && { cause: cause as IncidentCause }),
      causeDetail: causeDetail.trim() || null,
      ...(priority && { priority: priority as IncidentPriority }),
      ...(tlp && { tlp: tlp as Tlp }),
      seriousChecklist: Object.fromEntries(SERIOUS_ITEMS.map((k) => [k, !!checklist[k]])),
      assigneeId: assigneeId || null,
      team: team.trim() || null,
      confidential,
      accessUserIds: access.map((a) => a.id),
    };
    void action.run(async () => {
      onDone(await api.patch<IncidentDetail>(`/incidents/${i.id}/classification`, body));
      setSaved(true);
    });
  };

  const addPerson = (id: string) => {
    const p = options.find((o) => o.value === id);
    if (p && !access.some((a) => a.id === id)) setAccess([...access, { id, name: p.label }]);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="incident-classification">
      <div className="form__grid">
        <SelectField label={t('inc.cls.type')} value={type} onValue={setType} options={INCIDENT_TYPES.map((x) => ({ value: x, label: t(`inc.type.${x}`) }))} emptyLabel={t('common.choose')} hint={i.type ? undefined : t('inc.cls.firstTypeHint')} error={err('type')} testId="incident-cls-type" />
        <SelectField label={t('inc.cls.cause')} value={cause} onValue={setCause} options={CAUSES.map((x) => ({ value: x, label: t(`inc.cause.${x}`) }))} emptyLabel={t('common.choose')} error={err('cause')} testId="incident-cls-cause" />
        <TextField label={t('inc.cls.causeDetail')} value={causeDetail} onValue={setCauseDetail} maxLength={500} error={err('causeDetail')} className="span-2" testId="incident-cls-cause-detail" />
        <SelectField label={t('inc.cls.priority')} value={priority} onValue={setPriority} options={PRIORITIES.map((x) => ({ value: x, label: t(`inc.priority.${x}`) }))} emptyLabel={t('common.choose')} error={err('priority')} testId="incident-cls-priority" />
        <SelectField label={t('inc.cls.tlp')} value={tlp} onValue={setTlp} options={TLPS.map((x) => ({ value: x, label: t(`inc.tlp.${x}`) }))} emptyLabel={t('common.choose')} error={err('tlp')} testId="incident-cls-tlp" />
      </div>
      <fieldset className="inc-section inc-checklist" data-testid="incident-cls-checklist">
        <legend>{t('inc.cls.checklist')}</legend>
        <p className="field__hint">{t('inc.cls.checklistHint')}</p>
        <div className="inc-systems">
          {SERIOUS_ITEMS.map((k) => (
            <label key={k} className={`inc-choice${k === 'beyondOwnerCapacity' ? ' inc-choice--and' : ''}`}>
              <input type="checkbox" checked={!!checklist[k]} onChange={(e) => setChecklist({ ...checklist, [k]: e.target.checked })} data-testid={`incident-cls-${k}`} />
              <span>{t(`inc.cls.item.${k}`)}</span>
            </label>
          ))}
        </div>
        {err('seriousChecklist') && <p className="field__error">{err('seriousChecklist')}</p>}
        <SeriousResult events={detail.events} />
      </fieldset>
      <div className="form__grid">
        <SelectField label={t('inc.cls.assignee')} value={assigneeId} onValue={setAssigneeId} options={options} emptyLabel={t('inc.cls.nobody')} error={err('assigneeId')} testId="incident-cls-assignee" />
        <TextField label={t('inc.cls.team')} value={team} onValue={setTeam} maxLength={200} error={err('team')} testId="incident-cls-team" />
      </div>
      <CheckboxField label={t('inc.cls.confidential')} checked={confidential} onChecked={setConfidential} testId="incident-cls-confidential" />
      {confidential && (
        <div className="inc-access" data-testid="incident-cls-access">
          <span className="field__label">{t('inc.cls.access')}</span>
          <ul className="tags inc-access__list">
            {access.map((a) => (
              <li key={a.id} className="tag">
                {a.name}{' '}
                <button type="button" className="inc-access__remove" aria-label={t('inc.cls.remove', { name: a.name })} onClick={() => setAccess(access.filter((x) => x.id !== a.id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <SelectField label={t('inc.cls.accessAdd')} value="" onValue={addPerson} options={options.filter((o) => !access.some((a) => a.id === o.value))} emptyLabel={t('common.choose')} error={err('accessUserIds')} testId="incident-cls-access-add" />
        </div>
      )}
      <ErrorBanner error={action.error ?? people.error} placedFields={['type', 'cause', 'causeDetail', 'priority', 'tlp', 'seriousChecklist', 'assigneeId', 'team', 'accessUserIds']} />
      <div className="form__actions">
        {saved && !action.busy && (
          <span className="text-ok inc-saved" role="status" data-testid="incident-cls-saved">
            {t('inc.cls.saved')}
          </span>
        )}
        <button type="submit" className="btn btn--primary" disabled={action.busy} data-testid="incident-cls-save">
          {action.busy ? t('common.saving') : t('inc.cls.save')}
        </button>
      </div>
    </form>
  );
}
