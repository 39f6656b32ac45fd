import { useEffect, useRef, type ReactNode } from 'react';
import { api } from '../../api/api-client.ts';
import { DETECTION_METHODS, NOTIFIED_PARTIES, type DetectionMethod, type IncidentReportInput, type NotifiedParty } from '../../api/incident-types.ts';
import type { InformationSystem, Page } from '../../api/types.ts';
import { LevelBadge } from '../../components/badges.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../components/form-fields.tsx';
import { useT } from '../../i18n/use-t.ts';
import { useAsync } from '../../lib/use-async.ts';
import { AgencySelect } from '../agencies/agency-select.tsx';
import { useAgencyTree } from '../agencies/agency-tree-context.tsx';
import { isoToVnLocal, vnLocalToIso } from './incident-time.ts';
import { VnDateTimeField } from './vn-date-time-field.tsx';

/** The Mẫu 03 form's state: text inputs as strings, the choices as they are picked. */
export interface ReportDraft {
  agencyId: string;
  title: string;
  reporterAddress: string;
  reporterPhone: string;
  reporterEmail: string;
  contactName: string;
  contactTitle: string;
  contactPhone: string;
  contactEmail: string;
  operator: string;
  owner: string;
  systemIds: string[];
  systemName: string;
  description: string;
  detectedAt: string;
  handled: '' | 'yes' | 'no';
  detectionMethod: '' | DetectionMethod;
  detectionDetail: string;
  alreadyNotified: NotifiedParty[];
  alreadyNotifiedOther: string;
  os: string;
  services: string;
  measures: string;
  publicIps: string;
  domains: string;
  confidential: boolean;
  supportRequested: string;
}

/** Mandatory in Mẫu 03 (marked * on the form): checked here before anything is sent. */
const REQUIRED = ['agencyId', 'title', 'reporterEmail', 'contactName', 'contactPhone', 'operator', 'description', 'detectedAt', 'handled', 'detectionMethod'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Client-side check: the field → the key of its message. The conditional rules (who notified you…) are the server's. */
export function checkDraft(d: ReportDraft): Record<string, 'fieldMsg.required' | 'fieldMsg.email'> {
  const out: Record<string, 'fieldMsg.required' | 'fieldMsg.email'> = {};
  for (const f of REQUIRED) if (!String(d[f]).trim()) out[f] = 'fieldMsg.required';
  if (d.detectedAt && !vnLocalToIso(d.detectedAt)) out.detectedAt = 'fieldMsg.required';
  for (const f of ['reporterEmail', 'contactEmail'] as const) if (d[f].trim() && !EMAIL.test(d[f].trim())) out[f] = 'fieldMsg.email';
  return out;
}

/** The request body: optional fields left empty are not sent at all (the server checks their form when present). */
export function toReport(d: ReportDraft): IncidentReportInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    agencyId: d.agencyId,
    title: d.title.trim(),
    reporterAddress: opt(d.reporterAddress),
    reporterPhone: opt(d.reporterPhone),
    reporterEmail: d.reporterEmail.trim(),
    contactName: d.contactName.trim(),
    contactTitle: opt(d.contactTitle),
    contactPhone: d.contactPhone.trim(),
    contactEmail: opt(d.contactEmail),
    operator: d.operator.trim(),
    owner: opt(d.owner),
    systemIds: d.systemIds,
    systemName: opt(d.systemName),
    description: d.description.trim(),
    detectedAt: vnLocalToIso(d.detectedAt) ?? d.detectedAt,
    handled: d.handled === 'yes',
    detectionMethod: d.detectionMethod as DetectionMethod,
    detectionDetail: opt(d.detectionDetail),
    alreadyNotified: d.alreadyNotified,
    alreadyNotifiedOther: opt(d.alreadyNotifiedOther),
    os: opt(d.os),
    services: opt(d.services),
    measures: opt(d.measures),
    publicIps: opt(d.publicIps),
    domains: opt(d.domains),
    confidential: d.confidential,
    supportRequested: opt(d.supportRequested),
  };
}

interface Props {
  draft: ReportDraft;
  set<K extends keyof ReportDraft>(key: K, value: ReportDraft[K]): void;
  err(field: string): string | undefined;
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="inc-section" data-testid={testId}>
      <legend>{title}</legend>
      <div className="inc-section__body">{children}</div>
    </fieldset>
  );
}

function Choices<V extends string>({ name, options, value, onValue, label, error, testId }: { name: string; options: { value: V; label: string }[]; value: string; onValue(v: V): void; label: string; error?: string | undefined; testId: string }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`} role="radiogroup" aria-label={label} data-testid={testId}>
      <span className="field__label">
        {label}
        <span className="field__required" aria-hidden="true"> *</span>
      </span>
      <div className="inc-choices">
        {options.map((o) => (
          <label key={o.value} className="inc-choice">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onValue(o.value)} data-testid={`${testId}-${o.value}`} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The Mẫu 03 fields in the form's own sections, one column on a phone. */
export function IncidentReportFields({ draft, set, err }: Props) {
  const t = useT();
  const { byId } = useAgencyTree();
  const systems = useAsync(
    (signal) => (draft.agencyId ? api.get<Page<InformationSystem>>('/systems', { agencyId: draft.agencyId, includeSubAgencies: false, pageSize: 200 }, signal) : Promise.resolve(undefined)),
    `inc-systems:${draft.agencyId}`,
  );
  // A new agency fills its address, phone and intake e-mail where the reporter has typed nothing.
  const filledFor = useRef('');
  useEffect(() => {
    const a = byId.get(draft.agencyId);
    if (!a || filledFor.current === a.id) return;
    filledFor.current = a.id;
    if (!draft.reporterAddress && a.address) set('reporterAddress', a.address);
    if (!draft.reporterPhone && a.intakePhone) set('reporterPhone', a.intakePhone);
    if (!draft.reporterEmail && a.intakeEmail) set('reporterEmail', a.intakeEmail);
    if (!draft.operator) set('operator', a.name);
  }, [draft.agencyId, byId]);
  const list = systems.data?.items ?? [];
  const needsDetail = draft.detectionMethod === 'notified' || draft.detectionMethod === 'other';
  const text = (key: keyof ReportDraft & string, label: string, extra: { required?: boolean; type?: string; inputMode?: 'tel' | 'email'; autoComplete?: string; placeholder?: string; hint?: string; maxLength?: number } = {}) => (
    <TextField label={label} value={String(draft[key])} onValue={(v) => set(key, v as never)} error={err(key)} testId={`inc-${key}`} maxLength={extra.maxLength ?? 300} {...extra} />
  );
  const area = (key: keyof ReportDraft & string, label: string, rows = 3, extra: { required?: boolean; hint?: string } = {}) => (
    <TextAreaField label={label} value={String(draft[key])} onValue={(v) => set(key, v as never)} rows={rows} error={err(key)} testId={`inc-${key}`} {...extra} />
  );
  return (
    <>
      <Section title={t('inc.form.sec.reporter')} testId="inc-sec-reporter">
        <AgencySelect label={t('inc.form.agency')} value={draft.agencyId} onValue={(v) => set('agencyId', v)} required emptyLabel={t('common.choose')} error={err('agencyId')} testId="inc-agencyId" />
        {text('reporterAddress', t('inc.form.reporterAddress'), { autoComplete: 'street-address', maxLength: 500 })}
        {text('reporterPhone', t('inc.form.reporterPhone'), { type: 'tel', inputMode: 'tel', autoComplete: 'tel', maxLength: 40 })}
        {text('reporterEmail', t('inc.form.reporterEmail'), { required: true, type: 'email', inputMode: 'email', autoComplete: 'email', maxLength: 254 })}
      </Section>
      <Section title={t('inc.form.sec.contact')} testId="inc-sec-contact">
        {text('contactName', t('inc.form.contactName'), { required: true, autoComplete: 'name', maxLength: 200 })}
        {text('contactTitle', t('inc.form.contactTitle'), { autoComplete: 'organization-title', maxLength: 200 })}
        {text('contactPhone', t('inc.form.contactPhone'), { required: true, type: 'tel', inputMode: 'tel', autoComplete: 'tel', maxLength: 40 })}
        {text('contactEmail', t('inc.form.contactEmail'), { type: 'email', inputMode: 'email', autoComplete: 'email', maxLength: 254 })}
      </Section>
      <Section title={t('inc.form.sec.system')} testId="inc-sec-system">
        {text('operator', t('inc.form.operator'), { required: true })}
        {text('owner', t('inc.form.owner'))}
        <fieldset className="checkbox-group">
          <legend className="field__label">{t('inc.form.systems')}</legend>
          {list.length === 0 ? (
            <p className="field__hint">{draft.agencyId && !systems.loading ? t('inc.form.systemsNone') : ''}</p>
          ) : (
            <div className="inc-systems">
              {list.map((s) => (
                <label key={s.id} className="inc-choice">
                  <input
                    type="checkbox"
                    checked={draft.systemIds.includes(s.id)}
                    onChange={(e) => set('systemIds', e.target.checked ? [...draft.systemIds, s.id] : draft.systemIds.filter((x) => x !== s.id))}
                    data-testid="inc-system"
                    data-name={s.name}
                  />
                  <span>
                    {s.name} <LevelBadge level={s.securityLevel} />
                  </span>
                </label>
              ))}
            </div>
          )}
          {list.length > 0 && <p className="field__hint">{t('inc.form.systemsHint')}</p>}
          {err('systemIds') && <p className="field__error">{err('systemIds')}</p>}
        </fieldset>
        {text('systemName', t('inc.form.systemName'))}
      </Section>
      <Section title={t('inc.form.sec.description')} testId="inc-sec-description">
        {text('title', t('inc.form.incidentTitle'), { required: true, placeholder: t('inc.form.incidentTitlePlaceholder') })}
        {area('description', t('inc.form.description'), 5, { required: true, hint: t('inc.form.descriptionHint') })}
      </Section>
      <Section title={t('inc.form.sec.detection')} testId="inc-sec-detection">
        <VnDateTimeField label={t('inc.form.detectedAt')} value={draft.detectedAt} onValue={(v) => set('detectedAt', v)} max={isoToVnLocal(Date.now())} required hint={t('inc.form.detectedAtHint')} error={err('detectedAt')} testId="inc-detectedAt" />
        <Choices
          name="inc-method"
          label={t('inc.form.method')}
          options={DETECTION_METHODS.map((m) => ({ value: m, label: t(`inc.method.${m}`) }))}
          value={draft.detectionMethod}
          onValue={(v) => set('detectionMethod', v)}
          error={err('detectionMethod')}
          testId="inc-method"
        />
        <TextField
          label={t('inc.form.detectionDetail')}
          value={draft.detectionDetail}
          onValue={(v) => set('detectionDetail', v)}
          required={needsDetail}
          hint={t('inc.form.detectionDetailHint')}
          error={err('detectionDetail')}
          maxLength={500}
          testId="inc-detectionDetail"
        />
      </Section>
      <Section title={t('inc.form.sec.status')} testId="inc-sec-status">
        <Choices
          name="inc-handled"
          label={t('inc.form.handled')}
          options={[
            { value: 'yes', label: t('inc.handled.yes') },
            { value: 'no', label: t('inc.handled.no') },
          ]}
          value={draft.handled}
          onValue={(v) => set('handled', v)}
          error={err('handled')}
          testId="inc-handled"
        />
      </Section>
      <Section title={t('inc.form.sec.notified')} testId="inc-sec-notified">
        <div className="inc-systems" role="group" aria-label={t('inc.form.sec.notified')}>
          {NOTIFIED_PARTIES.map((p) => (
            <label key={p} className="inc-choice">
              <input
                type="checkbox"
                checked={draft.alreadyNotified.includes(p)}
                onChange={(e) => set('alreadyNotified', e.target.checked ? [...draft.alreadyNotified, p] : draft.alreadyNotified.filter((x) => x !== p))}
                data-testid={`inc-notified-${p}`}
              />
              <span>{t(`inc.notified.${p}`)}</span>
            </label>
          ))}
        </div>
        <p className="field__hint">{t('inc.form.notifiedHint')}</p>
        {err('alreadyNotified') && <p className="field__error">{err('alreadyNotified')}</p>}
        {text('alreadyNotifiedOther', t('inc.form.notifiedOther'), { maxLength: 500 })}
      </Section>
      <Section title={t('inc.form.sec.technical')} testId="inc-sec-technical">
        {text('os', t('inc.form.os'), { maxLength: 500 })}
        {area('services', t('inc.form.services'), 2)}
        {area('measures', t('inc.form.measures'), 2)}
        {area('publicIps', t('inc.form.publicIps'), 2)}
        {area('domains', t('inc.form.domains'), 2)}
      </Section>
      <Section title={t('inc.form.sec.confidential')} testId="inc-sec-confidential">
        <CheckboxField label={t('inc.form.confidential')} checked={draft.confidential} onChecked={(v) => set('confidential', v)} hint={t('inc.form.confidentialHint')} testId="inc-confidential" />
      </Section>
      <Section title={t('inc.form.sec.support')} testId="inc-sec-support">
        {area('supportRequested', t('inc.form.support'), 3)}
      </Section>
    </>
  );
}
